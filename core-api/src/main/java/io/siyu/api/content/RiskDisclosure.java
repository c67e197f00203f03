package io.siyu.api.content;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A phrase content must carry when it has one of {@code whenLabels} or mentions one of
 * {@code whenMentions}: a bank's "理财非存款，产品有风险，投资须谨慎" on wealth-product content.
 */
public record RiskDisclosure(String id, String name, List<String> whenLabels, List<String> whenMentions, String phrase) {
    public RiskDisclosure {
        Checks.text(id, "id");
        name = name == null || name.isBlank() ? id : name;
        whenLabels = whenLabels == null ? List.of() : List.copyOf(whenLabels);
        whenMentions = whenMentions == null ? List.of() : List.copyOf(whenMentions);
        Checks.text(phrase, "phrase");
        Checks.require(!whenLabels.isEmpty() || !whenMentions.isEmpty(), "whenLabels",
                "a disclosure applies when content has a label or mentions a word; name at least one");
    }

    /** Whether content with this text and these labels needs the phrase. */
    public boolean appliesTo(String text, Collection<String> labels) {
        String lower = text.toLowerCase(Locale.ROOT);
        return whenLabels.stream().anyMatch(labels::contains)
                || whenMentions.stream().anyMatch(m -> lower.contains(m.toLowerCase(Locale.ROOT)));
    }
}
