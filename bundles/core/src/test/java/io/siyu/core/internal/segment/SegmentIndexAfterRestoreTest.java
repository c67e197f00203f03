package io.siyu.core.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.api.backup.BackupProgress;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.Operator;
import io.siyu.core.internal.TestStores;
import io.siyu.store.NewEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A node that is running while an archive is restored sees the restored customers and events without a restart. */
class SegmentIndexAfterRestoreTest {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void aRunningNodesIndexCountsRestoredCustomersAndEvents() {
        try (TestStores source = TestStores.derbyStore(); TestStores target = TestStores.postgresStore()) {
            Tag vip = source.store.tags().insert(new TagDraft("level", "vip", null), T0);
            Customer a = source.store.customers().insert(new CustomerDraft("a", null, Set.of(vip.id()), null), T0);
            Customer b = source.store.customers().insert(new CustomerDraft("b", null, Set.of(vip.id()), null), T0);
            source.store.customers().insert(new CustomerDraft("c", null, null, null), T0);
            source.store.events().ingest(List.of(
                    new NewEvent("o1", EventTypes.ORDER, T0.minusSeconds(60), "shop", a.id(), null, "{}", List.of(), new BigDecimal("300.5000")),
                    new NewEvent("o2", EventTypes.ORDER, T0.minusSeconds(30), "shop", b.id(), null, "{}", List.of(), new BigDecimal("20.0000"))), T0);
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            source.store.backup().export(archive, "test", T0, BackupProgress.NONE);

            // the target's index has already seen event seqs of a customer deleted since, so restored seqs lie behind it
            Customer gone = target.store.customers().insert(new CustomerDraft("gone", null, null, null), T0);
            target.store.events().ingest(List.of(new NewEvent("x1", EventTypes.ORDER, T0, "shop", gone.id(), null, "{}",
                    List.of(), BigDecimal.ONE), new NewEvent("x2", EventTypes.ORDER, T0, "shop", gone.id(), null, "{}",
                    List.of(), BigDecimal.ONE), new NewEvent("x3", EventTypes.ORDER, T0, "shop", gone.id(), null, "{}",
                    List.of(), BigDecimal.ONE)), T0);
            SegmentServiceImpl segments = new SegmentServiceImpl(target.store, TestStores.attributeSchema(target.store),
                    Clock.fixed(T0, ZoneOffset.UTC), false);
            target.store.customers().delete(gone.id(), T0);
            assertEquals(0, segments.count(Caller.SYSTEM, new Condition.EventCount(EventTypes.ORDER, 1, 365)));

            target.store.backup().restore(new ByteArrayInputStream(archive.toByteArray()), T0, BackupProgress.NONE);

            assertEquals(2, segments.count(Caller.SYSTEM, Condition.tags(Condition.TagMatch.ANY, vip.id())));
            assertEquals(2, segments.count(Caller.SYSTEM, new Condition.EventCount(EventTypes.ORDER, 1, 365)));
            assertEquals(1, segments.count(Caller.SYSTEM, new Condition.TotalAmount(Operator.GT, new BigDecimal("300"), 0)));
        }
    }
}
