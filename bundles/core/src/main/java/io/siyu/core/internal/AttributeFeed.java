package io.siyu.core.internal;

/**
 * An attribute an edition keeps from events: the value of {@code property} on the customer's newest
 * {@code eventType} event, e.g. the points balance a membership system reports with each change.
 */
public record AttributeFeed(String attribute, String eventType, String property) {
}
