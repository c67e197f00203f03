package io.siyu.api.masssend;

import java.util.List;

/** Who a mass send is for: the members of a segment when it is planned, or a fixed list of customers. */
public record Audience(Long segmentId, List<Long> customerIds) {
    public Audience {
        customerIds = customerIds == null ? null : List.copyOf(customerIds);
        if ((segmentId == null) == (customerIds == null || customerIds.isEmpty())) {
            throw new IllegalArgumentException("an audience is a segment or a list of customers, exactly one");
        }
    }

    public static Audience segment(long segmentId) {
        return new Audience(segmentId, null);
    }

    public static Audience customers(List<Long> customerIds) {
        return new Audience(null, customerIds);
    }
}
