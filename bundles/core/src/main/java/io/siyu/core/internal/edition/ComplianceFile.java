package io.siyu.core.internal.edition;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.api.edition.ComplianceRules;
import io.siyu.api.edition.ComplianceRules.RiskDisclosure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code SIYU-INF/compliance.json}: sensitive words and risk disclosures.
 * <pre>
 * {"sensitiveWords": ["保本", "稳赚"],
 *  "riskDisclosures": [{"id": "wealth-product", "name": "理财产品风险提示", "whenTags": ["产品/理财"],
 *                       "whenMentions": ["理财"], "phrase": "理财非存款，产品有风险，投资须谨慎"}]}
 * </pre>
 * A disclosure needs a phrase and at least one tag or mention to apply to.
 */
final class ComplianceFile {
    static final String RESOURCE = "SIYU-INF/compliance.json";

    private ComplianceFile() {
    }

    static ComplianceRules read(JsonNode root, Problems problems) {
        if (!Json.object(root, "", problems)) {
            return ComplianceRules.NONE;
        }
        Json.onlyFields(root, "", problems, Set.of("sensitiveWords", "riskDisclosures", "reviewBeforeUse"));
        JsonNode review = root.get("reviewBeforeUse");
        if (review != null && !review.isBoolean()) {
            problems.report("reviewBeforeUse", "must be true or false; taken as false");
        }
        boolean reviewBeforeUse = review != null && review.isBoolean() && review.booleanValue();
        List<String> words = List.copyOf(new LinkedHashSet<>(Json.texts(root, "sensitiveWords", "", problems)));
        List<RiskDisclosure> disclosures = new ArrayList<>();
        JsonNode list = Json.array(root, "riskDisclosures", "", problems, false);
        Set<String> seen = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = "riskDisclosures[" + i + "]";
            JsonNode d = list.get(i);
            if (!Json.object(d, path, problems)) {
                continue;
            }
            Json.onlyFields(d, path, problems, Set.of("id", "name", "whenTags", "whenMentions", "phrase"));
            String id = Json.id(d, "id", path, problems);
            String phrase = Json.text(d, "phrase", path, problems, true);
            List<String> tags = Json.texts(d, "whenTags", path, problems);
            List<String> mentions = Json.texts(d, "whenMentions", path, problems);
            for (int t = 0; t < tags.size(); t++) {
                if (tags.get(t).split("/", -1).length != 2) {
                    problems.report(path + ".whenTags[" + t + "]", "'" + tags.get(t) + "' must name a tag as group/name");
                }
            }
            if (id == null || phrase == null) {
                continue;
            }
            if (tags.isEmpty() && mentions.isEmpty()) {
                problems.report(path, "applies to nothing: give whenTags or whenMentions; skipped");
                continue;
            }
            if (!seen.add(id)) {
                problems.report(path + ".id", "'" + id + "' is declared twice; the first one counts");
                continue;
            }
            disclosures.add(new RiskDisclosure(id, Json.text(d, "name", path, problems, false),
                    tags.stream().filter(t -> t.split("/", -1).length == 2).toList(), mentions, phrase));
        }
        return new ComplianceRules(words, disclosures, reviewBeforeUse);
    }
}
