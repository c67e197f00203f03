package io.siyu.api;

import java.util.List;

/** One page of a longer result: the items, the total number of matches, and where the page starts. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    public Page {
        items = List.copyOf(items);
        if (total < 0 || offset < 0 || limit < 0) {
            throw new IllegalArgumentException("total, offset and limit must not be negative");
        }
    }

    public boolean hasMore() {
        return (long) offset + items.size() < total;
    }
}
