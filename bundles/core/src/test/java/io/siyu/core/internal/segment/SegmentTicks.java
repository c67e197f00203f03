package io.siyu.core.internal.segment;

/** Lets tests in other packages run the segment service's background round by hand. */
public final class SegmentTicks {
    private SegmentTicks() {
    }

    public static void tick(SegmentServiceImpl segments) {
        segments.tick();
    }
}
