package io.siyu.channel.kit;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The callbacks accepted recently, to refuse a replay. Bounded twice: entries leave once their
 * timestamp could no longer pass the skew check, and the oldest leave when {@code capacity} is
 * reached (the only bound when the skew check is off).
 */
final class NonceMemory {
    private final long windowSeconds;
    private final int capacity;
    /** key → epoch second until which it is kept; insertion order is expiry order for a monotonic clock. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    NonceMemory(long windowSeconds, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.windowSeconds = windowSeconds;
        this.capacity = capacity;
    }

    synchronized boolean contains(String key, long nowSeconds) {
        evict(nowSeconds);
        return seen.containsKey(key);
    }

    /** Remembers {@code key}; false when it is already remembered (a replay). */
    synchronized boolean remember(String key, long nowSeconds) {
        evict(nowSeconds);
        if (seen.containsKey(key)) {
            return false;
        }
        // A timestamp passes the skew check while |now - ts| <= window, and ts <= seen-at + window,
        // so the callback can be replayed successfully until at most seen-at + 2 * window.
        seen.put(key, windowSeconds == 0 ? Long.MAX_VALUE : nowSeconds + 2 * windowSeconds);
        if (seen.size() > capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    synchronized void forget(String key) {
        seen.remove(key);
    }

    synchronized int size(long nowSeconds) {
        evict(nowSeconds);
        return seen.size();
    }

    private void evict(long nowSeconds) {
        if (windowSeconds == 0) {
            return;
        }
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue() >= nowSeconds) {
                return;
            }
            it.remove();
        }
    }
}
