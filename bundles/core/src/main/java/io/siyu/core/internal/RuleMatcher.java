package io.siyu.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.customer.TagRule;
import java.math.BigDecimal;
import java.util.List;

/** Decides whether stored events satisfy an auto tag's rule. */
final class RuleMatcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleMatcher() {
    }

    /** Whether the events (their properties as JSON, already of the rule's type and window) are enough. */
    static boolean satisfied(TagRule rule, List<String> propertiesOfEvents) {
        if (propertiesOfEvents == null) {
            return false;
        }
        if (rule.property() == null) {
            return propertiesOfEvents.size() >= rule.minCount();
        }
        int matching = 0;
        for (String json : propertiesOfEvents) {
            if (matches(rule, json) && ++matching >= rule.minCount()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The top-level property equals the rule's value: as text for strings, numerically for numbers
     * (so "2" matches 2.0), case-insensitively for booleans.
     */
    static boolean matches(TagRule rule, String propertiesJson) {
        JsonNode value;
        try {
            value = JSON.readTree(propertiesJson).get(rule.property());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event properties are not JSON: " + propertiesJson, e);
        }
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isNumber()) {
            try {
                return value.decimalValue().compareTo(new BigDecimal(rule.value().strip())) == 0;
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue()).equalsIgnoreCase(rule.value().strip());
        }
        return value.isTextual() ? value.textValue().equals(rule.value()) : value.toString().equals(rule.value());
    }
}
