package io.siyu.api.channel;

import io.siyu.api.SiyuException;

/**
 * A provider call made on an operator's behalf (create a channel code, sync tags) failed. Carries
 * the provider's code and message so the operator sees what the provider said.
 */
public class ChannelCallException extends SiyuException {
    private static final long serialVersionUID = 1L;
    private final String channel;
    private final String providerCode;
    private final boolean transientFailure;

    public ChannelCallException(String channel, String providerCode, String message, boolean transientFailure) {
        super(channel + ": " + (providerCode == null ? "" : providerCode + " ") + message);
        this.channel = channel;
        this.providerCode = providerCode;
        this.transientFailure = transientFailure;
    }

    public String channel() {
        return channel;
    }

    /** e.g. {@code 48002}; null for transport failures. */
    public String providerCode() {
        return providerCode;
    }

    /** Whether trying again later may succeed (busy, rate limited, unreachable). */
    public boolean isTransient() {
        return transientFailure;
    }
}
