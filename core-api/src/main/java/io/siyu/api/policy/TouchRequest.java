package io.siyu.api.policy;

import io.siyu.api.channel.MessageKind;
import java.time.Instant;
import java.util.Objects;

/**
 * A touch that someone wants to make: this customer, on this channel account, by this kind of
 * message, at this time (which may be in the future, for planned sends).
 *
 * @param scenario required by the policy for proactive {@link MessageKind#DIRECT} messages; may be null otherwise
 */
public record TouchRequest(long customerId, String channelType, String channelAccount, MessageKind kind,
        TouchScenario scenario, Instant at) {
    public TouchRequest {
        if (channelType == null || channelType.isBlank() || channelAccount == null || channelAccount.isBlank()) {
            throw new IllegalArgumentException("channelType and channelAccount are required");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }
}
