package io.siyu.api.channel;

import io.siyu.api.customer.IdentityType;
import java.util.Objects;

/**
 * The kind of customer identity a channel account addresses: WeCom external_userid of its corp,
 * official-account openid of its app id, phone numbers for SMS, e-mail addresses. Planners use it to
 * tell who can be reached on the account before anything is sent.
 *
 * @param namespace the corp id or app id for scoped types, empty otherwise
 */
public record RecipientScope(IdentityType type, String namespace) {
    public RecipientScope {
        Objects.requireNonNull(type, "type");
        namespace = namespace == null ? "" : namespace;
        if (type.scoped() && namespace.isBlank()) {
            throw new IllegalArgumentException(type.code() + " identities need a namespace (corp id or app id)");
        }
    }
}
