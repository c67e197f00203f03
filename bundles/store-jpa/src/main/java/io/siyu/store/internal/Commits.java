package io.siyu.store.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts transactions committed by this node, so an in-memory index knows it must catch up
 * before answering (read-your-writes on the node that wrote) without asking the database.
 */
final class Commits {
    private static final AtomicLong COUNT = new AtomicLong();

    private Commits() {
    }

    static void committed() {
        COUNT.incrementAndGet();
    }

    static long count() {
        return COUNT.get();
    }
}
