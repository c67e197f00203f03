package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.CustomerTransfers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WeCom 客户继承: {@code transfer_customer} (在职) and {@code resigned/transfer_customer} (离职),
 * {@value #MAX_PER_CALL} contacts per call, and their {@code transfer_result}s; departed owners' group
 * chats through {@code groupchat/transfer}.
 */
final class WeComTransfers implements CustomerTransfers {
    private final WeComCalls calls;

    WeComTransfers(WeComCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<Outcome> transfer(boolean resigned, String handoverUserId, String takeoverUserId,
            List<String> externalUserIds, String message) {
        if (externalUserIds.size() > MAX_PER_CALL) {
            throw new ValidationException(FieldError.of("externalUserIds", "at most " + MAX_PER_CALL + " per call"));
        }
        ObjectNode body = calls.api().mapper().createObjectNode();
        body.put("handover_userid", handoverUserId);
        body.put("takeover_userid", takeoverUserId);
        ArrayNode ids = body.putArray("external_userid");
        externalUserIds.forEach(ids::add);
        if (!resigned && message != null && !message.isBlank()) {
            body.put("transfer_success_msg", message);
        }
        JsonNode answer = calls.post(resigned ? "/externalcontact/resigned/transfer_customer"
                : "/externalcontact/transfer_customer", body);
        Map<String, Integer> codes = new HashMap<>();
        answer.path("customer").forEach(c -> codes.put(c.path("external_userid").asText(), c.path("errcode").asInt(0)));
        List<Outcome> outcomes = new ArrayList<>();
        // a contact the answer leaves out was not taken; -1 says so without inventing a provider code
        externalUserIds.forEach(id -> outcomes.add(new Outcome(id, codes.getOrDefault(id, -1))));
        return outcomes;
    }

    @Override
    public List<Outcome> transferGroupChats(List<String> chatIds, String newOwnerUserId) {
        if (chatIds.size() > MAX_PER_CALL) {
            throw new ValidationException(FieldError.of("groupChatIds", "at most " + MAX_PER_CALL + " per call"));
        }
        ObjectNode body = calls.api().mapper().createObjectNode();
        ArrayNode ids = body.putArray("chat_id_list");
        chatIds.forEach(ids::add);
        body.put("new_owner", newOwnerUserId);
        JsonNode answer = calls.post("/externalcontact/groupchat/transfer", body);
        Map<String, Integer> failed = new HashMap<>();
        answer.path("failed_chat_list").forEach(c -> failed.put(c.path("chat_id").asText(), c.path("errcode").asInt(-1)));
        List<Outcome> outcomes = new ArrayList<>();
        chatIds.forEach(id -> outcomes.add(new Outcome(id, failed.getOrDefault(id, 0))));
        return outcomes;
    }

    @Override
    public List<Status> results(boolean resigned, String handoverUserId, String takeoverUserId) {
        List<Status> statuses = new ArrayList<>();
        String cursor = "";
        do {
            ObjectNode body = calls.api().mapper().createObjectNode();
            body.put("handover_userid", handoverUserId);
            body.put("takeover_userid", takeoverUserId);
            if (!cursor.isEmpty()) {
                body.put("cursor", cursor);
            }
            JsonNode answer = calls.post(resigned ? "/externalcontact/resigned/transfer_result"
                    : "/externalcontact/transfer_result", body);
            answer.path("customer").forEach(c -> {
                long at = c.path("takeover_time").asLong(0);
                statuses.add(new Status(c.path("external_userid").asText(), c.path("status").asInt(0),
                        at == 0 ? null : Instant.ofEpochSecond(at)));
            });
            cursor = answer.path("next_cursor").asText("");
        } while (!cursor.isEmpty());
        return statuses;
    }
}
