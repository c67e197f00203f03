package io.siyu.channel.kit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A callback that passed {@link CallbackGuard}: its message fields (decrypted when the account
 * uses encryption, as {@link SafeXml#parse(String)} flattens them) and the timestamp and nonce it
 * was signed with, which {@link CallbackGuard#release} needs.
 */
public record VerifiedCallback(Map<String, String> fields, String timestamp, String nonce) {
    public VerifiedCallback {
        // keeps the document order, which helps when a message is shown or logged by field name
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(nonce, "nonce");
    }

    /** A field such as {@code MsgType} or {@code Event}; null when absent. */
    public String field(String name) {
        return fields.get(name);
    }

    @Override
    public String toString() {
        // the values are customer messages and ids: the names are enough for logs
        return "VerifiedCallback[" + field("MsgType") + "/" + field("Event") + " fields=" + fields.keySet() + "]";
    }
}
