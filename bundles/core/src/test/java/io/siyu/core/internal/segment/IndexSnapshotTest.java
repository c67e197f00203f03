package io.siyu.core.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.RfmRule;
import io.siyu.core.internal.TestStores;
import io.siyu.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** A restart loads the saved index and replays what changed since, ending where a full rebuild ends. */
class IndexSnapshotTest {
    static final Instant NOW = SegmentOracleTest.NOW;

    @TempDir
    Path dir;

    @Test
    void aLoadedSnapshotCaughtUpWithLaterChangesEqualsAFreshRebuild() throws Exception {
        try (TestStores ts = TestStores.derbyStore()) {
            Store store = ts.store;
            Random random = new Random(7);
            List<Long> tags = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Tag t = store.tags().insert(new TagDraft("g", "t" + i, null), NOW);
                tags.add(t.id());
            }
            List<Long> customers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                customers.add(store.customers().insert(SegmentOracleTest.randomCustomer(random, tags, i), NOW).id());
            }
            store.events().ingest(SegmentOracleTest.randomEvents(random, customers, 300, "a"), NOW);
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            Path file = dir.resolve("index.bin");

            SegmentIndex first = new SegmentIndex(store, clock, file);
            first.start();
            assertFalse(first.fromSnapshot());
            assertTrue(Files.size(file) > 0);

            // While "down": changes, deletions and new events.
            store.customers().update(customers.get(0), SegmentOracleTest.randomCustomer(random, tags, 100), null, NOW);
            store.customers().delete(customers.get(1), NOW);
            customers.add(store.customers().insert(SegmentOracleTest.randomCustomer(random, tags, 101), NOW).id());
            customers.remove(1);
            store.events().ingest(SegmentOracleTest.randomEvents(random, customers, 100, "b"), NOW);

            SegmentIndex restarted = new SegmentIndex(store, clock, file);
            restarted.start();
            assertTrue(restarted.fromSnapshot());
            SegmentIndex rebuilt = new SegmentIndex(store, clock, null);
            rebuilt.start();

            for (int round = 0; round < 40; round++) {
                Condition c = SegmentOracleTest.randomCondition(random, tags, List.of(), 2);
                RoaringBitmap a = restarted.read(ix -> new SegmentEvaluator(ix, NOW, RfmRule.DEFAULT, id -> null).evaluate(c));
                RoaringBitmap b = rebuilt.read(ix -> new SegmentEvaluator(ix, NOW, RfmRule.DEFAULT, id -> null).evaluate(c));
                assertEquals(b, a, "round " + round);
            }
        }
    }

    @Test
    void aSnapshotOfAnotherDatabaseIsIgnored() throws Exception {
        Path file = dir.resolve("index.bin");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (TestStores one = TestStores.derbyStore()) {
            new SegmentIndex(one.store, clock, file).start();
        }
        try (TestStores other = TestStores.derbyStore()) {
            SegmentIndex index = new SegmentIndex(other.store, clock, file);
            index.start();
            assertFalse(index.fromSnapshot());
        }
    }
}
