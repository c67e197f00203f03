package io.siyu.api.channel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** What to answer a provider callback with. */
public record CallbackResponse(int status, String contentType, byte[] body) {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String XML = "application/xml; charset=utf-8";
    /** @since 1.2 */
    public static final String HTML = "text/html; charset=utf-8";
    /** @since 1.2 */
    public static final String JSON = "application/json; charset=utf-8";

    public CallbackResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? new byte[0] : body.clone();
    }

    /** 200 with an empty body: WeChat and WeCom take it as "received, no reply". */
    public static CallbackResponse empty() {
        return text("");
    }

    /** 200 with plain text, e.g. the decrypted echostr of a URL verification. */
    public static CallbackResponse text(String text) {
        return new CallbackResponse(200, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with an XML reply, e.g. an encrypted passive reply. */
    public static CallbackResponse xml(String xml) {
        return new CallbackResponse(200, XML, xml.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallbackResponse r && status == r.status && contentType.equals(r.contentType)
                && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, contentType, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "CallbackResponse[" + status + " " + contentType + " " + body.length + " bytes]";
    }
}
