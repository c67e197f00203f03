package io.siyu.api.policy;

import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.org.Caller;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Messages that people and integrations queue by hand ({@code POST /messages}, 1:1 sends): the
 * touch policy checks every recipient first, as it does for SOP actions and mass sends, and the
 * message is queued only when every recipient is allowed. Nothing is queued otherwise, so the
 * caller can fix the message or wait and send it again under the same idempotency key.
 *
 * <p>A send under a key the outbox already holds is a retry: it returns the stored entry without
 * checking again (the first send's touch is already counted against the quota).
 *
 * @since 1.3
 */
@ProviderType
public interface CheckedSends {
    /**
     * Checks and queues. Each recipient must be a known customer the caller may see (consent and
     * quotas are kept per customer) and the caller needs {@code customer.write}; group messages are
     * checked against quiet hours.
     *
     * @param notBefore when to send; null for now. The policy is asked about that time.
     * @throws TouchBlockedException when the policy blocks any recipient; nothing is queued
     * @throws io.siyu.api.ValidationException for an unknown recipient or a malformed message
     */
    OutboxEntry send(Caller caller, OutboundMessage message, Instant notBefore);

    /**
     * Queues without asking the policy: administrators only (operations tests, replays after an
     * incident), with the reason recorded in the audit log before the message is stored (so an
     * attempt the outbox then refuses as malformed is on record too). The outbox still refuses at
     * delivery what a customer opted out of.
     *
     * @throws io.siyu.api.ForbiddenException for anyone but an administrator
     * @throws io.siyu.api.ValidationException without a reason
     */
    OutboxEntry sendUnchecked(Caller caller, OutboundMessage message, Instant notBefore, String reason);
}
