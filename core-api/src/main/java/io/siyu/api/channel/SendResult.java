package io.siyu.api.channel;

import io.siyu.api.customer.ChannelIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
     * @param recipientResults what the provider said per recipient, where it answers per recipient
     *        (see {@link #perRecipient}); empty otherwise. Since 1.2.
     */
    record Accepted(String providerMessageId, List<ChannelIdentity> rejectedRecipients,
            Map<ChannelIdentity, SendResult> recipientResults) implements SendResult {
        public Accepted {
            rejectedRecipients = rejectedRecipients == null ? List.of() : List.copyOf(rejectedRecipients);
            recipientResults = recipientResults == null ? Map.of() : Map.copyOf(recipientResults);
            for (SendResult r : recipientResults.values()) {
                if (r instanceof Accepted a && !a.recipientResults().isEmpty()) {
                    throw new IllegalArgumentException("a recipient's result has no recipients of its own");
                }
            }
        }

        /** The form of 1.1: one answer for the whole call, and the recipients it refused. */
        public Accepted(String providerMessageId, List<ChannelIdentity> rejectedRecipients) {
            this(providerMessageId, rejectedRecipients, Map.of());
        }

        public static Accepted of(String providerMessageId) {
            return new Accepted(providerMessageId, List.of());
        }

        /**
         * A call the provider answered recipient by recipient (SMS {@code SendStatusSet}). Each
         * recipient's result says: {@code Accepted} with its own provider id (the id later status
         * reports name), {@code PermanentFailure} with the provider's code (that recipient failed),
         * or {@code TransientFailure} (only that recipient is tried again later). Recipients without
         * an entry count as accepted under {@code providerMessageId}.
         *
         * @since 1.2
         */
        public static Accepted perRecipient(String providerMessageId, Map<ChannelIdentity, SendResult> results) {
            return new Accepted(providerMessageId, List.of(), results);
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
