package io.siyu.store;

import io.siyu.api.channel.DeliveryState;
import io.siyu.api.customer.ChannelIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outbox tables (schema version 11). Core decides what to send and when; this repository keeps
 * the states consistent under concurrency: claims are leases taken by compare-and-set, and a final
 * state is never overwritten.
 */
public interface OutboxRepository {
    /** The chunk number of a group message, which has no recipient rows. */
    int GROUP_CHUNK = -1;

    /** Stores a new message with its recipients as QUEUED; if the key is taken, returns the stored one unchanged. */
    StoredOutboxMessage insert(NewOutboxMessage message);

    Optional<StoredOutboxMessage> find(String idempotencyKey);

    Optional<StoredOutboxMessage> find(long id);

    /**
     * Newest first.
     *
     * @param channelType null for all; {@code channelAccount} null for all accounts of the type
     */
    List<StoredOutboxMessage> list(String channelType, String channelAccount, Set<DeliveryState> states, int offset,
            int limit);

    long count(String channelType, String channelAccount, Set<DeliveryState> states);

    /** Idempotency keys of the messages whose key starts with {@code prefix} (a mass send's), in order. */
    List<String> keysStartingWith(String prefix);

    /**
     * Recipients of the messages whose key starts with {@code prefix}, counted per state, and the
     * failed ones per error code (key {@code "FAILED:<code>"}).
     */
    Map<String, Long> recipientCounts(String prefix);

    List<OutboxRecipient> recipients(long messageId, int offset, int limit);

    /** Recipients of the message in one state, in position order. */
    List<OutboxRecipient> recipientsIn(long messageId, DeliveryState state, int limit);

    /** Per channel: queued, sending and failed counts, and the oldest queued message's creation time. */
    List<OutboxChannelDepth> depth();

    /**
     * Leases up to {@code max} messages of the given channels ("type/account") to {@code owner}: queued
     * ones that are due, and sending ones whose lease ran out (their node died mid-send). Marks them
     * SENDING. Oldest due first; each message goes to one owner only, also across nodes.
     */
    List<Long> claim(Set<String> channelKeys, Instant now, String owner, Instant leaseUntil, int max);

    /** Extends a lease still held; false if it was lost (expired and taken by another owner). */
    boolean renew(long messageId, String owner, Instant leaseUntil);

    /**
     * Records that one provider call is about to be made for the QUEUED recipients at positions
     * {@code first..last} (they become SENDING in chunk {@code first}), so a crash during it is found
     * again; counts an attempt. A group message (no recipients) passes {@link #GROUP_CHUNK}.
     *
     * @return how many recipients the call covers
     */
    int callStarted(long messageId, int first, int last, Instant at);

    /** The provider accepted the call: the chunk's recipients are SENT, except {@code rejected} (identity → code, message). */
    default void callAccepted(long messageId, int chunk, String providerMessageId,
            Map<ChannelIdentity, String[]> rejected, Instant at) {
        callAccepted(messageId, chunk, providerMessageId, rejected, Map.of(), Set.of(), at);
    }

    /**
     * {@link #callAccepted(long, int, String, Map, Instant)} for a provider that answers per recipient
     * (SMS): {@code recipientIds} are the recipients' own provider ids, which later status reports
     * name; {@code retry} go back to QUEUED (not in any chunk) to be sent again later.
     */
    void callAccepted(long messageId, int chunk, String providerMessageId, Map<ChannelIdentity, String[]> rejected,
            Map<ChannelIdentity, String> recipientIds, Set<ChannelIdentity> retry, Instant at);

    /** The provider refused the call for good: the chunk's recipients (or the group message) are FAILED. */
    void callFailed(long messageId, int chunk, String errorCode, String errorMessage, Instant at);

    /**
     * {@link #callStarted} for several messages that each go out in one call (all their recipients, or
     * a group message), in one transaction: chunk 0 for messages with recipients.
     */
    void callsStarted(List<Long> messageIds, Instant at);

    /**
     * The outcome of one call that carried a whole message, settled together with the end of the lease.
     *
     * @param result SENT (accepted), FAILED (refused for good) or QUEUED (transient: wait until
     *        {@code nextAttemptAt}, or fail for good if {@code giveUp}). SENT with {@code retry}
     *        recipients waits until {@code nextAttemptAt} for them, with the error given.
     * @param outcomeUnknown for QUEUED: the call may have reached the provider (timeout, broken
     *        connection), so the chunk stays SENDING and is checked with the provider before it goes again
     */
    record CallOutcome(long messageId, int chunk, DeliveryState result, String providerMessageId,
            Map<ChannelIdentity, String[]> rejected, String errorCode, String errorMessage, Instant nextAttemptAt,
            boolean giveUp, boolean outcomeUnknown, Map<ChannelIdentity, String> recipientIds,
            Set<ChannelIdentity> retry) {
        public CallOutcome {
            recipientIds = recipientIds == null ? Map.of() : recipientIds;
            retry = retry == null ? Set.of() : retry;
        }

        public CallOutcome(long messageId, int chunk, DeliveryState result, String providerMessageId,
                Map<ChannelIdentity, String[]> rejected, String errorCode, String errorMessage, Instant nextAttemptAt,
                boolean giveUp, boolean outcomeUnknown) {
            this(messageId, chunk, result, providerMessageId, rejected, errorCode, errorMessage, nextAttemptAt, giveUp,
                    outcomeUnknown, Map.of(), Set.of());
        }
    }

    /** Settles calls made after {@link #callsStarted} and releases their messages, in one transaction. */
    void callsSettled(List<CallOutcome> outcomes, String owner, Instant at);

    /** Puts a chunk found SENDING after a crash back in the queue, because the send did not happen. */
    void requeue(long messageId, int chunk, Instant at);

    /**
     * Ends this owner's lease. With recipients (or, for a group message, the message itself) still
     * queued the message waits again until {@code nextAttemptAt}, with the last error; otherwise it
     * takes the state its recipients add up to (SENT, or FAILED when none went out).
     */
    default StoredOutboxMessage release(long messageId, String owner, Instant nextAttemptAt, String errorCode,
            String errorMessage, Instant at) {
        return release(messageId, owner, nextAttemptAt, errorCode, errorMessage, at, false);
    }

    /** {@link #release}, keeping a group message's call marked as in flight when its outcome is unknown. */
    StoredOutboxMessage release(long messageId, String owner, Instant nextAttemptAt, String errorCode,
            String errorMessage, Instant at, boolean outcomeUnknown);

    /** Gives up on the message (retries exhausted): everything not yet sent is FAILED with the reason. */
    StoredOutboxMessage giveUp(long messageId, String owner, String errorCode, String errorMessage, Instant at);

    /** FAILED → QUEUED (failed recipients too), due now. Empty if there is no such key; false if it had not failed. */
    Optional<Boolean> retry(String idempotencyKey, Instant at);

    /** QUEUED → CANCELLED with its waiting recipients. Empty if there is no such key; false if it was not queued. */
    Optional<Boolean> cancel(String idempotencyKey, Instant at);

    /**
     * Applies a provider report to the message named by key or provider id, and to one recipient if
     * given. Final states stay; the message moves to the state its recipients add up to.
     *
     * @return false if no message matches
     */
    boolean report(String idempotencyKey, String channelType, String channelAccount, String providerMessageId,
            ChannelIdentity recipient, DeliveryState state, String errorCode, String errorMessage, Instant at);
}
