package io.siyu.core.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.PageRequest;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.OutboxDepth;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import io.siyu.api.channel.RecipientDelivery;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The outbox and its dispatcher over a real store, on Derby and PostgreSQL. */
class OutboxServiceTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** An adapter following a script: by default it accepts everything and records what it was given. */
    static class ScriptedAdapter implements ChannelAdapter {
        final ChannelDescriptor descriptor;
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
        volatile Function<OutboundMessage, SendResult> answer = m -> SendResult.Accepted.of("p-" + m.idempotencyKey());
        volatile boolean canCheck;
        volatile Function<OutboundMessage, Optional<SendResult>> inFlight = m -> Optional.empty();
        volatile Function<OutboundMessage, List<io.siyu.api.FieldError>> review = m -> List.of();

        ScriptedAdapter(String account, int perCall) {
            descriptor = new ChannelDescriptor("test", account, null, Set.of(ChannelCapability.MASS_MESSAGE),
                    new ChannelLimits(perCall, 1, Duration.ofDays(1), 0));
        }

        @Override
        public ChannelDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public SendResult send(OutboundMessage message) {
            sent.add(message);
            return answer.apply(message);
        }

        @Override
        public boolean canCheckInFlight() {
            return canCheck;
        }

        @Override
        public Optional<SendResult> checkInFlight(OutboundMessage message, Instant attemptedAt) {
            return inFlight.apply(message);
        }

        @Override
        public ChannelHealth health() {
            return ChannelHealth.up(Duration.ZERO);
        }

        @Override
        public List<io.siyu.api.FieldError> validate(OutboundMessage message) {
            return review.apply(message);
        }
    }

    static final class Registry implements ChannelRegistry {
        final Map<String, ChannelAdapter> adapters = new ConcurrentHashMap<>();

        void add(ChannelAdapter a) {
            adapters.put(a.descriptor().key(), a);
        }

        void remove(ChannelAdapter a) {
            adapters.remove(a.descriptor().key());
        }

        @Override
        public List<ChannelDescriptor> channels() {
            return adapters.values().stream().map(ChannelAdapter::descriptor).toList();
        }

        @Override
        public Optional<ChannelAdapter> adapter(String type, String account) {
            return Optional.ofNullable(adapters.get(type + "/" + account));
        }
    }

    /** Thrown by an adapter to stand for the node dying in the middle of a provider call. */
    static final class NodeDied extends Error {
        private static final long serialVersionUID = 1L;
    }

    static OutboundMessage mass(String key, int recipients) {
        List<ChannelIdentity> to = IntStream.range(0, recipients)
                .mapToObj(i -> ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp", "c" + i)).toList();
        return new OutboundMessage(key, "test", "main", MessageKind.MASS, to, List.of(),
                MessageContent.Text.of("双十一 hello"), null, "staff-1", Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anUnreadableStoredMessageFailsAloneAndTheRestOfItsBatchGoesOut(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 10);
            registry.add(adapter);
            OutboxService outbox = new OutboxService(ts.store, registry, clock, 60, 12);
            outbox.enqueue(mass("good-1", 1), null);
            ts.store.outbox().insert(new io.siyu.store.NewOutboxMessage("broken", "test", "main", MessageKind.MASS,
                    "not json", "h", List.of(ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp", "x")),
                    NOW, NOW));
            outbox.enqueue(mass("good-2", 1), null);
            assertEquals(3, outbox.dispatchNow());
            assertEquals(List.of("good-1", "good-2"), adapter.sent.stream().map(OutboundMessage::idempotencyKey).toList());
            OutboxEntry broken = outbox.find("broken").orElseThrow();
            assertEquals(DeliveryState.FAILED, broken.state());
            assertEquals("unreadable", broken.errorCode());
            assertEquals(DeliveryState.SENT, outbox.find("good-2").orElseThrow().state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aMessageWaitsInTheOutboxUntilItsAdapterIsRegisteredAndThenGoesOutOnce(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            OutboxService outbox = new OutboxService(ts.store, registry, clock, 60, 12);
            OutboxEntry queued = outbox.enqueue(mass("m-1", 3), null);
            assertEquals(DeliveryState.QUEUED, queued.state());
            assertEquals(3, queued.recipientCount());

            assertEquals(0, outbox.dispatchNow());
            OutboxDepth depth = outbox.depth().get(0);
            assertEquals("test/main", depth.channelKey());
            assertFalse(depth.adapterPresent());
            assertEquals(1, depth.queued());

            ScriptedAdapter adapter = new ScriptedAdapter("main", 10);
            registry.add(adapter);
            assertEquals(1, outbox.dispatchNow());
            assertEquals(1, adapter.sent.size());
            assertEquals("m-1", adapter.sent.get(0).idempotencyKey());
            assertEquals("双十一 hello", ((MessageContent.Text) adapter.sent.get(0).content()).text());
            assertEquals("staff-1", adapter.sent.get(0).senderStaffId());
            OutboxEntry sent = outbox.find("m-1").orElseThrow();
            assertEquals(DeliveryState.SENT, sent.state());
            assertEquals("p-m-1", sent.providerMessageId());
            assertEquals(Map.of(DeliveryState.SENT, 3), sent.recipientStates());
            assertNull(sent.nextAttemptAt());

            assertEquals(0, outbox.dispatchNow());
            assertEquals(1, adapter.sent.size());
            assertEquals(0, outbox.depth().get(0).queued());
            assertTrue(outbox.depth().get(0).adapterPresent());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void enqueueingAKeyAgainReturnsTheStoredMessageAndADifferentMessageUnderItIsAConflict(String kind,
            Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            OutboxService outbox = new OutboxService(ts.store, new Registry(), new MutableClock(NOW), 60, 12);
            OutboxEntry first = outbox.enqueue(mass("k", 2), null);
            OutboxEntry again = outbox.enqueue(mass("k", 2), null);
            assertEquals(first, again);
            assertThrows(ConflictException.class, () -> outbox.enqueue(mass("k", 3), null));
            assertEquals(1, outbox.list(OutboxQuery.all(), PageRequest.first(10)).total());
            assertEquals(mass("k", 2), outbox.message("k").orElseThrow());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aMessageTheRunningAdapterSaysTheProviderWouldRefuseIsNotQueued(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            Registry registry = new Registry();
            OutboxService outbox = new OutboxService(ts.store, registry, new MutableClock(NOW), 60, 12);
            outbox.enqueue(mass("unchecked", 1), null); // no adapter running: queued, checked when sent
            ScriptedAdapter adapter = new ScriptedAdapter("main", 10);
            adapter.review = m -> List.of(io.siyu.api.FieldError.of("template.data.thing1", "at most 20 characters"));
            registry.add(adapter);

            io.siyu.api.ValidationException refused = assertThrows(io.siyu.api.ValidationException.class,
                    () -> outbox.enqueue(mass("refused", 1), null));

            assertEquals("template.data.thing1", refused.errors().get(0).field());
            assertTrue(outbox.find("refused").isEmpty());
            assertTrue(outbox.find("unchecked").isPresent());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anEmailIsStoredWithItsSubjectAndBothBodies(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            OutboxService outbox = new OutboxService(ts.store, new Registry(), new MutableClock(NOW), 60, 12);
            OutboundMessage mail = new OutboundMessage("mail", "email", "news", MessageKind.DIRECT,
                    List.of(ChannelIdentity.of(IdentityType.EMAIL, "li@example.com")), List.of(),
                    new MessageContent.Email("双十一 {name}", "<p>您好</p>", null), null, null, Map.of());
            outbox.enqueue(mail, null);
            assertEquals(mail, outbox.message("mail").orElseThrow());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aLargeMessageGoesOutInCallsOfTheAdaptersBatchSizeWithAKeyPerCall(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 1_000);
            registry.add(adapter);
            OutboxService outbox = new OutboxService(ts.store, registry, new MutableClock(NOW), 60, 12);
            outbox.enqueue(mass("big", 2_500), null);
            outbox.dispatchNow();
            assertEquals(List.of(1_000, 1_000, 500), adapter.sent.stream().map(m -> m.recipients().size()).toList());
            assertEquals(List.of("big#0", "big#1000", "big#2000"),
                    adapter.sent.stream().map(OutboundMessage::idempotencyKey).toList());
            assertEquals("c2499", adapter.sent.get(2).recipients().get(499).value());
            OutboxEntry entry = outbox.find("big").orElseThrow();
            assertEquals(DeliveryState.SENT, entry.state());
            assertEquals(Map.of(DeliveryState.SENT, 2_500), entry.recipientStates());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void transientFailuresWaitAtLeastTheProvidersBlockWindowAndGiveUpAfterTheLimit(String kind,
            Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 100);
            adapter.answer = m -> new SendResult.TransientFailure("45009", "api freq out of limit", Duration.ofSeconds(60));
            registry.add(adapter);
            OutboxService outbox = new OutboxService(ts.store, registry, clock, 60, 3);
            outbox.enqueue(mass("t", 2), null);

            outbox.dispatchNow();
            OutboxEntry waiting = outbox.find("t").orElseThrow();
            assertEquals(DeliveryState.QUEUED, waiting.state());
            assertEquals("45009", waiting.errorCode());
            assertEquals(1, waiting.attempts());
            assertFalse(waiting.nextAttemptAt().isBefore(NOW.plusSeconds(60)), waiting.nextAttemptAt().toString());
            assertEquals(Map.of(DeliveryState.QUEUED, 2), waiting.recipientStates());

            clock.advance(Duration.ofSeconds(59));
            assertEquals(0, outbox.dispatchNow(), "not before the block window ends");
            clock.advance(Duration.ofMinutes(10));
            outbox.dispatchNow();
            clock.advance(Duration.ofMinutes(10));
            outbox.dispatchNow();
            OutboxEntry failed = outbox.find("t").orElseThrow();
            assertEquals(DeliveryState.FAILED, failed.state());
            assertEquals(3, adapter.sent.size());
            assertTrue(failed.errorMessage().startsWith("gave up after 3 failed attempts"), failed.errorMessage());
            assertEquals(Map.of(DeliveryState.FAILED, 2), failed.recipientStates());

            adapter.answer = m -> SendResult.Accepted.of("ok");
            assertEquals(DeliveryState.QUEUED, outbox.retry("t").state());
            outbox.dispatchNow();
            assertEquals(DeliveryState.SENT, outbox.find("t").orElseThrow().state());
            assertThrows(ConflictException.class, () -> outbox.retry("t"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void permanentFailuresAndRejectedRecipientsAreRecordedWithTheProvidersCode(String kind,
            Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 100);
            adapter.answer = m -> m.idempotencyKey().equals("bad")
                    ? new SendResult.PermanentFailure("48002", "api forbidden")
                    : new SendResult.Accepted("msg-1", List.of(m.recipients().get(1)));
            registry.add(adapter);
            OutboxService outbox = new OutboxService(ts.store, registry, new MutableClock(NOW), 60, 12);
            outbox.enqueue(mass("bad", 2), null);
            outbox.enqueue(mass("partly", 3), null);
            outbox.dispatchNow();

            OutboxEntry bad = outbox.find("bad").orElseThrow();
            assertEquals(DeliveryState.FAILED, bad.state());
            assertEquals("48002", bad.errorCode());
            assertEquals("api forbidden", bad.errorMessage());

            OutboxEntry partly = outbox.find("partly").orElseThrow();
            assertEquals(DeliveryState.SENT, partly.state());
            assertEquals(Map.of(DeliveryState.SENT, 2, DeliveryState.FAILED, 1), partly.recipientStates());
            RecipientDelivery rejected = outbox.recipients("partly", PageRequest.first(10)).items().get(1);
            assertEquals("c1", rejected.recipient().value());
            assertEquals(DeliveryState.FAILED, rejected.state());
            assertEquals("rejected", rejected.errorCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void perRecipientAnswersKeepEachIdFailTheRefusedWithTheirCodeAndRetryOnlyTheLimitedLater(String kind,
            Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 2);
            Set<String> limitedOnce = ConcurrentHashMap.newKeySet();
            adapter.answer = m -> {
                Map<ChannelIdentity, SendResult> results = new java.util.LinkedHashMap<>();
                for (ChannelIdentity r : m.recipients()) {
                    String who = m.idempotencyKey().replaceAll("#.*", "") + "/" + r.value();
                    if (r.value().equals("c1") && m.idempotencyKey().startsWith("sms")) {
                        results.put(r, new SendResult.PermanentFailure("InvalidParameterValue.IncorrectPhoneNumber",
                                "bad number"));
                    } else if ((r.value().equals("c2") || m.idempotencyKey().equals("whole") && r.value().equals("c1"))
                            && limitedOnce.add(who)) {
                        results.put(r, new SendResult.TransientFailure("LimitExceeded.PhoneNumberThirtySecondLimit",
                                "30 s limit", Duration.ofSeconds(30)));
                    } else {
                        results.put(r, SendResult.Accepted.of("sn-" + who));
                    }
                }
                return SendResult.Accepted.perRecipient("req-" + m.idempotencyKey(), results);
            };
            registry.add(adapter);
            OutboxService outbox = new OutboxService(ts.store, registry, clock, 60, 12);
            outbox.enqueue(mass("sms", 5), null); // calls of two: [c0 c1] [c2 c3] [c4]
            outbox.enqueue(mass("whole", 2), null); // one call: the batched path
            outbox.dispatchNow();

            OutboxEntry sms = outbox.find("sms").orElseThrow();
            assertEquals(Map.of(DeliveryState.SENT, 3, DeliveryState.FAILED, 1, DeliveryState.QUEUED, 1),
                    sms.recipientStates(), "c3 and c4 went out although c2 waits");
            assertEquals(DeliveryState.QUEUED, sms.state());
            assertEquals("LimitExceeded.PhoneNumberThirtySecondLimit", sms.errorCode());
            assertFalse(sms.nextAttemptAt().isBefore(NOW.plusSeconds(30)), sms.nextAttemptAt().toString());
            List<RecipientDelivery> rs = outbox.recipients("sms", PageRequest.first(10)).items();
            assertEquals("InvalidParameterValue.IncorrectPhoneNumber", rs.get(1).errorCode());
            assertEquals(DeliveryState.QUEUED, rs.get(2).state());
            OutboxEntry whole = outbox.find("whole").orElseThrow();
            assertEquals(Map.of(DeliveryState.SENT, 1, DeliveryState.QUEUED, 1), whole.recipientStates());
            assertEquals(DeliveryState.QUEUED, whole.state());

            // status reports name a recipient by its own id
            ChannelIdentity c3 = rs.get(3).recipient();
            outbox.report(new DeliveryStatus("test/main", null, "sn-sms/c3", c3, DeliveryState.DELIVERED, null, null,
                    clock.instant()));
            assertEquals(DeliveryState.DELIVERED, outbox.recipients("sms", PageRequest.first(10)).items().get(3).state());
            outbox.report(new DeliveryStatus("test/main", null, "sn-sms/c0", c3, DeliveryState.FAILED, "x", "wrong id",
                    clock.instant()));
            assertEquals(DeliveryState.DELIVERED, outbox.recipients("sms", PageRequest.first(10)).items().get(3).state());

            clock.advance(Duration.ofSeconds(29));
            assertEquals(0, outbox.dispatchNow(), "not before the number's limit ends");
            clock.advance(Duration.ofMinutes(2));
            outbox.dispatchNow();
            assertEquals(Map.of(DeliveryState.SENT, 3, DeliveryState.DELIVERED, 1, DeliveryState.FAILED, 1),
                    outbox.find("sms").orElseThrow().recipientStates());
            assertEquals(DeliveryState.SENT, outbox.find("whole").orElseThrow().state());
            assertEquals(1, adapter.sent.stream().filter(m -> m.recipients().stream()
                    .anyMatch(r -> r.value().equals("c4")) && m.idempotencyKey().startsWith("sms")).count(),
                    "nobody is sent twice");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aSendInFlightWhenTheNodeDiedIsCheckedWithTheProviderAndNotSentTwice(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 100);
            adapter.canCheck = true;
            adapter.answer = m -> {
                throw new NodeDied();
            };
            registry.add(adapter);
            OutboxService first = new OutboxService(ts.store, registry, clock, 60, 12);
            first.enqueue(mass("found", 2), null);
            first.enqueue(mass("lost", 2), null);
            assertThrows(NodeDied.class, first::dispatchNow);
            assertEquals(DeliveryState.SENDING, first.find("found").orElseThrow().state());

            // The provider got "found" before the node died, but never "lost".
            adapter.inFlight = m -> m.idempotencyKey().equals("found") ? Optional.of(SendResult.Accepted.of("msg-found"))
                    : Optional.empty();
            adapter.answer = m -> SendResult.Accepted.of("msg-" + m.idempotencyKey());
            int calls = adapter.sent.size();
            OutboxService second = new OutboxService(ts.store, registry, clock, 60, 12);
            assertEquals(0, second.dispatchNow(), "the dead node's lease still runs");
            clock.advance(Duration.ofSeconds(61));
            second.dispatchNow();
            assertEquals(DeliveryState.SENT, second.find("found").orElseThrow().state());
            assertEquals("msg-found", second.find("found").orElseThrow().providerMessageId());
            assertEquals(DeliveryState.SENT, second.find("lost").orElseThrow().state());
            List<String> resent = adapter.sent.subList(calls, adapter.sent.size()).stream()
                    .map(OutboundMessage::idempotencyKey).toList();
            assertEquals(List.of("lost"), resent, "only the send the provider never saw goes again");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aTimedOutCallIsCheckedWithTheProviderBeforeItGoesAgain(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 100);
            adapter.canCheck = true;
            adapter.answer = m -> new SendResult.TransientFailure(null, "read timed out", null);
            registry.add(adapter);
            OutboxService outbox = new OutboxService(ts.store, registry, clock, 60, 12);
            outbox.enqueue(mass("slow", 2), null);
            outbox.enqueue(new OutboundMessage("slow-group", "test", "main", MessageKind.GROUP, List.of(),
                    List.of("chat-1"), MessageContent.Text.of("群公告"), null, "staff-1", Map.of()), null);
            outbox.dispatchNow();
            OutboxEntry waiting = outbox.find("slow").orElseThrow();
            assertEquals(DeliveryState.QUEUED, waiting.state());
            assertEquals(Map.of(DeliveryState.SENDING, 2), waiting.recipientStates(), "outcome unknown: still in flight");

            // The provider did get both before the connection broke.
            adapter.inFlight = m -> Optional.of(SendResult.Accepted.of("found-" + m.idempotencyKey()));
            adapter.answer = m -> SendResult.Accepted.of("again");
            clock.advance(Duration.ofMinutes(5));
            outbox.dispatchNow();
            assertEquals(List.of("slow", "slow-group"), adapter.sent.stream().map(OutboundMessage::idempotencyKey).sorted().toList(), "neither was sent a second time");
            assertEquals("found-slow", outbox.find("slow").orElseThrow().providerMessageId());
            assertEquals(DeliveryState.SENT, outbox.find("slow-group").orElseThrow().state());
            assertEquals("found-slow-group", outbox.find("slow-group").orElseThrow().providerMessageId());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void whereTheProviderCannotBeAskedAnInFlightSendGoesAgain(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 100);
            adapter.answer = m -> {
                throw new NodeDied();
            };
            registry.add(adapter);
            OutboxService first = new OutboxService(ts.store, registry, clock, 60, 12);
            first.enqueue(mass("again", 1), null);
            assertThrows(NodeDied.class, first::dispatchNow);
            adapter.answer = m -> SendResult.Accepted.of("x");
            clock.advance(Duration.ofSeconds(61));
            new OutboxService(ts.store, registry, clock, 60, 12).dispatchNow();
            assertEquals(List.of("again", "again"), adapter.sent.stream().map(OutboundMessage::idempotencyKey).toList());
            assertEquals(DeliveryState.SENT, first.find("again").orElseThrow().state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void providerReportsMoveRecipientsForwardAndNeverUndoAFinalState(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            registry.add(new ScriptedAdapter("main", 100));
            OutboxService outbox = new OutboxService(ts.store, registry, clock, 60, 12);
            outbox.enqueue(mass("r", 2), null);
            outbox.dispatchNow();
            ChannelIdentity c0 = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp", "c0");
            ChannelIdentity c1 = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp", "c1");
            Instant at = clock.instant();
            outbox.report(new DeliveryStatus("test/main", null, "p-r", c0, DeliveryState.CONFIRMED, null, null, at));
            assertEquals(DeliveryState.SENT, outbox.find("r").orElseThrow().state(), "one recipient still open");
            outbox.report(new DeliveryStatus("test/main", "r", null, c1, DeliveryState.FAILED, "quota",
                    "customer already received a mass message", at));
            OutboxEntry done = outbox.find("r").orElseThrow();
            assertEquals(DeliveryState.CONFIRMED, done.state());
            assertEquals(Map.of(DeliveryState.CONFIRMED, 1, DeliveryState.FAILED, 1), done.recipientStates());

            // Late and repeated reports change nothing.
            outbox.report(new DeliveryStatus("test/main", "r", null, c1, DeliveryState.CONFIRMED, null, null, at));
            outbox.report(new DeliveryStatus("test/main", "r", null, c0, DeliveryState.SENT, null, null, at));
            assertEquals(done.recipientStates(), outbox.find("r").orElseThrow().recipientStates());
            RecipientDelivery quota = outbox.recipients("r", PageRequest.first(10)).items().get(1);
            assertEquals("quota", quota.errorCode());
            // A report for a message nobody knows is dropped, not an error.
            outbox.report(new DeliveryStatus("test/main", null, "unknown", c0, DeliveryState.CONFIRMED, null, null, at));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aQueuedMessageCanBeCancelledAndAScheduledOneWaitsForItsTime(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 100);
            registry.add(adapter);
            OutboxService outbox = new OutboxService(ts.store, registry, clock, 60, 12);
            outbox.enqueue(mass("later", 1), NOW.plus(Duration.ofHours(2)));
            outbox.enqueue(mass("never", 1), NOW.plus(Duration.ofHours(2)));
            assertEquals(DeliveryState.CANCELLED, outbox.cancel("never").state());
            assertEquals(0, outbox.dispatchNow());
            clock.advance(Duration.ofHours(2));
            assertEquals(1, outbox.dispatchNow());
            assertEquals(List.of("later"), adapter.sent.stream().map(OutboundMessage::idempotencyKey).toList());
            assertThrows(ConflictException.class, () -> outbox.cancel("later"));
            assertEquals(1, outbox.list(new OutboxQuery("test/main", Set.of(DeliveryState.CANCELLED)),
                    PageRequest.first(10)).total());
            assertEquals(2, outbox.list(new OutboxQuery("test", Set.of()), PageRequest.first(10)).total());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void twoNodesDrainingOneOutboxSendEveryMessageExactlyOnce(String kind, Supplier<TestStores> stores)
            throws Exception {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Registry registry = new Registry();
            ScriptedAdapter adapter = new ScriptedAdapter("main", 100);
            registry.add(adapter);
            OutboxService a = new OutboxService(ts.store, registry, clock, 60, 12);
            OutboxService b = new OutboxService(ts.store, registry, clock, 60, 12);
            for (int i = 0; i < 200; i++) {
                a.enqueue(mass("n" + i, 1), null);
            }
            ExecutorService nodes = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> handled = new ArrayList<>();
                for (OutboxService node : List.of(a, b)) {
                    handled.add(nodes.submit(() -> {
                        int total = 0;
                        for (int n; (n = node.dispatchNow()) > 0;) {
                            total += n;
                        }
                        return total;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : handled) {
                    total += f.get();
                }
                assertEquals(200, total);
            } finally {
                nodes.shutdown();
            }
            List<String> keys = new ArrayList<>(adapter.sent.stream().map(OutboundMessage::idempotencyKey).toList());
            Collections.sort(keys);
            assertEquals(200, keys.size());
            assertEquals(200, keys.stream().distinct().count());
            assertEquals(200, a.list(new OutboxQuery(null, Set.of(DeliveryState.SENT)), PageRequest.first(1)).total());
            assertNotNull(a.find("n0").orElseThrow().providerMessageId());
        }
    }
}
