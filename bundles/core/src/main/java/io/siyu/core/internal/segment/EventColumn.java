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
     * A full build's events of one type: kept in the order the scan brings them in flat arrays, then laid out
     * per customer once by {@link #build}. Adding each event to its customer's array cost a copy
     * of that array per event, 10 M allocations for 10 M events, and was most of a rebuild.
     */
    static final class Bulk {
        private final boolean withAmounts;
        private int[] customers = new int[4096];
        private int[] times = new int[4096];
        private long[] amounts;
        private int size;
        private int maxCustomer = -1;

        Bulk(boolean withAmounts) {
            this.withAmounts = withAmounts;
            this.amounts = withAmounts ? new long[4096] : null;
        }

        void add(int customer, int time, long amount) {
            if (size == customers.length) {
                int grown = size + (size >> 1);
                customers = Arrays.copyOf(customers, grown);
                times = Arrays.copyOf(times, grown);
                if (withAmounts) {
                    amounts = Arrays.copyOf(amounts, grown);
                }
            }
            customers[size] = customer;
            times[size] = time;
            if (withAmounts) {
                amounts[size] = amount;
            }
            size++;
            maxCustomer = Math.max(maxCustomer, customer);
        }

        EventColumn build() {
            EventColumn col = new EventColumn(withAmounts);
            int slots = Math.max(1024, maxCustomer + 1);
            int[] counts = new int[slots];
            for (int i = 0; i < size; i++) {
                counts[customers[i]]++;
            }
            col.times = new int[slots][];
            col.amounts = withAmounts ? new long[slots][] : null;
            org.roaringbitmap.RoaringBitmapWriter<RoaringBitmap> has = org.roaringbitmap.RoaringBitmapWriter.writer().get();
            for (int c = 0; c < slots; c++) {
                if (counts[c] > 0) {
                    col.times[c] = new int[counts[c]];
                    if (withAmounts) {
                        col.amounts[c] = new long[counts[c]];
                    }
                    counts[c] = 0; // from here on: how many are filled in
                    has.add(c);
                }
            }
            col.has.or(has.get());
            for (int i = 0; i < size; i++) {
                int c = customers[i];
                int at = counts[c]++;
                col.times[c][at] = times[i];
                if (withAmounts) {
                    col.amounts[c][at] = amounts[i];
                }
            }
            for (int c = 0; c < slots; c++) {
                if (counts[c] > 1) {
                    sortByTime(col.times[c], withAmounts ? col.amounts[c] : null);
                }
            }
            return col;
        }
    }

    /**
     * Sorts times ascending, amounts along with them, keeping equal times in arrival order as
     * {@link #add} does (only windowed sums read the amounts, so the order among ties changes no
     * result). The scan's order is nearly always time order already.
     */
    static void sortByTime(int[] t, long[] a) {
        boolean sorted = true;
        for (int i = 1; i < t.length && sorted; i++) {
            sorted = t[i - 1] <= t[i];
        }
        if (sorted) {
            return;
        }
        if (a == null) {
            Arrays.sort(t);
            return;
        }
        // time in the high half, original position in the low half: a stable sort of both arrays
        long[] keyed = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            keyed[i] = ((long) t[i] << 32) | i;
        }
        Arrays.sort(keyed);
        long[] was = a.clone();
        for (int i = 0; i < t.length; i++) {
            int from = (int) keyed[i];
            t[i] = (int) (keyed[i] >> 32);
            a[i] = was[from];
        }
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
