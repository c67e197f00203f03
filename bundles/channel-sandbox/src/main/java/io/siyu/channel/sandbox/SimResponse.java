package io.siyu.channel.sandbox;

import java.nio.charset.StandardCharsets;

/** What a simulator answers: status, content type and body bytes. */
public record SimResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public SimResponse {
        body = body == null ? new byte[0] : body;
    }

    public static SimResponse json(int status, String json) {
        return new SimResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse text(int status, String text) {
        return new SimResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
