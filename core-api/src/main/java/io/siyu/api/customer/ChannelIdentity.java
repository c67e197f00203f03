package io.siyu.api.customer;

import java.util.Objects;

/**
 * One identity of a customer on one channel. {@code namespace} is the corp id or app id for scoped
 * types and empty otherwise, so that (type, namespace, value) is unique across all customers.
 */
public record ChannelIdentity(IdentityType type, String namespace, String value) {
    public ChannelIdentity {
        Objects.requireNonNull(type, "type");
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(value, "value");
    }

    public static ChannelIdentity of(IdentityType type, String value) {
        return new ChannelIdentity(type, "", value);
    }

    public static ChannelIdentity scoped(IdentityType type, String namespace, String value) {
        return new ChannelIdentity(type, namespace, value);
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? type.code() + ":" + value : type.code() + ":" + namespace + ":" + value;
    }
}
