package io.siyu.core.internal.edition;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.ValidationException;
import io.siyu.api.edition.EditionRole;
import io.siyu.api.edition.OperatingModel;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code SIYU-INF/roles.json}: the edition's operating models and its roles.
 * <pre>
 * {"operatingModels": {"default": "hq-direct",
 *                      "models": [{"id": "hq-direct", "name": "总行直营", "description": "…"}]},
 *  "roles": [{"id": "branch-manager", "name": "分行负责人", "description": "…",
 *             "permissions": ["customer.read"], "scope": "UNIT_SUBTREE",
 *             "models": {"manager-led": {"permissions": ["customer.read", "content.approve"]}}}]}
 * </pre>
 * Under a model a role has that model's {@code permissions} and {@code scope} where given, else the
 * role's own. A role whose scope cannot be told is skipped (guessing would widen access); a
 * permission that is not a valid name is left out of the role.
 */
final class RolesFile {
    static final String RESOURCE = "SIYU-INF/roles.json";

    record Declared(List<OperatingModel> models, String defaultModel, List<EditionRole> roles) {
        static final Declared NONE = new Declared(List.of(), null, List.of());
    }

    private RolesFile() {
    }

    static Declared read(JsonNode root, Problems problems) {
        if (!Json.object(root, "", problems)) {
            return Declared.NONE;
        }
        Json.onlyFields(root, "", problems, Set.of("operatingModels", "roles"));
        List<OperatingModel> models = new ArrayList<>();
        String defaultModel = null;
        JsonNode om = root.get("operatingModels");
        if (om != null && Json.object(om, "operatingModels", problems)) {
            Json.onlyFields(om, "operatingModels", problems, Set.of("default", "models"));
            JsonNode list = Json.array(om, "models", "operatingModels", problems, true);
            Set<String> seen = new HashSet<>();
            for (int i = 0; list != null && i < list.size(); i++) {
                String path = "operatingModels.models[" + i + "]";
                JsonNode m = list.get(i);
                if (!Json.object(m, path, problems)) {
                    continue;
                }
                Json.onlyFields(m, path, problems, Set.of("id", "name", "description"));
                String id = Json.id(m, "id", path, problems);
                if (id == null) {
                    continue;
                }
                if (!seen.add(id)) {
                    problems.report(path + ".id", "'" + id + "' is declared twice; the first one counts");
                    continue;
                }
                models.add(new OperatingModel(id, Json.text(m, "name", path, problems, false),
                        Json.text(m, "description", path, problems, false)));
            }
            defaultModel = Json.text(om, "default", "operatingModels", problems, false);
            if (!models.isEmpty() && (defaultModel == null || !seen.contains(defaultModel))) {
                String first = models.get(0).id();
                problems.report("operatingModels.default", (defaultModel == null ? "is missing" : "'" + defaultModel
                        + "' is not one of the models") + "; the first model, " + first + ", is the default");
                defaultModel = first;
            }
            if (models.isEmpty()) {
                defaultModel = null;
            }
        }
        Set<String> modelIds = new HashSet<>();
        models.forEach(m -> modelIds.add(m.id()));
        List<EditionRole> roles = new ArrayList<>();
        JsonNode list = Json.array(root, "roles", "", problems, false);
        Set<String> seen = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            EditionRole role = role(list.get(i), "roles[" + i + "]", modelIds, problems);
            if (role != null && !seen.add(role.id())) {
                problems.report("roles[" + i + "].id", "'" + role.id() + "' is declared twice; the first one counts");
            } else if (role != null) {
                roles.add(role);
            }
        }
        return new Declared(models, defaultModel, roles);
    }

    private static EditionRole role(JsonNode r, String path, Set<String> models, Problems problems) {
        if (!Json.object(r, path, problems)) {
            return null;
        }
        Json.onlyFields(r, path, problems, Set.of("id", "name", "description", "permissions", "scope", "models"));
        String id = Json.id(r, "id", path, problems);
        if (id == null) {
            return null;
        }
        Set<Permission> permissions = permissions(r, path, problems);
        DataScope scope = scope(r, path, problems);
        if (scope == null && r.hasNonNull("scope")) {
            return null; // reported: an unreadable scope
        }
        Map<String, EditionRole.Grant> byModel = new LinkedHashMap<>();
        JsonNode m = r.get("models");
        if (m != null && Json.object(m, path + ".models", problems)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String mp = path + ".models." + e.getKey();
                if (!models.contains(e.getKey())) {
                    problems.report(mp, "'" + e.getKey() + "' is not one of the operating models " + models + "; ignored");
                    continue;
                }
                if (!Json.object(e.getValue(), mp, problems)) {
                    return null;
                }
                Json.onlyFields(e.getValue(), mp, problems, Set.of("permissions", "scope"));
                Set<Permission> p = e.getValue().has("permissions") ? permissions(e.getValue(), mp, problems) : permissions;
                DataScope s = scope;
                if (e.getValue().hasNonNull("scope")) {
                    s = scope(e.getValue(), mp, problems);
                    if (s == null) {
                        return null; // reported
                    }
                } else if (s == null) {
                    problems.report(mp + ".scope", "is required here when the role has no scope of its own; "
                            + "the role is skipped");
                    return null;
                }
                byModel.put(e.getKey(), new EditionRole.Grant(p, s));
            }
        }
        if (scope == null) {
            if (!byModel.keySet().containsAll(models) || models.isEmpty()) {
                problems.report(path + ".scope", "is required unless every operating model gives one; the role is skipped");
                return null;
            }
            // every model has its own scope: the role's own grant applies only to models added later, so keep it narrow
            scope = DataScope.OWN;
        }
        return new EditionRole(id, Json.text(r, "name", path, problems, false),
                Json.text(r, "description", path, problems, false), new EditionRole.Grant(permissions, scope), byModel);
    }

    private static Set<Permission> permissions(JsonNode node, String path, Problems problems) {
        Set<Permission> out = new LinkedHashSet<>();
        JsonNode list = Json.array(node, "permissions", path, problems, false);
        for (int i = 0; list != null && i < list.size(); i++) {
            String p = path + ".permissions[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isTextual()) {
                problems.report(p, "must be a permission name such as customer.read; left out");
                continue;
            }
            try {
                out.add(Permission.of(item.asText().strip()));
            } catch (ValidationException e) {
                problems.report(p, "'" + item.asText() + "' is not a permission name (area.action, lower case); left out");
            }
        }
        return out;
    }

    private static DataScope scope(JsonNode node, String path, Problems problems) {
        String s = Json.text(node, "scope", path, problems, false);
        if (s == null) {
            return null;
        }
        try {
            return DataScope.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.report(path + ".scope", "'" + s + "' is not one of " + Arrays.toString(DataScope.values())
                    + "; the role is skipped");
            return null;
        }
    }
}
