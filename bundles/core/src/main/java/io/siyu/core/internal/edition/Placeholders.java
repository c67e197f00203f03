package io.siyu.core.internal.edition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three placeholders presets and templates may hold in their JSON: {@code "${name}"} for a
 * parameter (the whole string: the value with its type; inside a text: the value as text),
 * {@code {"tag": "group/name"}} for the id of that enterprise tag and {@code {"segmentPreset": "id"}}
 * for the id of the segment the edition's preset became. Tags and segments are named rather than
 * numbered because their ids differ on every installation.
 */
final class Placeholders {
    static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9.-]*)}");

    /** What the placeholders stand for, on one installation. */
    interface Values {
        Object parameter(String name);

        long tag(String group, String name);

        long segmentPreset(String presetId);
    }

    /** The references a tree makes. */
    record References(Set<String> parameters, Set<String> tags, Set<String> segmentPresets) {
    }

    private Placeholders() {
    }

    static Object resolve(Object tree, Values values) {
        if (tree instanceof Map<?, ?> map) {
            String tag = ref(map, "tag");
            if (tag != null) {
                String[] parts = tag.split("/", -1);
                return values.tag(parts[0], parts[1]);
            }
            String preset = ref(map, "segmentPreset");
            if (preset != null) {
                return values.segmentPreset(preset);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, values)));
            return out;
        }
        if (tree instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(resolve(v, values)));
            return out;
        }
        if (tree instanceof String s) {
            Matcher m = PARAMETER.matcher(s);
            if (m.matches()) {
                return values.parameter(m.group(1));
            }
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                Object v = values.parameter(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(v instanceof BigDecimal d ? d.toPlainString()
                        : String.valueOf(v)));
            }
            m.appendTail(out);
            return out.toString();
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resolveObject(Map<String, Object> tree, Values values) {
        return (Map<String, Object>) resolve(tree, values);
    }

    /** Every reference in the tree; malformed tag references ("group/name") are given to {@code bad}. */
    static References references(Object tree, java.util.function.Consumer<String> bad) {
        References refs = new References(new java.util.LinkedHashSet<>(), new java.util.LinkedHashSet<>(),
                new java.util.LinkedHashSet<>());
        collect(tree, refs, bad);
        return refs;
    }

    private static void collect(Object tree, References refs, java.util.function.Consumer<String> bad) {
        if (tree instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("tag")) {
                Object t = map.get("tag");
                String[] parts = t instanceof String s ? s.split("/", -1) : new String[0];
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    bad.accept("{\"tag\": " + t + "} must name a tag as \"group/name\"");
                } else {
                    refs.tags().add((String) t);
                }
                return;
            }
            if (map.size() == 1 && map.containsKey("segmentPreset")) {
                Object p = map.get("segmentPreset");
                if (p instanceof String s) {
                    refs.segmentPresets().add(s);
                } else {
                    bad.accept("{\"segmentPreset\": " + p + "} must name a preset by its id");
                }
                return;
            }
            map.values().forEach(v -> collect(v, refs, bad));
        } else if (tree instanceof List<?> list) {
            list.forEach(v -> collect(v, refs, bad));
        } else if (tree instanceof String s) {
            Matcher m = PARAMETER.matcher(s);
            while (m.find()) {
                refs.parameters().add(m.group(1));
            }
        }
    }

    private static String ref(Map<?, ?> map, String key) {
        return map.size() == 1 && map.get(key) instanceof String s ? s : null;
    }
}
