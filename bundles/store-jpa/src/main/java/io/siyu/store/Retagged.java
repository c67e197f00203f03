package io.siyu.store;

import java.util.Set;

/**
 * The outcome of one tagging transaction. When {@code unknownCustomers} is not empty nothing was
 * stored and the counts are zero.
 *
 * @param added customers the tag was put on now
 * @param removed customers it was taken off now
 */
public record Retagged(int added, int removed, Set<Long> unknownCustomers) {
    public Retagged {
        unknownCustomers = Set.copyOf(unknownCustomers);
    }

    public boolean ok() {
        return unknownCustomers.isEmpty();
    }
}
