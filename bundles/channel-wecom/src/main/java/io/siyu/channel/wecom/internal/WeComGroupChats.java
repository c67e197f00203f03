package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.GroupChats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** WeCom customer group chats: {@code groupchat/list} (cursor paging) and {@code groupchat/get}. */
final class WeComGroupChats implements GroupChats {
    private final WeComCalls calls;

    WeComGroupChats(WeComCalls calls) {
        this.calls = calls;
    }

    @Override
    public Page list(Integer status, List<String> ownerUserIds, String cursor, int limit) {
        ObjectNode body = calls.api().mapper().createObjectNode();
        if (status != null) {
            body.put("status_filter", status);
        }
        if (ownerUserIds != null && !ownerUserIds.isEmpty()) {
            ArrayNode owners = body.putObject("owner_filter").putArray("userid_list");
            ownerUserIds.forEach(owners::add);
        }
        if (cursor != null && !cursor.isEmpty()) {
            body.put("cursor", cursor);
        }
        body.put("limit", Math.max(1, Math.min(MAX_LIMIT, limit)));
        JsonNode answer = calls.post("/externalcontact/groupchat/list", body);
        List<Summary> chats = new ArrayList<>();
        answer.path("group_chat_list").forEach(c -> chats.add(new Summary(c.path("chat_id").asText(),
                c.path("status").asInt(0))));
        return new Page(chats, WeComCalls.blankToNull(answer.path("next_cursor").asText("")));
    }

    @Override
    public GroupChat get(String chatId) {
        ObjectNode body = calls.api().mapper().createObjectNode();
        body.put("chat_id", chatId);
        body.put("need_name", 1);
        JsonNode chat = calls.post("/externalcontact/groupchat/get", body).path("group_chat");
        List<Member> members = new ArrayList<>();
        for (JsonNode m : chat.path("member_list")) {
            members.add(new Member(m.path("userid").asText(), m.path("type").asInt(0),
                    seconds(m.path("join_time").asLong(0)), m.path("join_scene").asInt(0),
                    WeComCalls.blankToNull(m.path("unionid").asText(""))));
        }
        return new GroupChat(chat.path("chat_id").asText(chatId), chat.path("name").asText(""),
                chat.path("owner").asText(""), seconds(chat.path("create_time").asLong(0)),
                WeComCalls.blankToNull(chat.path("notice").asText("")), members);
    }

    private static Instant seconds(long s) {
        return s == 0 ? null : Instant.ofEpochSecond(s);
    }
}
