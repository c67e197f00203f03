package io.siyu.core.internal.segment;

import io.siyu.store.IndexFeed.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which numbers of a commit-ordered log (customer_change.seq, customer_event.seq) this node has
 * applied. Numbers are drawn at insert time but become visible at commit, so a lower number can
 * appear after a higher one: the missing ones are kept as gaps and read again until they show
 * up or expire (a rolled-back transaction never fills its gap).
 */
final class SeqTracker {
    static final int MAX_GAPS = 64;
    static final long GAP_TTL_MILLIS = 15_000;

    private long maxSeen;
    /** from -> {to, first noticed at}. */
    private final TreeMap<Long, long[]> gaps = new TreeMap<>();

    SeqTracker(long start) {
        this.maxSeen = start;
    }

    long maxSeen() {
        return maxSeen;
    }

    /** What to read next: the open gaps and everything above the highest number seen. */
    List<Range> ranges() {
        List<Range> out = new ArrayList<>(gaps.size() + 1);
        gaps.forEach((from, v) -> out.add(new Range(from, v[0])));
        out.add(new Range(maxSeen + 1, Long.MAX_VALUE));
        return out;
    }

    /** Numbers must arrive ascending within one read. */
    void seen(long seq, long nowMillis) {
        if (seq > maxSeen) {
            if (seq > maxSeen + 1) {
                gaps.put(maxSeen + 1, new long[] {seq - 1, nowMillis});
            }
            maxSeen = seq;
            return;
        }
        Map.Entry<Long, long[]> gap = gaps.floorEntry(seq);
        if (gap == null || gap.getValue()[0] < seq) {
            return;
        }
        long from = gap.getKey();
        long to = gap.getValue()[0];
        long noticed = gap.getValue()[1];
        gaps.remove(from);
        if (from < seq) {
            gaps.put(from, new long[] {seq - 1, noticed});
        }
        if (seq < to) {
            gaps.put(seq + 1, new long[] {to, noticed});
        }
    }

    /** Treats every number up to {@code seq} as read; those not seen yet become a gap. */
    void advanceTo(long seq, long nowMillis) {
        if (seq > maxSeen) {
            gaps.put(maxSeen + 1, new long[] {seq, nowMillis});
            maxSeen = seq;
        }
    }

    /** True if the number has been applied (or given up on). */
    boolean covers(long seq) {
        if (seq > maxSeen) {
            return false;
        }
        Map.Entry<Long, long[]> gap = gaps.floorEntry(seq);
        return gap == null || gap.getValue()[0] < seq;
    }

    void expire(long nowMillis) {
        gaps.values().removeIf(v -> nowMillis - v[1] > GAP_TTL_MILLIS);
        while (gaps.size() > MAX_GAPS) {
            gaps.pollFirstEntry();
        }
    }

    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeLong(maxSeen);
        out.writeInt(gaps.size());
        for (Map.Entry<Long, long[]> g : gaps.entrySet()) {
            out.writeLong(g.getKey());
            out.writeLong(g.getValue()[0]);
            out.writeLong(g.getValue()[1]);
        }
    }

    static SeqTracker read(java.io.DataInputStream in) throws java.io.IOException {
        SeqTracker t = new SeqTracker(in.readLong());
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            t.gaps.put(in.readLong(), new long[] {in.readLong(), in.readLong()});
        }
        return t;
    }

    int openGaps() {
        return gaps.size();
    }
}
