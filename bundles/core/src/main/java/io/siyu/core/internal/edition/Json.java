package io.siyu.core.internal.edition;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reading edition resources as JSON trees, so every problem can name the path of the node it is
 * about. A getter that finds a problem reports it and returns null; the caller skips the entry.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Ids of declared things: lower case with dashes, short enough for setting names. */
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,47}");

    private Json() {
    }

    static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    /** A required id matching {@link #ID}. */
    static String id(JsonNode node, String field, String path, Problems problems) {
        String id = text(node, field, path, problems, true);
        if (id != null && !ID.matcher(id).matches()) {
            problems.report(at(path, field), "'" + id + "' is not an id: lower-case letters, digits and dashes, "
                    + "starting with a letter, at most 48 characters");
            return null;
        }
        return id;
    }

    /** A text field; absent optional fields are null without a problem. */
    static String text(JsonNode node, String field, String path, Problems problems, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.report(at(path, field), "is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.report(at(path, field), "must be a non-empty text");
            return null;
        }
        return v.asText().strip();
    }

    /** An optional list of non-empty texts; bad items are reported and left out. */
    static List<String> texts(JsonNode node, String field, String path, Problems problems) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            problems.report(at(path, field), "must be a list of texts");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problems.report(at(at(path, field), i), "must be a non-empty text");
            } else {
                out.add(item.asText().strip());
            }
        }
        return out;
    }

    /** The elements of a required array field; null (reported) if it is missing or not an array. */
    static JsonNode array(JsonNode node, String field, String path, Problems problems, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.report(at(path, field), "is required: a list");
            }
            return null;
        }
        if (!v.isArray()) {
            problems.report(at(path, field), "must be a list");
            return null;
        }
        return v;
    }

    /** Reports fields of an object that the format does not know, which are almost always typos. */
    static void onlyFields(JsonNode node, String path, Problems problems, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                problems.report(at(path, f), "is not a known field (known: " + String.join(", ", known) + "); ignored");
            }
        }
    }

    /** Is the node an object? Reports it if not. */
    static boolean object(JsonNode node, String path, Problems problems) {
        if (node == null || !node.isObject()) {
            problems.report(path, "must be an object");
            return false;
        }
        return true;
    }

    /** The node as plain values: maps (in order), lists, strings, numbers (decimals as BigDecimal), booleans. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(JsonNode object) {
        return MAPPER.convertValue(object, LinkedHashMap.class);
    }
}
