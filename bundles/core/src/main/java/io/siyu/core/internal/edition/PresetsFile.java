package io.siyu.core.internal.edition;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.ValidationException;
import io.siyu.api.edition.EditionContent.Parameter;
import io.siyu.api.edition.EditionContent.SegmentPreset;
import io.siyu.api.edition.EditionContent.SopTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code SIYU-INF/segments.json} and {@code SIYU-INF/sops.json}: parameters, segment presets and SOP
 * templates, read for their shape here; whether their conditions and steps are valid is checked by
 * {@link PresetChecks} once every parameter and preset of the edition is known.
 * <pre>
 * segments.json: {"parameters": [{"name": "bank.tier.private.min", "label": "私行客户门槛(元)", "type": "number",
 *                                 "default": 6000000}],
 *                 "presets": [{"id": "tier-private", "name": "私行客户", "description": "…",
 *                              "condition": {"type": "attribute", "attribute": "aum", "operator": "GE",
 *                                            "values": ["${bank.tier.private.min}"]}}]}
 * sops.json:     {"parameters": […],
 *                 "templates": [{"id": "birthday", "name": "生日祝福", "facets": {"scenario": "festival_greeting"},
 *                                "trigger": {…}, "steps": […]}]}
 * </pre>
 */
final class PresetsFile {
    static final String SEGMENTS = "SIYU-INF/segments.json";
    static final String SOPS = "SIYU-INF/sops.json";

    /** An entry with the path it was read at, for problems found later. */
    record At<T>(String path, T value) {
    }

    record Declared<T>(List<At<Parameter>> parameters, List<At<T>> entries) {
    }

    private PresetsFile() {
    }

    static Declared<SegmentPreset> segments(JsonNode root, Problems problems) {
        List<At<SegmentPreset>> out = new ArrayList<>();
        if (!Json.object(root, "", problems)) {
            return new Declared<>(List.of(), out);
        }
        Json.onlyFields(root, "", problems, Set.of("parameters", "presets"));
        List<At<Parameter>> parameters = parameters(root, problems);
        JsonNode list = Json.array(root, "presets", "", problems, true);
        Set<String> seen = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "presets[" + i + "]";
            JsonNode p = list.get(i);
            if (!Json.object(p, path, problems)) {
                continue;
            }
            Json.onlyFields(p, path, problems, Set.of("id", "name", "description", "condition"));
            String id = Json.id(p, "id", path, problems);
            String name = Json.text(p, "name", path, problems, true);
            JsonNode condition = p.get("condition");
            if (condition == null || !condition.isObject()) {
                problems.report(path + ".condition", "is required: a condition tree object");
                continue;
            }
            if (id == null || name == null) {
                continue;
            }
            if (!seen.add(id)) {
                problems.report(path + ".id", "'" + id + "' is declared twice; the first one counts");
                continue;
            }
            out.add(new At<>(path, new SegmentPreset(id, name, Json.text(p, "description", path, problems, false),
                    Json.plain(condition))));
        }
        return new Declared<>(parameters, out);
    }

    static Declared<SopTemplate> sops(JsonNode root, Problems problems) {
        List<At<SopTemplate>> out = new ArrayList<>();
        if (!Json.object(root, "", problems)) {
            return new Declared<>(List.of(), out);
        }
        Json.onlyFields(root, "", problems, Set.of("parameters", "templates"));
        List<At<Parameter>> parameters = parameters(root, problems);
        JsonNode list = Json.array(root, "templates", "", problems, true);
        Set<String> seen = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "templates[" + i + "]";
            JsonNode t = list.get(i);
            if (!Json.object(t, path, problems)) {
                continue;
            }
            Json.onlyFields(t, path, problems, Set.of("id", "name", "description", "facets", "trigger", "steps"));
            String id = Json.id(t, "id", path, problems);
            String name = Json.text(t, "name", path, problems, true);
            Map<String, String> facets = new LinkedHashMap<>();
            JsonNode f = t.get("facets");
            if (f != null && Json.object(f, path + ".facets", problems)) {
                for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isTextual()) {
                        facets.put(e.getKey(), e.getValue().asText());
                    } else {
                        problems.report(path + ".facets." + e.getKey(), "must be a text; left out");
                    }
                }
            }
            if (id == null || name == null) {
                continue;
            }
            if (!seen.add(id)) {
                problems.report(path + ".id", "'" + id + "' is declared twice; the first one counts");
                continue;
            }
            Map<String, Object> sop = new LinkedHashMap<>();
            Map<String, Object> all = Json.plain(t);
            sop.put("trigger", all.get("trigger"));
            sop.put("steps", all.get("steps"));
            out.add(new At<>(path, new SopTemplate(id, name, Json.text(t, "description", path, problems, false), facets,
                    sop)));
        }
        return new Declared<>(parameters, out);
    }

    private static List<At<Parameter>> parameters(JsonNode root, Problems problems) {
        List<At<Parameter>> out = new ArrayList<>();
        JsonNode list = Json.array(root, "parameters", "", problems, false);
        Set<String> seen = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "parameters[" + i + "]";
            JsonNode p = list.get(i);
            if (!Json.object(p, path, problems)) {
                continue;
            }
            Json.onlyFields(p, path, problems, Set.of("name", "label", "type", "default", "description"));
            String name = Json.text(p, "name", path, problems, true);
            String type = Json.text(p, "type", path, problems, true);
            if (name == null || type == null) {
                continue;
            }
            if (!Placeholders.PARAMETER.matcher("${" + name + "}").matches() || name.length() > 64) {
                problems.report(path + ".name", "'" + name + "' is not a parameter name (letters, digits, dots, dashes)");
                continue;
            }
            Parameter.Type t;
            try {
                // groupChats and group-chats both name GROUP_CHATS
                t = Parameter.Type.valueOf(type.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_')
                        .toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.report(path + ".type", "'" + type + "' is not number, integer, text, channel or groupChats");
                continue;
            }
            if (!seen.add(name)) {
                problems.report(path + ".name", "'" + name + "' is declared twice; the first one counts");
                continue;
            }
            JsonNode d = p.get("default");
            Object value = d == null || d.isNull() ? null : Json.MAPPER.convertValue(d, Object.class);
            try {
                out.add(new At<>(path, new Parameter(name, Json.text(p, "label", path, problems, false), t, value,
                        Json.text(p, "description", path, problems, false))));
            } catch (ValidationException e) {
                problems.report(path + ".default", "'" + value + "' does not fit type " + type + ": "
                        + e.errors().get(0).message());
            }
        }
        return out;
    }
}
