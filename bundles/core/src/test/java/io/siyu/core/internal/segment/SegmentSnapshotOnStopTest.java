package io.siyu.core.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.org.Authority;
import io.siyu.store.NewEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentSnapshotOnStopTest {
    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aStopSavesTheIndexAsCaughtUpSoTheNextStartHasNothingToRead() {
        try (TestStores ts = TestStores.derbyStore()) {
            Path file = dir.resolve("segment-index.bin");
            MutableClock clock = new MutableClock(T0);
            SegmentServiceImpl service = new SegmentServiceImpl(ts.store, SegmentOracleTest.schema(ts.store), clock,
                    false, Authority.of(ts.store, List::of), file);
            Customer c = ts.store.customers().insert(new CustomerDraft("A", null, null, null), T0);
            ts.store.events().ingest(List.of(new NewEvent("e1", "article.view", T0, "wechat-oa/main", c.id(), null, "{}")), T0);
            clock.advance(java.time.Duration.ofMinutes(1)); // well before the periodic save
            service.tick();

            service.deactivate();

            String storeId = ts.store.settings().get(SegmentIndex.STORE_ID_SETTING).orElseThrow();
            IndexSnapshot.Loaded saved = IndexSnapshot.read(file, storeId).orElseThrow();
            assertEquals(ts.store.indexFeed().eventHead(), saved.events().maxSeen());
            assertEquals(ts.store.indexFeed().changeHead(), saved.changes().maxSeen());
            assertTrue(saved.index().all.contains(Math.toIntExact(c.id())), "the customer created after the first save is in it");
        }
    }
}
