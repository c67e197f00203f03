package io.siyu.core.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.RfmRule;
import io.siyu.core.internal.TestStores;
import io.siyu.store.IndexFeed;
import io.siyu.store.NewEvent;
import io.siyu.store.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Catching up on customers created by events or imports ("born"): their events come from the event
 * log as it is read, not read back per customer; when the event log runs ahead of the change log
 * their events wait for them (across a snapshot too); customers coming back with older events (an
 * undone merge) are read back. Each checked against a rebuild from the store.
 */
class SegmentIndexCatchUpTest {
    static final Instant NOW = SegmentOracleTest.NOW;
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    TestStores stores;
    Store real;
    /** The store as the index sees it: its change log can be held back, read-backs are counted. */
    Store seen;
    volatile boolean holdChanges;
    final Set<Long> readBack = java.util.Collections.synchronizedSet(new HashSet<>());
    final List<Long> tags = new ArrayList<>();
    final List<Long> customers = new ArrayList<>();
    final Random random = new Random(11);

    @BeforeEach
    void open() {
        stores = TestStores.derbyStore();
        real = stores.store;
        for (int i = 0; i < 3; i++) {
            tags.add(real.tags().insert(new io.siyu.api.customer.TagDraft("g", "t" + i, null), NOW).id());
        }
        for (int i = 0; i < 20; i++) {
            customers.add(real.customers().insert(SegmentOracleTest.randomCustomer(random, tags, i), NOW).id());
        }
        real.events().ingest(SegmentOracleTest.randomEvents(random, customers, 100, "old"), NOW);
        IndexFeed feed = real.indexFeed();
        IndexFeed watched = (IndexFeed) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {IndexFeed.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("changes") && holdChanges) {
                        return List.of();
                    }
                    if (method.getName().equals("eventsOf")) {
                        @SuppressWarnings("unchecked")
                        Collection<Long> ids = (Collection<Long>) args[0];
                        readBack.addAll(ids);
                    }
                    return invoke(method, feed, args);
                });
        seen = (Store) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> method.getName().equals("indexFeed") ? watched : invoke(method, real, args));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @AfterEach
    void close() {
        stores.close();
    }

    /** Events naming phones the store has not seen: each phone becomes a new customer. */
    private Set<Long> newcomers(String prefix, int phones, int events) {
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            NewEvent e = SegmentOracleTest.randomEvents(random, customers, 1, prefix + i).get(0);
            ChannelIdentity phone = ChannelIdentity.of(IdentityType.PHONE, String.format("+8613%s%07d", prefix.length(), i % phones));
            batch.add(new NewEvent(e.id(), e.type(), e.occurredAt(), e.channel(), null, phone, "{}", List.of(), e.amount()));
        }
        assertEquals(phones, real.events().ingest(batch, NOW).createdCustomers());
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < phones; i++) {
            ids.add(real.customers().findIdByIdentity(
                    ChannelIdentity.of(IdentityType.PHONE, String.format("+8613%s%07d", prefix.length(), i))).orElseThrow());
        }
        return ids;
    }

    /** The index answers as one rebuilt from the store: same customers, same event columns, same segments. */
    private void assertSameAsRebuilt(SegmentIndex index) {
        SegmentIndex rebuilt = new SegmentIndex(real, CLOCK, null);
        rebuilt.start();
        RoaringBitmap wantAll = rebuilt.read(ix -> ix.all.clone());
        RoaringBitmap gotAll = index.read(ix -> ix.all.clone());
        assertEquals(wantAll, gotAll);
        for (String type : SegmentOracleTest.TYPES) {
            RoaringBitmap want = rebuilt.read(ix -> ix.events(type) == null ? new RoaringBitmap() : ix.events(type).has.clone());
            RoaringBitmap got = index.read(ix -> ix.events(type) == null ? new RoaringBitmap() : ix.events(type).has.clone());
            assertEquals(want, got, "customers with " + type + " events");
        }
        for (int round = 0; round < 60; round++) {
            Condition c = SegmentOracleTest.randomCondition(random, tags, List.of(), 2);
            RoaringBitmap a = index.read(ix -> new SegmentEvaluator(ix, NOW, RfmRule.DEFAULT, id -> null).evaluate(c));
            RoaringBitmap b = rebuilt.read(ix -> new SegmentEvaluator(ix, NOW, RfmRule.DEFAULT, id -> null).evaluate(c));
            assertEquals(b, a, "round " + round + ": " + c);
        }
    }

    @Test
    void newCustomersAreCaughtUpFromTheEventLogWithoutReadingTheirEventsBack() {
        SegmentIndex index = new SegmentIndex(seen, CLOCK, null);
        index.start();
        Set<Long> fresh = newcomers("a", 40, 200);
        real.events().ingest(SegmentOracleTest.randomEvents(random, customers, 50, "more"), NOW);
        index.catchUp();

        assertTrue(readBack.stream().noneMatch(fresh::contains), "read back: " + readBack);
        assertSameAsRebuilt(index);
    }

    @Test
    void aCustomerBroughtBackByAnUndoneMergeGetsItsOlderEventsBack() {
        SegmentIndex index = new SegmentIndex(seen, CLOCK, null);
        index.start();
        long a = customers.get(0);
        long b = customers.get(1);
        real.events().ingest(SegmentOracleTest.randomEvents(random, List.of(b), 20, "b"), NOW);
        index.catchUp();
        io.siyu.api.customer.MergeRecord m = real.identities().merge(b, a, "customerId", "alice", NOW);
        index.catchUp();
        assertSameAsRebuilt(index);

        real.identities().undo(m.id(), "bob", NOW); // b is back, with events older than the index's log position
        index.catchUp();
        assertSameAsRebuilt(index);
    }

    @Test
    void eventsSeenBeforeTheirCustomerWaitForItAndAreReadBackThen() {
        SegmentIndex index = new SegmentIndex(seen, CLOCK, null);
        index.start();
        holdChanges = true;
        Set<Long> fresh = newcomers("ab", 30, 150);
        index.catchUp(); // the events arrive; their customers are not known yet
        holdChanges = false;
        index.catchUp();

        assertTrue(readBack.containsAll(fresh), "read back: " + readBack);
        assertSameAsRebuilt(index);
    }

    @Test
    void eventsWaitingForTheirCustomerAreKeptInTheSnapshot() {
        Path file = dir.resolve("index.bin");
        SegmentIndex before = new SegmentIndex(seen, CLOCK, file);
        before.start();
        holdChanges = true;
        Set<Long> fresh = newcomers("abc", 25, 100);
        before.catchUp();
        before.saveSnapshot();
        holdChanges = false;

        SegmentIndex restarted = new SegmentIndex(seen, CLOCK, file);
        restarted.start(); // loads the snapshot and catches up
        assertTrue(restarted.fromSnapshot());
        assertTrue(readBack.containsAll(fresh), "read back: " + readBack);
        assertSameAsRebuilt(restarted);
    }
}
