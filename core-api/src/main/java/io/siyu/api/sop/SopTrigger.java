package io.siyu.api.sop;

import io.siyu.api.segment.Condition;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/** What starts an SOP instance. */
public sealed interface SopTrigger {

    /**
     * An event of a type whose properties equal {@code filters}: added through channel code X
     * ({@code contact.added} with {@code channelCode=X}), tag added, order placed, article read…
     */
    record Event(String eventType, Map<String, Object> filters) implements SopTrigger {
        public Event {
            Checks.text(eventType, "eventType");
            filters = filters == null ? Map.of() : Map.copyOf(filters);
        }
    }

    /** The customer entered the segment. */
    record SegmentEntered(long segmentId) implements SopTrigger {
    }

    /**
     * A date attribute plus {@code offsetDays}, at {@code time} in the customer's time zone: a
     * birthday ({@code yearly}), or 30 days after {@code lastOrderAt}.
     */
    record DateAttribute(String attribute, int offsetDays, boolean yearly, LocalTime time) implements SopTrigger {
        public DateAttribute {
            Checks.text(attribute, "attribute");
            Checks.require(Math.abs(offsetDays) <= 3650, "offsetDays", "must be within 3650 days");
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * A schedule, for group and moments SOPs.
     *
     * @param cron a Quartz-style cron expression, checked by the engine
     * @param audience customers to start an instance for at each firing; null for one instance that
     *        is not about a customer (its actions address groups or staff)
     */
    record Schedule(String cron, ZoneId zone, Condition audience) implements SopTrigger {
        public Schedule {
            Checks.text(cron, "cron");
            Objects.requireNonNull(zone, "zone");
        }
    }
}
