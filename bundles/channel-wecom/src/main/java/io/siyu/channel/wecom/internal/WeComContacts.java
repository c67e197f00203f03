package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.ExternalContacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WeCom external contacts: {@code get_follow_user_list}, {@code list?userid=} per staff member and
 * {@code get?external_userid=} (paged by {@code cursor} when a contact has many follow users).
 */
final class WeComContacts implements ExternalContacts {
    /** What {@code externalcontact/get} answers for a contact the corp does not have (any more). */
    static final String NOT_A_CONTACT = "84061";

    private final WeComCalls calls;
    private final String corpId;

    WeComContacts(WeComCalls calls, String corpId) {
        this.calls = calls;
        this.corpId = corpId;
    }

    @Override
    public String namespace() {
        return corpId;
    }

    @Override
    public List<String> followUsers() {
        List<String> users = new ArrayList<>();
        calls.get("/externalcontact/get_follow_user_list", Map.of()).path("follow_user").forEach(u -> users.add(u.asText()));
        return users;
    }

    @Override
    public List<String> contactsOf(String staffUserId) {
        List<String> ids = new ArrayList<>();
        try {
            calls.get("/externalcontact/list", Map.of("userid", staffUserId)).path("external_userid")
                    .forEach(u -> ids.add(u.asText()));
        } catch (ChannelCallException e) {
            if (!NOT_A_CONTACT.equals(e.providerCode())) {
                throw e;
            }
        }
        return ids;
    }

    @Override
    public Optional<Contact> contact(String externalUserId) {
        List<Follow> follows = new ArrayList<>();
        JsonNode contact = null;
        String cursor = "";
        do {
            JsonNode body;
            try {
                body = calls.get("/externalcontact/get", cursor.isEmpty() ? Map.of("external_userid", externalUserId)
                        : Map.of("external_userid", externalUserId, "cursor", cursor));
            } catch (ChannelCallException e) {
                if (NOT_A_CONTACT.equals(e.providerCode())) {
                    return Optional.empty();
                }
                throw e;
            }
            contact = body.path("external_contact");
            for (JsonNode f : body.path("follow_user")) {
                List<String> tags = new ArrayList<>();
                f.path("tags").forEach(t -> {
                    // type 1 is a corp tag; personal (2) and rule (3) tags have no corp id
                    if (t.path("type").asInt(1) == 1 && !t.path("tag_id").asText("").isEmpty()) {
                        tags.add(t.path("tag_id").asText());
                    }
                });
                long created = f.path("createtime").asLong(0);
                follows.add(new Follow(f.path("userid").asText(), WeComCalls.blankToNull(f.path("remark").asText("")),
                        created == 0 ? null : Instant.ofEpochSecond(created),
                        WeComCalls.blankToNull(f.path("state").asText("")), tags));
            }
            cursor = body.path("next_cursor").asText("");
        } while (!cursor.isEmpty());
        String name = contact.path("name").asText("");
        return Optional.of(new Contact(externalUserId, name, WeComCalls.blankToNull(contact.path("unionid").asText("")),
                follows));
    }
}
