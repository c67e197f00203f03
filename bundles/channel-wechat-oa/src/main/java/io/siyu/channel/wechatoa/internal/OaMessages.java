package io.siyu.channel.wechatoa.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.MessageContent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The request bodies of the Official Account's message APIs. */
final class OaMessages {
    /** The platform's limit on {@code client_msg_id} / {@code clientmsgid}. */
    static final int MAX_CLIENT_MSG_ID = 64;
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_.:#-]{1," + MAX_CLIENT_MSG_ID + "}");

    private OaMessages() {
    }

    /**
     * {@code message/template/send}: {@code {"touser","template_id","url","miniprogram":{"appid","pagepath"},
     * "client_msg_id","data":{"key":{"value"}}}}. Data keys go out sorted, so the same message is the
     * same request.
     */
    static ObjectNode template(ObjectMapper mapper, String openid, MessageContent.Template t, String clientMsgId) {
        ObjectNode body = mapper.createObjectNode();
        body.put("touser", openid);
        body.put("template_id", t.templateId());
        if (t.url() != null && !t.url().isBlank()) {
            body.put("url", t.url());
        }
        if (t.miniProgram() != null) {
            ObjectNode mini = body.putObject("miniprogram");
            mini.put("appid", t.miniProgram().appId());
            mini.put("pagepath", t.miniProgram().page());
        }
        if (clientMsgId != null) {
            body.put("client_msg_id", clientMsgId);
        }
        ObjectNode data = body.putObject("data");
        for (Map.Entry<String, String> e : new TreeMap<>(t.data()).entrySet()) {
            data.putObject(e.getKey()).put("value", e.getValue() == null ? "" : e.getValue());
        }
        return body;
    }

    /** {@code message/mass/sendall} of a text to the followers carrying {@code tagId}. */
    static ObjectNode massText(ObjectMapper mapper, long tagId, String text, String clientMsgId) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode filter = body.putObject("filter");
        filter.put("is_to_all", false);
        filter.put("tag_id", tagId);
        body.put("msgtype", "text");
        body.putObject("text").put("content", text);
        if (clientMsgId != null) {
            body.put("clientmsgid", clientMsgId);
        }
        return body;
    }

    /**
     * The platform's duplicate guard for a send: the idempotency key itself when it is short and
     * plain, else {@code siyu-} and a digest of it (the platform allows 64 bytes).
     */
    static String clientMsgId(String idempotencyKey) {
        if (PLAIN_ID.matcher(idempotencyKey).matches()) {
            return idempotencyKey;
        }
        return "siyu-" + hex(sha256(idempotencyKey), 24);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The first {@code bytes} bytes as lower-case hex. */
    static String hex(byte[] digest, int bytes) {
        StringBuilder out = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            out.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
        }
        return out.toString();
    }
}
