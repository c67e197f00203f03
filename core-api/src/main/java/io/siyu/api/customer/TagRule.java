package io.siyu.api.customer;

/**
 * When an auto tag applies: the customer did an event of {@code eventType} at least {@code minCount}
 * times, optionally only counting events whose top-level property {@code property} equals
 * {@code value}, and optionally only those of the last {@code withinDays} days. "Entered via channel
 * code X" is {@code contact.added, channelCode = X, 1}; "bought at least twice" is {@code order, 2}.
 *
 * @param minCount null means 1
 * @param withinDays null means "ever"
 */
public record TagRule(String eventType, String property, String value, Integer minCount, Integer withinDays) {
    public TagRule {
        minCount = minCount == null ? 1 : minCount;
    }

    public static TagRule atLeast(String eventType, int minCount) {
        return new TagRule(eventType, null, null, minCount, null);
    }
}
