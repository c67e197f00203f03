package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.customer.TagRule;
import java.util.List;

/** Checks an auto tag's rule; field paths start with the given prefix, e.g. {@code rule.minCount}. */
final class RuleValidator {
    static final int MAX_COUNT = 1_000_000;
    /** Ten years: windows beyond that are "ever" in practice. */
    static final int MAX_DAYS = 3650;

    private RuleValidator() {
    }

    static void check(TagRule rule, String path, List<FieldError> errors) {
        if (rule == null) {
            errors.add(FieldError.of(path, "an auto tag needs a rule, e.g. {\"eventType\":\"order\",\"minCount\":2}"));
            return;
        }
        String type = rule.eventType() == null ? "" : rule.eventType().strip();
        if (type.isEmpty()) {
            errors.add(FieldError.of(path + ".eventType", "is required"));
        } else if (type.length() > EventServiceImpl.MAX_TYPE || !EventServiceImpl.TYPE.matcher(type).matches()) {
            errors.add(FieldError.of(path + ".eventType", "'" + type + "' is not an event type (dotted lower case, e.g. order)"));
        } else if (type.startsWith("tag.")) {
            // tag history is written by the tagging itself, never ingested: a rule on it would never fire
            errors.add(FieldError.of(path + ".eventType", "rules cannot watch tag history"));
        }
        boolean hasProperty = rule.property() != null && !rule.property().isBlank();
        boolean hasValue = rule.value() != null;
        if (hasProperty != hasValue) {
            errors.add(FieldError.of(path + (hasProperty ? ".value" : ".property"), "property and value go together"));
        }
        if (hasProperty && rule.property().strip().length() > 64) {
            errors.add(FieldError.of(path + ".property", "must be at most 64 characters"));
        }
        if (hasValue && rule.value().length() > 256) {
            errors.add(FieldError.of(path + ".value", "must be at most 256 characters"));
        }
        if (rule.minCount() < 1 || rule.minCount() > MAX_COUNT) {
            errors.add(FieldError.of(path + ".minCount", "must be between 1 and " + MAX_COUNT));
        }
        if (rule.withinDays() != null && (rule.withinDays() < 1 || rule.withinDays() > MAX_DAYS)) {
            errors.add(FieldError.of(path + ".withinDays", "must be between 1 and " + MAX_DAYS + " (leave it out for ever)"));
        }
    }

    /** The checked rule in stored form: trimmed names, no empty property. */
    static TagRule normalize(TagRule rule) {
        if (rule == null) {
            return null;
        }
        boolean hasProperty = rule.property() != null && !rule.property().isBlank();
        return new TagRule(rule.eventType().strip(), hasProperty ? rule.property().strip() : null,
                hasProperty ? rule.value() : null, rule.minCount(), rule.withinDays());
    }
}
