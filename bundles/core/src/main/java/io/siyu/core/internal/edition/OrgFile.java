package io.siyu.core.internal.edition;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.edition.EditionContent.Position;
import io.siyu.api.edition.EditionContent.UnitKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code SIYU-INF/org.json}: the kinds of org unit and the positions staff hold in them.
 * <pre>
 * {"unitKinds": [{"id": "head-office", "name": "总行"}, {"id": "branch", "name": "分行", "parents": ["head-office"]}],
 *  "positions": [{"id": "account-manager", "name": "客户经理", "unitKinds": ["sub-branch"], "roles": ["account-manager"]}]}
 * </pre>
 * Parents and unit kinds must be declared kinds; roles are checked against roles.json once both
 * are read ({@link EditionResources}).
 */
final class OrgFile {
    static final String RESOURCE = "SIYU-INF/org.json";

    record Declared(List<UnitKind> unitKinds, List<Position> positions) {
        static final Declared NONE = new Declared(List.of(), List.of());
    }

    private OrgFile() {
    }

    static Declared read(JsonNode root, Problems problems) {
        if (!Json.object(root, "", problems)) {
            return Declared.NONE;
        }
        Json.onlyFields(root, "", problems, Set.of("unitKinds", "positions"));
        List<UnitKind> kinds = new ArrayList<>();
        Set<String> kindIds = new HashSet<>();
        JsonNode list = Json.array(root, "unitKinds", "", problems, false);
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "unitKinds[" + i + "]";
            JsonNode k = list.get(i);
            if (!Json.object(k, path, problems)) {
                continue;
            }
            Json.onlyFields(k, path, problems, Set.of("id", "name", "parents"));
            String id = Json.id(k, "id", path, problems);
            if (id == null) {
                continue;
            }
            if (kindIds.contains(id)) {
                problems.report(path + ".id", "'" + id + "' is declared twice; the first one counts");
                continue;
            }
            List<String> parents = Json.texts(k, "parents", path, problems);
            // parents come first, so the tree reads top-down and cannot loop
            List<String> unknown = parents.stream().filter(p -> !kindIds.contains(p)).toList();
            if (!unknown.isEmpty()) {
                problems.report(path + ".parents", unknown + " are not unit kinds declared before this one; "
                        + "the kind is skipped");
                continue;
            }
            kindIds.add(id);
            kinds.add(new UnitKind(id, Json.text(k, "name", path, problems, false), parents));
        }
        List<Position> positions = new ArrayList<>();
        Set<String> positionIds = new HashSet<>();
        list = Json.array(root, "positions", "", problems, false);
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "positions[" + i + "]";
            JsonNode p = list.get(i);
            if (!Json.object(p, path, problems)) {
                continue;
            }
            Json.onlyFields(p, path, problems, Set.of("id", "name", "unitKinds", "roles"));
            String id = Json.id(p, "id", path, problems);
            if (id == null) {
                continue;
            }
            if (!positionIds.add(id)) {
                problems.report(path + ".id", "'" + id + "' is declared twice; the first one counts");
                continue;
            }
            List<String> in = Json.texts(p, "unitKinds", path, problems);
            List<String> unknown = in.stream().filter(k -> !kindIds.contains(k)).toList();
            if (!unknown.isEmpty()) {
                problems.report(path + ".unitKinds", unknown + " are not declared unit kinds; the position is skipped");
                continue;
            }
            positions.add(new Position(id, Json.text(p, "name", path, problems, false), in,
                    Json.texts(p, "roles", path, problems)));
        }
        return new Declared(kinds, positions);
    }
}
