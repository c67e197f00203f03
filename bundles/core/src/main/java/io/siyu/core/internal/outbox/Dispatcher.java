package io.siyu.core.internal.outbox;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.store.OutboxRecipient;
import io.siyu.store.OutboxRepository;
import io.siyu.store.StoredOutboxMessage;
import io.siyu.api.channel.DeliveryState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves outbox messages to the adapters. One {@link #tick} leases the due messages of every channel
 * that has an adapter right now, settles sends a crashed node left in flight, and makes the
 * provider calls, a chunk of at most the adapter's {@code maxRecipientsPerCall} recipients each.
 * Every call is recorded as started before it is made and as settled after, so a crash between the
 * two is found again by whoever next leases the message (see docs/channels.md for the guarantee).
 */
final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    /** Tunables; {@link #DEFAULTS} suit production. */
    record Settings(Duration lease, int maxFailures, int batch, Backoff backoff) {
        static final Settings DEFAULTS = new Settings(Duration.ofSeconds(60), 12, 32, Backoff.DEFAULT);
    }

    private final OutboxRepository outbox;
    private final ChannelRegistry registry;
    private final Clock clock;
    private final String owner;
    private final Settings settings;
    private final DoubleSupplier random;

    Dispatcher(OutboxRepository outbox, ChannelRegistry registry, Clock clock, String owner, Settings settings,
            DoubleSupplier random) {
        this.outbox = outbox;
        this.registry = registry;
        this.clock = clock;
        this.owner = owner;
        this.settings = settings;
        this.random = random;
    }

    /** Leases due messages for channels with an adapter. */
    List<Long> claim() {
        Set<String> channels = new LinkedHashSet<>();
        for (ChannelDescriptor d : registry.channels()) {
            channels.add(d.key());
        }
        Instant now = clock.instant();
        return outbox.claim(channels, now, owner, now.plus(settings.lease()), settings.batch());
    }

    /** Claims and processes everything due, on the calling thread; returns how many messages it handled. */
    int tick() {
        List<Long> claimed = claim();
        processAll(claimed);
        return claimed.size();
    }

    /**
     * Works on leased messages. Those that go out in one call and have no history (the common case:
     * 1:1 and welcome messages) share two transactions, "calls started" and "calls settled", instead
     * of several each; the rest are handled one by one.
     */
    void processAll(List<Long> ids) {
        Map<ChannelAdapter, List<StoredOutboxMessage>> simple = new LinkedHashMap<>();
        for (long id : ids) {
            StoredOutboxMessage m = outbox.find(id).orElse(null);
            if (m == null || !owner.equals(m.leaseOwner())) {
                continue;
            }
            Optional<ChannelAdapter> adapter = registry.adapter(m.channelType(), m.channelAccount());
            boolean untouched = m.attemptStartedAt() == null
                    && m.recipientStates().getOrDefault(DeliveryState.QUEUED, 0) == m.recipientCount();
            if (adapter.isPresent() && untouched
                    && m.recipientCount() <= adapter.get().maxRecipientsPerCall(m.kind())) {
                simple.computeIfAbsent(adapter.get(), a -> new ArrayList<>()).add(m);
            } else {
                process(id);
            }
        }
        simple.forEach(this::sendWhole);
    }

    private void sendWhole(ChannelAdapter adapter, List<StoredOutboxMessage> messages) {
        try {
            outbox.callsStarted(messages.stream().map(StoredOutboxMessage::id).toList(), clock.instant());
            List<OutboxRepository.CallOutcome> outcomes = new ArrayList<>();
            for (StoredOutboxMessage m : messages) {
                List<ChannelIdentity> recipients = m.recipientCount() == 0 ? List.of()
                        : outbox.recipientsIn(m.id(), DeliveryState.SENDING, m.recipientCount()).stream()
                                .map(OutboxRecipient::identity).toList();
                int chunk = m.recipientCount() == 0 ? OutboxRepository.GROUP_CHUNK : 0;
                OutboundMessage message;
                try {
                    message = OutboundMessageJson.message(m.idempotencyKey(), m.channelType(), m.channelAccount(),
                            m.body(), recipients);
                } catch (RuntimeException unreadable) {
                    // one bad row must not leave the batch's calls, made or not, unsettled
                    outcomes.add(outcome(m, chunk, new SendResult.PermanentFailure("unreadable",
                            "the stored message cannot be read: " + unreadable.getMessage()), false));
                    continue;
                }
                outcomes.add(outcome(m, chunk, call(adapter, message), adapter.canCheckInFlight()));
            }
            outbox.callsSettled(outcomes, owner, clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, messages.size() + " outbox messages left for a later attempt", e);
        }
    }

    /**
     * @param checkable whether the adapter can tell later if a call reached it: then a transport
     *        failure (no provider code: timeout, broken connection, adapter going away) leaves the
     *        chunk in flight, to be checked before it is sent again, instead of sending it twice
     */
    private OutboxRepository.CallOutcome outcome(StoredOutboxMessage m, int chunk, SendResult result,
            boolean checkable) {
        if (result instanceof SendResult.Accepted accepted) {
            Settlement s = settle(m, accepted);
            return new OutboxRepository.CallOutcome(m.id(), chunk, DeliveryState.SENT, accepted.providerMessageId(),
                    s.rejected(), s.errorCode(), s.errorMessage(), s.nextAttemptAt(), false, false, s.providerIds(),
                    s.retry());
        }
        if (result instanceof SendResult.PermanentFailure failure) {
            return new OutboxRepository.CallOutcome(m.id(), chunk, DeliveryState.FAILED, null, Map.of(),
                    failure.providerCode(), failure.message(), null, false, false);
        }
        SendResult.TransientFailure failure = (SendResult.TransientFailure) result;
        boolean unknown = failure.providerCode() == null && checkable;
        String code = failure.providerCode() == null ? "transport" : failure.providerCode();
        int failures = m.failures() + 1;
        if (failures >= settings.maxFailures()) {
            return new OutboxRepository.CallOutcome(m.id(), chunk, DeliveryState.QUEUED, null, Map.of(), code,
                    "gave up after " + failures + " failed attempts: " + failure.message(), null, true, false);
        }
        Duration delay = settings.backoff().delay(failures, failure.retryAfter(), random);
        return new OutboxRepository.CallOutcome(m.id(), chunk, DeliveryState.QUEUED, null, Map.of(), code,
                failure.message(), clock.instant().plus(delay), false, unknown);
    }

    /**
     * What an accepted call means per recipient: refused ones fail (with the provider's code where it
     * answered per recipient), per-recipient provider ids are kept for status reports, and recipients
     * the provider asked to try again later (an SMS number's frequency limit) go back to the queue,
     * due after the back-off; once the message has failed {@code maxFailures} times they fail too.
     */
    private record Settlement(Map<ChannelIdentity, String[]> rejected, Map<ChannelIdentity, String> providerIds,
            Set<ChannelIdentity> retry, String errorCode, String errorMessage, Instant nextAttemptAt) {
    }

    private Settlement settle(StoredOutboxMessage m, SendResult.Accepted accepted) {
        Map<ChannelIdentity, String[]> rejected = new LinkedHashMap<>();
        for (ChannelIdentity r : accepted.rejectedRecipients()) {
            rejected.put(r, new String[] {"rejected", "the provider refused this recipient"});
        }
        Map<ChannelIdentity, String> ids = new LinkedHashMap<>();
        Set<ChannelIdentity> retry = new LinkedHashSet<>();
        SendResult.TransientFailure lastTransient = null;
        Duration longest = null;
        boolean giveUp = m.failures() + 1 >= settings.maxFailures();
        for (Map.Entry<ChannelIdentity, SendResult> e : accepted.recipientResults().entrySet()) {
            SendResult r = e.getValue();
            if (r instanceof SendResult.Accepted a) {
                if (a.providerMessageId() != null) {
                    ids.put(e.getKey(), a.providerMessageId());
                }
            } else if (r instanceof SendResult.PermanentFailure f) {
                rejected.put(e.getKey(), new String[] {f.providerCode(), f.message()});
            } else {
                SendResult.TransientFailure t = (SendResult.TransientFailure) r;
                String code = t.providerCode() == null ? "transport" : t.providerCode();
                if (giveUp) {
                    rejected.put(e.getKey(), new String[] {code, "gave up after " + (m.failures() + 1)
                            + " failed attempts: " + t.message()});
                    continue;
                }
                retry.add(e.getKey());
                lastTransient = t;
                if (t.retryAfter() != null && (longest == null || t.retryAfter().compareTo(longest) > 0)) {
                    longest = t.retryAfter();
                }
            }
        }
        if (retry.isEmpty()) {
            return new Settlement(rejected, ids, retry, null, null, null);
        }
        Duration delay = settings.backoff().delay(m.failures() + 1, longest, random);
        return new Settlement(rejected, ids, retry,
                lastTransient.providerCode() == null ? "transport" : lastTransient.providerCode(),
                retry.size() + " recipient(s) to try again: " + lastTransient.message(), clock.instant().plus(delay));
    }

    /** Works on one leased message until it is sent, failed, or waiting for a retry. */
    void process(long id) {
        StoredOutboxMessage m = outbox.find(id).orElse(null);
        if (m == null || !owner.equals(m.leaseOwner())) {
            return;
        }
        try {
            Optional<ChannelAdapter> adapter = registry.adapter(m.channelType(), m.channelAccount());
            if (adapter.isEmpty()) {
                // Went away between claim and now: back to the queue, due at once when it returns.
                outbox.release(id, owner, clock.instant(), null, null, clock.instant());
                return;
            }
            if (!settleInFlight(m, adapter.get())) {
                return;
            }
            send(outbox.find(id).orElseThrow(), adapter.get());
        } catch (RuntimeException e) {
            // The store or the adapter broke mid-way: the lease runs out and the message is found again.
            LOG.log(Level.WARNING, "outbox message " + m.idempotencyKey() + " left for a later attempt", e);
        }
    }

    /**
     * Resolves calls a crashed node started but never recorded the outcome of. Returns false when the
     * provider cannot be asked now, and the message waits.
     */
    private boolean settleInFlight(StoredOutboxMessage m, ChannelAdapter adapter) {
        Map<Integer, List<OutboxRecipient>> chunks = new TreeMap<>();
        Map<Integer, Instant> startedAt = new LinkedHashMap<>();
        if (m.recipientCount() == 0) {
            if (m.attemptStartedAt() != null) {
                chunks.put(OutboxRepository.GROUP_CHUNK, List.of());
                startedAt.put(OutboxRepository.GROUP_CHUNK, m.attemptStartedAt());
            }
        } else if (m.recipientStates().getOrDefault(DeliveryState.SENDING, 0) > 0) {
            for (OutboxRecipient r : outbox.recipientsIn(m.id(), DeliveryState.SENDING, Integer.MAX_VALUE)) {
                int chunk = r.chunk() == null ? r.position() : r.chunk();
                chunks.computeIfAbsent(chunk, k -> new ArrayList<>()).add(r);
                startedAt.putIfAbsent(chunk, r.attemptStartedAt() == null ? m.updatedAt() : r.attemptStartedAt());
            }
        }
        for (Map.Entry<Integer, List<OutboxRecipient>> chunk : chunks.entrySet()) {
            int number = chunk.getKey();
            if (!adapter.canCheckInFlight()) {
                // At-least-once: the provider cannot tell us, so the chunk goes again.
                LOG.info("outbox message " + m.idempotencyKey() + " was in flight when a node stopped; "
                        + m.channelType() + " cannot be asked, so it is sent again");
                outbox.requeue(m.id(), number, clock.instant());
                continue;
            }
            List<ChannelIdentity> recipients = chunk.getValue().stream().map(OutboxRecipient::identity).toList();
            OutboundMessage message = OutboundMessageJson.message(chunkKey(m, number, recipients.size()),
                    m.channelType(), m.channelAccount(), m.body(), recipients);
            Optional<SendResult> found;
            try {
                found = adapter.checkInFlight(message, startedAt.get(number));
            } catch (RuntimeException e) {
                found = Optional.of(new SendResult.TransientFailure(null, String.valueOf(e.getMessage()), null));
            }
            LOG.info("outbox message " + message.idempotencyKey() + " was in flight when its node stopped; "
                    + m.channelType() + "/" + m.channelAccount() + " " + (found.isEmpty() ? "has no trace of it: sending it"
                            : "says " + found.get().getClass().getSimpleName() + ": not sending it again"));
            if (found.isEmpty()) {
                outbox.requeue(m.id(), number, clock.instant());
            } else if (!record(m, number, found.get(), false)) {
                return false;
            }
        }
        return true;
    }

    private void send(StoredOutboxMessage m, ChannelAdapter adapter) {
        int perCall = Math.max(1, adapter.maxRecipientsPerCall(m.kind()));
        if (m.recipientCount() == 0) {
            if (m.state() == DeliveryState.SENDING && m.attemptStartedAt() == null) {
                outbox.callStarted(m.id(), OutboxRepository.GROUP_CHUNK, OutboxRepository.GROUP_CHUNK, clock.instant());
                OutboundMessage message = OutboundMessageJson.message(m.idempotencyKey(), m.channelType(),
                        m.channelAccount(), m.body(), List.of());
                if (!record(m, OutboxRepository.GROUP_CHUNK, call(adapter, message), adapter.canCheckInFlight())) {
                    return;
                }
            }
            outbox.release(m.id(), owner, null, null, null, clock.instant());
            return;
        }
        // Recipients the provider asked to try again later wait for the next lease; the rest go on now.
        // They come from chunks already made, so every recipient still queued after them has a higher position.
        Set<ChannelIdentity> deferred = new LinkedHashSet<>();
        Settlement lastDeferral = null;
        while (true) {
            if (!outbox.renew(m.id(), owner, clock.instant().plus(settings.lease()))) {
                return; // lost the lease (we were too slow); the new owner carries on
            }
            List<OutboxRecipient> next = outbox.recipientsIn(m.id(), DeliveryState.QUEUED, perCall + deferred.size())
                    .stream().filter(r -> !deferred.contains(r.identity())).limit(perCall).toList();
            if (next.isEmpty()) {
                break;
            }
            int first = next.get(0).position();
            int last = next.get(next.size() - 1).position();
            outbox.callStarted(m.id(), first, last, clock.instant());
            List<ChannelIdentity> recipients = next.stream().map(OutboxRecipient::identity).toList();
            OutboundMessage message = OutboundMessageJson.message(chunkKey(m, first, recipients.size()),
                    m.channelType(), m.channelAccount(), m.body(), recipients);
            SendResult result = call(adapter, message);
            if (result instanceof SendResult.Accepted accepted && !accepted.recipientResults().isEmpty()) {
                Settlement s = settle(m, accepted);
                outbox.callAccepted(m.id(), first, accepted.providerMessageId(), s.rejected(), s.providerIds(),
                        s.retry(), clock.instant());
                if (!s.retry().isEmpty()) {
                    deferred.addAll(s.retry());
                    lastDeferral = s;
                }
            } else if (!record(m, first, result, adapter.canCheckInFlight())) {
                return;
            }
        }
        if (lastDeferral == null) {
            outbox.release(m.id(), owner, null, null, null, clock.instant());
        } else {
            outbox.release(m.id(), owner, lastDeferral.nextAttemptAt(), lastDeferral.errorCode(),
                    lastDeferral.errorMessage(), clock.instant());
        }
    }

    private static SendResult call(ChannelAdapter adapter, OutboundMessage message) {
        try {
            return adapter.send(message);
        } catch (RuntimeException e) {
            // An adapter that throws (e.g. its bundle is stopping) has not said no: try again later.
            return new SendResult.TransientFailure(null, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    /** Records a call's outcome; false when the message must wait (transient failure). */
    private boolean record(StoredOutboxMessage m, int chunk, SendResult result, boolean checkable) {
        Instant now = clock.instant();
        if (result instanceof SendResult.Accepted accepted) {
            Settlement s = settle(m, accepted);
            outbox.callAccepted(m.id(), chunk, accepted.providerMessageId(), s.rejected(), s.providerIds(), s.retry(),
                    now);
            if (!s.retry().isEmpty()) {
                outbox.release(m.id(), owner, s.nextAttemptAt(), s.errorCode(), s.errorMessage(), now);
                return false;
            }
            return true;
        }
        if (result instanceof SendResult.PermanentFailure failure) {
            outbox.callFailed(m.id(), chunk, failure.providerCode(), failure.message(), now);
            return true;
        }
        OutboxRepository.CallOutcome retry = outcome(m, chunk, result, checkable);
        if (!retry.outcomeUnknown()) {
            outbox.requeue(m.id(), chunk, now);
        }
        if (retry.giveUp()) {
            outbox.giveUp(m.id(), owner, retry.errorCode(), retry.errorMessage(), now);
        } else {
            outbox.release(m.id(), owner, retry.nextAttemptAt(), retry.errorCode(), retry.errorMessage(), now,
                    retry.outcomeUnknown());
        }
        return false;
    }

    /**
     * The key of one provider call: the message's own when one call carries it all, else one per
     * chunk (derived, so a retry of the same chunk reuses it).
     */
    static String chunkKey(StoredOutboxMessage m, int chunk, int size) {
        if (chunk == OutboxRepository.GROUP_CHUNK || (chunk == 0 && size == m.recipientCount())) {
            return m.idempotencyKey();
        }
        String suffix = "#" + chunk;
        if (m.idempotencyKey().length() + suffix.length() <= OutboundMessage.MAX_KEY_LENGTH) {
            return m.idempotencyKey() + suffix;
        }
        return sha1(m.idempotencyKey()) + suffix;
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
