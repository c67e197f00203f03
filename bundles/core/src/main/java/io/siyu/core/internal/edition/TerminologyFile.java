package io.siyu.core.internal.edition;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.edition.EditionContent.Term;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code SIYU-INF/terminology.json}: the words the edition's operators use, by term id.
 * <pre>
 * {"account-manager": {"zh": "客户经理", "en": "Account manager"}}
 * </pre>
 */
final class TerminologyFile {
    static final String RESOURCE = "SIYU-INF/terminology.json";

    private TerminologyFile() {
    }

    static Map<String, Term> read(JsonNode root, Problems problems) {
        Map<String, Term> out = new LinkedHashMap<>();
        if (!Json.object(root, "", problems)) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = e.getKey();
            if (!Json.ID.matcher(e.getKey()).matches()) {
                problems.report(path, "'" + e.getKey() + "' is not a term id (lower case, dashes); skipped");
                continue;
            }
            if (!Json.object(e.getValue(), path, problems)) {
                continue;
            }
            Json.onlyFields(e.getValue(), path, problems, Set.of("zh", "en"));
            String zh = Json.text(e.getValue(), "zh", path, problems, false);
            String en = Json.text(e.getValue(), "en", path, problems, false);
            if (zh == null && en == null) {
                problems.report(path, "has neither a zh nor an en label; skipped");
                continue;
            }
            out.put(e.getKey(), new Term(zh, en));
        }
        return out;
    }
}
