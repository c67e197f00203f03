package io.siyu.store.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts transactions this node committed that changed customers or events, so an in-memory
 * index knows it must catch up before answering (read-your-writes on the node that wrote)
 * without asking the database on every read.
 */
final class Commits {
    private static final AtomicLong COUNT = new AtomicLong();
    /** Set inside a transaction that changed something the index reads; cleared when it ends. */
    private static final ThreadLocal<boolean[]> CHANGED = ThreadLocal.withInitial(() -> new boolean[1]);

    private Commits() {
    }

    static void changed() {
        CHANGED.get()[0] = true;
    }

    static void committed() {
        boolean[] changed = CHANGED.get();
        if (changed[0]) {
            changed[0] = false;
            COUNT.incrementAndGet();
        }
    }

    static void rolledBack() {
        CHANGED.get()[0] = false;
    }

    static long count() {
        return COUNT.get();
    }
}
