package io.siyu.core.internal.edition;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.edition.EditionContent.TagGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code SIYU-INF/tags.json}: the edition's tag taxonomy, enterprise tags by group.
 * <pre>
 * {"groups": [{"name": "资产", "order": 10, "tags": ["私行客户", "财富客户", "大众客户"]}]}
 * </pre>
 * Names follow the tag service's rules: no "/" (it separates group and tag in references), at most
 * 64 characters.
 */
final class TagsFile {
    static final String RESOURCE = "SIYU-INF/tags.json";
    static final int MAX_NAME = 64;

    private TagsFile() {
    }

    static List<TagGroup> read(JsonNode root, Problems problems) {
        List<TagGroup> out = new ArrayList<>();
        if (!Json.object(root, "", problems)) {
            return out;
        }
        Json.onlyFields(root, "", problems, Set.of("groups"));
        JsonNode list = Json.array(root, "groups", "", problems, true);
        Set<String> seen = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "groups[" + i + "]";
            JsonNode g = list.get(i);
            if (!Json.object(g, path, problems)) {
                continue;
            }
            Json.onlyFields(g, path, problems, Set.of("name", "order", "tags"));
            String name = name(Json.text(g, "name", path, problems, true), path + ".name", problems);
            if (name == null) {
                continue;
            }
            if (!seen.add(name)) {
                problems.report(path + ".name", "'" + name + "' is declared twice; the first one counts");
                continue;
            }
            int order = 0;
            JsonNode o = g.get("order");
            if (o != null && !o.isNull()) {
                if (o.canConvertToInt() && o.isIntegralNumber()) {
                    order = o.intValue();
                } else {
                    problems.report(path + ".order", "must be a whole number; 0 is used");
                }
            }
            Set<String> tags = new LinkedHashSet<>();
            List<String> declared = Json.texts(g, "tags", path, problems);
            for (int t = 0; t < declared.size(); t++) {
                String tag = name(declared.get(t), path + ".tags[" + t + "]", problems);
                if (tag != null) {
                    tags.add(tag);
                }
            }
            out.add(new TagGroup(name, order, List.copyOf(tags)));
        }
        return out;
    }

    private static String name(String name, String path, Problems problems) {
        if (name == null) {
            return null;
        }
        if (name.contains("/") || name.length() > MAX_NAME) {
            problems.report(path, "'" + name + "' must have no '/' and at most " + MAX_NAME + " characters; skipped");
            return null;
        }
        return name;
    }
}
