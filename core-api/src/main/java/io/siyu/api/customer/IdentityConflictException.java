package io.siyu.api.customer;

import io.siyu.api.ConflictException;

/**
 * A create or update named an identity another customer holds. Profiles are never merged silently
 * on create or update; linking the identity ({@link IdentityService#link}) merges them explicitly.
 */
public class IdentityConflictException extends ConflictException {
    private static final long serialVersionUID = 1L;
    private final transient ChannelIdentity identity;
    private final long ownerId;

    public IdentityConflictException(ChannelIdentity identity, long ownerId) {
        super("identity " + identity + " already belongs to customer " + ownerId);
        this.identity = identity;
        this.ownerId = ownerId;
    }

    public ChannelIdentity identity() {
        return identity;
    }

    public long ownerId() {
        return ownerId;
    }
}
