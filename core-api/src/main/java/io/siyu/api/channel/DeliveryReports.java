package io.siyu.api.channel;

/**
 * Where adapters report what providers tell later about messages: completion callbacks
 * (TEMPLATESENDJOBFINISH, MASSSENDJOBFINISH) and polled results (WeCom group message results).
 * Implemented by core's outbox. Reports may repeat and arrive out of order; a final state is never
 * overwritten.
 */
public interface DeliveryReports {
    /** Records the status; one the outbox cannot match to a message is logged and dropped. */
    void report(DeliveryStatus status);
}
