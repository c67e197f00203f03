package io.siyu.api.channel;

import io.siyu.api.customer.ChannelIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the provider said to one {@link ChannelAdapter#send}. There is no "token expired" outcome:
 * adapters refresh and retry once themselves, and report a transient failure if that fails too.
 */
public sealed interface SendResult {

    /**
     * The provider took the message.
     *
     * @param providerMessageId the provider's id for later status reports; null if it gives none
     * @param rejectedRecipients recipients the provider refused inside an accepted call (WeCom
     *        {@code fail_list}, e.g. not a friend); they are failed, the rest proceed
     */
    record Accepted(String providerMessageId, List<ChannelIdentity> rejectedRecipients) implements SendResult {
        public Accepted {
            rejectedRecipients = rejectedRecipients == null ? List.of() : List.copyOf(rejectedRecipients);
        }

        public static Accepted of(String providerMessageId) {
            return new Accepted(providerMessageId, List.of());
        }
    }

    /**
     * Worth trying again: busy, rate limited, HTTP 5xx, timeout.
     *
     * @param providerCode e.g. {@code 45009}; null for transport failures
     * @param retryAfter the provider's block window if known; null lets the outbox back off on its own
     */
    record TransientFailure(String providerCode, String message, Duration retryAfter) implements SendResult {
        public TransientFailure {
            Objects.requireNonNull(message, "message");
            if (retryAfter != null && retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
        }
    }

    /** Trying again cannot help (bad recipient, no permission, consent gone); recorded as is. */
    record PermanentFailure(String providerCode, String message) implements SendResult {
        public PermanentFailure {
            Strings.requireText(providerCode, "providerCode");
            Objects.requireNonNull(message, "message");
        }
    }
}
