package io.siyu.core.internal.segment;

import io.siyu.api.UnavailableException;
import io.siyu.store.CustomerFacts;
import io.siyu.store.EventFact;
import io.siyu.store.IndexFeed;
import io.siyu.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.logging.Logger;
import org.roaringbitmap.RoaringBitmap;

/**
 * The customer index, built from the store on start and kept current by tailing the store's change
 * and event logs. Any node's writes arrive through the logs; this node's own writes are caught up
 * before the next read, so a client reads what it just wrote.
 */
final class SegmentIndex {
    private static final Logger LOG = Logger.getLogger(SegmentIndex.class.getName());
    static final int BATCH = 20_000;

    private final Store store;
    private final Clock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock catchUpLock = new ReentrantLock();
    private volatile CustomerIndex index;
    private SeqTracker changes;
    private SeqTracker events;
    private volatile long seenCommits = -1;
    /** Customers touched since the membership tracker last looked. */
    private RoaringBitmap touched = new RoaringBitmap();
    private volatile long builtInMillis;
    private volatile long scanned;
    private volatile long eventScanMillis;
    private volatile long tagScanMillis;

    static final String STORE_ID_SETTING = "index.store-id";
    static final String PRUNED_SETTING = "index.changes-pruned-before";
    /** Change rows are kept this long: a snapshot older than that cannot be caught up. */
    static final long CHANGE_RETENTION_MILLIS = 24 * 3600_000L;

    /** Where the index is saved between runs, or null for none. */
    private final java.nio.file.Path snapshotFile;
    private volatile boolean fromSnapshot;
    private long savedHeads = Long.MIN_VALUE;

    SegmentIndex(Store store, Clock clock, java.nio.file.Path snapshotFile) {
        this.store = store;
        this.clock = clock;
        this.snapshotFile = snapshotFile;
    }

    /** Loads the saved index and replays the logs since, or builds it from the store. */
    void start() {
        long t0 = System.nanoTime();
        if (loadSnapshot()) {
            catchUp();
            builtInMillis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info(() -> "Segment index loaded from its snapshot and caught up in " + builtInMillis + " ms");
        } else {
            rebuild();
            saveSnapshot();
        }
    }

    boolean fromSnapshot() {
        return fromSnapshot;
    }

    /** Read once: the save on a stop must not need the store, which may be going away too. */
    private String storeId() {
        String id = storeId;
        if (id == null) {
            store.settings().putIfAbsent(STORE_ID_SETTING, java.util.UUID.randomUUID().toString());
            storeId = id = store.settings().get(STORE_ID_SETTING).orElseThrow();
        }
        return id;
    }

    private volatile String storeId;

    private boolean loadSnapshot() {
        if (snapshotFile == null) {
            return false;
        }
        var loaded = IndexSnapshot.read(snapshotFile, storeId());
        if (loaded.isEmpty()) {
            return false;
        }
        IndexSnapshot.Loaded l = loaded.get();
        long prunedBefore = store.settings().get(PRUNED_SETTING).map(Long::parseLong).orElse(0L);
        IndexFeed feed = store.indexFeed();
        if (l.takenAtMillis() <= prunedBefore || feed.changeHead() < l.changes().maxSeen()
                || feed.eventHead() < l.events().maxSeen()) {
            LOG.info("The segment index snapshot is older than the change log or ahead of the database; rebuilding");
            return false;
        }
        lock.writeLock().lock();
        try {
            index = l.index();
            changes = l.changes();
            events = l.events();
        } finally {
            lock.writeLock().unlock();
        }
        fromSnapshot = true;
        return true;
    }

    /**
     * Saves the index. Catch-up waits meanwhile (a few seconds for a million customers), reads
     * do not.
     */
    void saveSnapshot() {
        if (snapshotFile == null || index == null) {
            return;
        }
        catchUpLock.lock();
        try {
            long heads = changes.maxSeen() * 31 + events.maxSeen();
            if (heads == savedHeads) {
                return; // nothing new since the last save
            }
            savedHeads = heads;
            long t0 = System.nanoTime();
            IndexSnapshot.write(snapshotFile, storeId(), clock.millis(), index, changes, events);
            LOG.info(() -> "Segment index saved to " + snapshotFile + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (java.io.IOException e) {
            LOG.log(java.util.logging.Level.WARNING, "Could not save the segment index to " + snapshotFile, e);
        } finally {
            catchUpLock.unlock();
        }
    }

    /** Forgets change rows every index has long applied; snapshots older than that are not used. */
    void pruneChangeLog() {
        long cutoff = clock.millis() - CHANGE_RETENTION_MILLIS;
        // Recorded first: a snapshot must never trust rows that may be gone.
        long previous = store.settings().get(PRUNED_SETTING).map(Long::parseLong).orElse(0L);
        if (cutoff > previous) {
            store.settings().put(PRUNED_SETTING, Long.toString(cutoff));
            store.indexFeed().pruneChanges(java.time.Instant.ofEpochMilli(cutoff));
        }
    }

    /** Builds the index from scratch; reads block until it is there. */
    void rebuild() {
        long start = System.nanoTime();
        IndexFeed feed = store.indexFeed();
        long commits = store.commitCount();
        long changeHead = feed.changeHead();
        long eventHead = feed.eventHead();
        CustomerIndex fresh = new CustomerIndex();
        scanned = 0;
        // Customers and events are read at the same time on two connections, and the tags on a
        // third where the store says so (Derby: tags are most of its rows); they fill disjoint parts
        // of the index.
        SeqTracker eventTracker = new SeqTracker(0);
        long now = clock.millis();
        Map<Long, RoaringBitmap> tagged = new java.util.HashMap<>();
        Runnable readTags = () -> {
            feed.scanTags((customer, tagIds) -> {
                int slot = CustomerIndex.slot(customer);
                for (long tag : tagIds) {
                    tagged.computeIfAbsent(tag, k -> new RoaringBitmap()).add(slot);
                }
            });
            tagScanMillis = (System.nanoTime() - start) / 1_000_000;
        };
        boolean tagsApart = feed.tagsReadApart();
        java.util.concurrent.CompletableFuture<Void> tagScan = tagsApart
                ? inBackground("siyu-segment-index-tags", readTags) : java.util.concurrent.CompletableFuture.completedFuture(null);
        java.util.concurrent.CompletableFuture<Void> eventScan = inBackground("siyu-segment-index-events", () -> {
            CustomerIndex.EventLoad load = new CustomerIndex.EventLoad();
            org.roaringbitmap.longlong.Roaring64Bitmap seqs = new org.roaringbitmap.longlong.Roaring64Bitmap();
            feed.scanEvents(eventHead, e -> {
                seqs.addLong(e.seq());
                load.add(e);
            });
            // The scan comes in table order; the tracker takes numbers ascending to find the gaps.
            org.roaringbitmap.longlong.LongIterator ascending = seqs.getLongIterator();
            while (ascending.hasNext()) {
                eventTracker.seen(ascending.next(), now);
            }
            eventScanMillis = (System.nanoTime() - start) / 1_000_000;
            fresh.putEvents(load);
        });
        feed.scanCustomers(f -> {
            fresh.putCustomer(f);
            scanned++;
        });
        long customerScanMillis = (System.nanoTime() - start) / 1_000_000;
        if (!tagsApart) {
            readTags.run();
        }
        try {
            tagScan.join();
            eventScan.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        // Tags of customers the customer scan did not see (deleted meanwhile, or created after it:
        // the change log brings those) are left out.
        fresh.putTags(tagged);
        // Events of customers the customer scan did not see: deleted meanwhile, or created after it
        // (the change log brings those, and then their events are read back).
        for (EventColumn col : fresh.events.values()) {
            RoaringBitmap unseen = RoaringBitmap.andNot(col.has, fresh.all);
            col.removeAll(unseen);
            fresh.eventsAwaitingCustomer.or(unseen);
        }
        eventTracker.advanceTo(eventHead, now);
        eventTracker.expire(now);
        fresh.runOptimize();
        lock.writeLock().lock();
        try {
            index = fresh;
            // Changes just below the head may have committed after the scan read their customer: read them again.
            changes = new SeqTracker(Math.max(0, changeHead - 1000));
            events = eventTracker;
            seenCommits = commits;
        } finally {
            lock.writeLock().unlock();
        }
        builtInMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info(() -> "Segment index built: " + fresh.all.getCardinality() + " customers in " + builtInMillis
                + " ms (customers read in " + customerScanMillis + " ms, tags in " + tagScanMillis + " ms, events in "
                + eventScanMillis + " ms)");
    }

    private static java.util.concurrent.CompletableFuture<Void> inBackground(String name, Runnable work) {
        return java.util.concurrent.CompletableFuture.runAsync(work, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        });
    }

    boolean ready() {
        return index != null;
    }

    long scanned() {
        return scanned;
    }

    long builtInMillis() {
        return builtInMillis;
    }

    /**
     * Applies what the logs hold beyond what was applied. Reloaded customers are read after the
     * event log, and only events the tracker has seen are put back, so no event counts twice.
     */
    void catchUp() {
        if (index == null) {
            return;
        }
        catchUpLock.lock();
        try {
            long commits = store.commitCount();
            IndexFeed feed = store.indexFeed();
            long now = clock.millis();
            boolean more = true;
            while (more) {
                List<IndexFeed.Change> changed = feed.changes(changes.ranges(), BATCH);
                List<EventFact> newEvents = feed.events(events.ranges(), BATCH);
                more = changed.size() == BATCH || newEvents.size() == BATCH;
                if (changed.isEmpty() && newEvents.isEmpty()) {
                    break;
                }
                RoaringBitmap reload = new RoaringBitmap();
                RoaringBitmap notBorn = new RoaringBitmap();
                List<Long> reloadIds = new ArrayList<>();
                for (IndexFeed.Change c : changed) {
                    changes.seen(c.seq(), now);
                    int slot = CustomerIndex.slot(c.customerId());
                    if (reload.checkedAdd(slot)) {
                        reloadIds.add(c.customerId());
                    }
                    if (!c.born()) {
                        notBorn.add(slot);
                    }
                }
                for (EventFact e : newEvents) {
                    events.seen(e.seq(), now);
                }
                Map<Long, CustomerFacts> facts = feed.customers(reloadIds);
                // A customer born in this batch (created with no event before it) has no events but
                // the ones the event log brings from now on, and those set aside when they came
                // before it: only the other customers' events are read back. (A burst of a million
                // customers created by events would otherwise read each one's events twice; a
                // restore or an undone merge brings customers with older events, not born.)
                RoaringBitmap readBack = RoaringBitmap.and(reload,
                        RoaringBitmap.or(RoaringBitmap.or(notBorn, index.all), index.eventsAwaitingCustomer));
                List<Long> readBackIds = new ArrayList<>();
                for (long id : facts.keySet()) {
                    if (readBack.contains(CustomerIndex.slot(id))) {
                        readBackIds.add(id);
                    }
                }
                List<EventFact> theirEvents = feed.eventsOf(readBackIds);
                RoaringBitmap affected = reload.clone();
                lock.writeLock().lock();
                try {
                    index.removeCustomers(reload);
                    index.eventsAwaitingCustomer.andNot(reload);
                    facts.values().forEach(index::putCustomer);
                    for (EventFact e : theirEvents) {
                        if (events.covers(e.seq())) {
                            index.addEvent(e);
                        }
                    }
                    for (EventFact e : newEvents) {
                        int c = CustomerIndex.slot(e.customerId());
                        if (reload.contains(c)) {
                            if (!readBack.contains(c) && index.all.contains(c)) {
                                index.addEvent(e); // a born customer's event, not read back above
                            }
                        } else if (index.all.contains(c)) {
                            index.addEvent(e);
                            affected.add(c);
                        } else {
                            index.eventsAwaitingCustomer.add(c);
                        }
                    }
                } finally {
                    lock.writeLock().unlock();
                }
                synchronized (this) {
                    touched.or(affected);
                }
            }
            changes.expire(now);
            events.expire(now);
            seenCommits = commits;
        } finally {
            catchUpLock.unlock();
        }
    }

    /** Customers touched since the last call. */
    synchronized RoaringBitmap drainTouched() {
        RoaringBitmap t = touched;
        touched = new RoaringBitmap();
        return t;
    }

    /**
     * Runs a read on a current index: waits for the first build, and catches up first if this
     * node has committed anything since the last catch-up.
     */
    <T> T read(Function<CustomerIndex, T> query) {
        awaitReady();
        if (store.commitCount() != seenCommits) {
            catchUp();
        }
        lock.readLock().lock();
        try {
            return query.apply(index);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (index == null) {
            if (System.nanoTime() > deadline) {
                throw new UnavailableException("the segment index is still being built (" + scanned + " customers read so far)");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while the segment index is being built");
            }
        }
    }

    long sizeInBytes() {
        return read(CustomerIndex::sizeInBytes);
    }
}
