package io.siyu.core.internal.segment;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * One event type across all customers: per customer the sorted times (seconds since 2000, so an
 * int) and, for orders and refunds, the amounts in ten-thousandths, in the same order. Arrays
 * indexed by customer id keep 10 million events in well under 100 MB.
 */
final class EventColumn {
    static final long TIME_BASE = 946_684_800L; // 2000-01-01T00:00:00Z

    final RoaringBitmap has = new RoaringBitmap();
    private final boolean withAmounts;
    private int[][] times = new int[1024][];
    private long[][] amounts;

    EventColumn(boolean withAmounts) {
        this.withAmounts = withAmounts;
        this.amounts = withAmounts ? new long[1024][] : null;
    }

    static int seconds(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000L) - TIME_BASE;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, s));
    }

    void add(int customer, int time, long amount) {
        if (put(customer, time, amount)) {
            has.add(customer);
        }
    }

    /**
     * {@link #add} without {@link #has}, for a full build: events come in log order, so customers
     * in random order, and inserting each into the bitmap cost a rebuild of 10 M events 5 s of
     * CPU. {@link #indexCustomers} fills it afterwards in one ascending pass.
     */
    void addUnindexed(int customer, int time, long amount) {
        put(customer, time, amount);
    }

    /** Sets {@link #has} to the customers holding events, after {@link #addUnindexed}. */
    void indexCustomers() {
        org.roaringbitmap.RoaringBitmapWriter<RoaringBitmap> w = org.roaringbitmap.RoaringBitmapWriter.writer().get();
        for (int c = 0; c < times.length; c++) {
            if (times[c] != null) {
                w.add(c);
            }
        }
        has.clear();
        has.or(w.get());
    }

    /** Stores the event; true if it is the customer's first of this type. */
    private boolean put(int customer, int time, long amount) {
        if (customer >= times.length) {
            int size = Math.max(customer + 1, times.length * 2);
            times = Arrays.copyOf(times, size);
            if (withAmounts) {
                amounts = Arrays.copyOf(amounts, size);
            }
        }
        int[] t = times[customer];
        if (t == null) {
            times[customer] = new int[] {time};
            if (withAmounts) {
                amounts[customer] = new long[] {amount};
            }
            return true;
        }
        // Events mostly arrive in time order, so this is nearly always an append.
        int at = t.length;
        while (at > 0 && t[at - 1] > time) {
            at--;
        }
        int[] nt = new int[t.length + 1];
        System.arraycopy(t, 0, nt, 0, at);
        nt[at] = time;
        System.arraycopy(t, at, nt, at + 1, t.length - at);
        times[customer] = nt;
        if (withAmounts) {
            long[] a = amounts[customer];
            long[] na = new long[a.length + 1];
            System.arraycopy(a, 0, na, 0, at);
            na[at] = amount;
            System.arraycopy(a, at, na, at + 1, a.length - at);
            amounts[customer] = na;
        }
        return false;
    }

    void removeAll(RoaringBitmap customers) {
        RoaringBitmap present = RoaringBitmap.and(has, customers);
        present.forEach((int c) -> {
            times[c] = null;
            if (withAmounts) {
                amounts[c] = null;
            }
        });
        has.andNot(present);
    }

    /** Sorted times of a customer, or null. */
    int[] times(int customer) {
        return customer < times.length ? times[customer] : null;
    }

    /** Amounts aligned with {@link #times}, or null. */
    long[] amounts(int customer) {
        return withAmounts && customer < amounts.length ? amounts[customer] : null;
    }

    /** Events at or after {@code cutoff}. */
    static int countSince(int[] t, int cutoff) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < cutoff) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return t.length - lo;
    }

    boolean withAmounts() {
        return withAmounts;
    }

    /** Puts back a customer's events as written by {@link #times} and {@link #amounts} (snapshot load). */
    void put(int customer, int[] t, long[] a) {
        if (customer >= times.length) {
            int size = Math.max(customer + 1, times.length * 2);
            times = Arrays.copyOf(times, size);
            if (withAmounts) {
                amounts = Arrays.copyOf(amounts, size);
            }
        }
        times[customer] = t;
        if (withAmounts) {
            amounts[customer] = a;
        }
        has.add(customer);
    }

    long sizeInBytes() {
        long n = has.getLongSizeInBytes() + 16L + 4L * times.length;
        for (int[] t : times) {
            if (t != null) {
                n += 16 + 4L * t.length;
            }
        }
        if (withAmounts) {
            n += 16L + 4L * amounts.length;
            for (long[] a : amounts) {
                if (a != null) {
                    n += 16 + 8L * a.length;
                }
            }
        }
        return n;
    }
}
