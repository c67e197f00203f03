package io.siyu.api.customer;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The attribute merge strategies in force: a default and per-attribute overrides.
 *
 * @param defaultStrategy used for every attribute without an override ({@link MergeStrategy#MOST_RECENT} unless set)
 * @param overrides attribute name to strategy
 */
public record MergeStrategies(MergeStrategy defaultStrategy, Map<String, MergeStrategy> overrides) {
    public static final MergeStrategies DEFAULT = new MergeStrategies(MergeStrategy.MOST_RECENT, Map.of());

    public MergeStrategies {
        Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        overrides = overrides == null ? Map.of() : Map.copyOf(new TreeMap<>(overrides));
    }

    public MergeStrategy strategyFor(String attribute) {
        return overrides.getOrDefault(attribute, defaultStrategy);
    }

    /** A compact text form, {@code *=MOST_RECENT;city=OLDEST}, for storing as a setting. */
    public String encode() {
        StringBuilder s = new StringBuilder("*=").append(defaultStrategy.name());
        new TreeMap<>(overrides).forEach((k, v) -> s.append(';').append(k).append('=').append(v.name()));
        return s.toString();
    }

    /**
     * Reads {@link #encode()}'s form.
     *
     * @throws ValidationException naming the part that is not a strategy
     */
    public static MergeStrategies decode(String text) {
        MergeStrategy def = MergeStrategy.MOST_RECENT;
        Map<String, MergeStrategy> overrides = new TreeMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            try {
                MergeStrategy s = MergeStrategy.valueOf(value);
                if (name.equals("*")) {
                    def = s;
                } else {
                    overrides.put(name, s);
                }
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of(name.equals("*") ? "default" : "attributes." + name, "unknown strategy '" + value + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new MergeStrategies(def, overrides);
    }
}
