package io.siyu.core.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.MassMessageReminders;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Staff are reminded of the messages they have not confirmed, on Derby and PostgreSQL: 4 hours after
 * sending, then every 8 hours, 3 times at most; never for a confirmed message; each reminder once
 * across two nodes; a failed reminder is not repeated.
 */
class ConfirmationRemindersTest {
    static final Instant NOW = OutboxServiceTest.NOW;

    static Stream<Arguments> stores() {
        return OutboxServiceTest.stores();
    }

    /** A WeCom-like adapter whose reminders are recorded; it refuses or fails when told to. */
    static final class RemindingAdapter extends OutboxServiceTest.ScriptedAdapter {
        final List<String> reminded = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        RemindingAdapter() {
            super("main", 10);
        }

        @Override
        public Optional<MassMessageReminders> massMessageReminders() {
            return Optional.of(msgid -> {
                if (failing) {
                    throw new ChannelCallException("test/main", null, "timeout", true);
                }
                reminded.add(msgid);
                return true;
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void unconfirmedMessagesAreRemindedThreeTimesOnceAcrossNodesAndConfirmedOnesNever(String kind,
            Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            OutboxServiceTest.Registry registry = new OutboxServiceTest.Registry();
            RemindingAdapter adapter = new RemindingAdapter();
            registry.add(adapter);
            OutboxService outbox = new OutboxService(ts.store, registry, clock, 60, 12);
            outbox.enqueue(OutboxServiceTest.mass("unconfirmed", 2), null);
            outbox.enqueue(OutboxServiceTest.mass("confirmed", 1), null);
            assertEquals(2, outbox.dispatchNow());
            outbox.report(new DeliveryStatus("test/main", null, "p-confirmed", null, DeliveryState.CONFIRMED, null, null, NOW));
            ConfirmationReminders nodeA = new ConfirmationReminders(registry, outbox, ts.store.settings(), clock,
                    Duration.ofHours(4), Duration.ofHours(8), 3, 0);
            ConfirmationReminders nodeB = new ConfirmationReminders(registry, outbox, ts.store.settings(), clock,
                    Duration.ofHours(4), Duration.ofHours(8), 3, 0);

            clock.advance(Duration.ofHours(3));
            assertEquals(0, nodeA.remindDue(), "too early");
            clock.advance(Duration.ofHours(1));
            assertEquals(1, nodeA.remindDue());
            assertEquals(0, nodeB.remindDue(), "the other node finds it claimed");
            clock.advance(Duration.ofHours(2));
            assertEquals(0, nodeA.remindDue(), "the second comes 8 hours after the first");
            clock.advance(Duration.ofHours(6)); // 12 h
            adapter.failing = true;
            assertEquals(0, nodeB.remindDue());
            adapter.failing = false;
            assertEquals(0, nodeA.remindDue(), "a failed reminder is not repeated");
            clock.advance(Duration.ofHours(8)); // 20 h
            assertEquals(1, nodeB.remindDue());
            clock.advance(Duration.ofHours(8)); // 28 h: three were due, none after
            assertEquals(0, nodeA.remindDue());
            assertEquals(List.of("p-unconfirmed", "p-unconfirmed"), adapter.reminded);
        }
    }
}
