package io.siyu.api.edition;

import io.siyu.api.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The declared part of an edition's content review: words outbound content must not contain
 * (a bank's 保本, 稳赚) and risk disclosures it must carry when it is about certain products (content
 * tagged 产品/理财 or mentioning 理财 must say 理财非存款，产品有风险，投资须谨慎). Rules that cannot be
 * declared belong in an {@link EditionHook}. With {@code reviewBeforeUse}, while the edition is active
 * every mass send must carry content approved in the content library (maker-checker), not free text.
 *
 * @since 1.2
 */
public record ComplianceRules(List<String> sensitiveWords, List<RiskDisclosure> riskDisclosures,
        boolean reviewBeforeUse) {
    public static final ComplianceRules NONE = new ComplianceRules(List.of(), List.of(), false);

    /** Rules that check content without requiring every send to use reviewed content. */
    public ComplianceRules(List<String> sensitiveWords, List<RiskDisclosure> riskDisclosures) {
        this(sensitiveWords, riskDisclosures, false);
    }

    /**
     * A phrase content must contain when it carries one of {@code whenTags} ("group/name") or
     * mentions one of {@code whenMentions}.
     */
    public record RiskDisclosure(String id, String name, List<String> whenTags, List<String> whenMentions,
            String phrase) {
        public RiskDisclosure {
            Objects.requireNonNull(id, "id");
            name = name == null || name.isBlank() ? id : name;
            whenTags = whenTags == null ? List.of() : List.copyOf(whenTags);
            whenMentions = whenMentions == null ? List.of() : List.copyOf(whenMentions);
            Objects.requireNonNull(phrase, "phrase");
        }

        /** Does the rule apply to content with this text and these tags? */
        public boolean appliesTo(String text, Collection<String> tags) {
            String lower = text.toLowerCase(Locale.ROOT);
            return whenTags.stream().anyMatch(tags::contains)
                    || whenMentions.stream().anyMatch(m -> lower.contains(m.toLowerCase(Locale.ROOT)));
        }
    }

    public ComplianceRules {
        sensitiveWords = sensitiveWords == null ? List.of() : List.copyOf(sensitiveWords);
        riskDisclosures = riskDisclosures == null ? List.of() : List.copyOf(riskDisclosures);
    }

    /**
     * Checks content against these rules.
     *
     * @param field the name problems are reported under, e.g. {@code text}
     * @param tags the content's tags as "group/name"
     * @return one problem per sensitive word found and per disclosure missing; empty if none
     */
    public List<FieldError> review(String field, String text, Collection<String> tags) {
        String content = text == null ? "" : text;
        String lower = content.toLowerCase(Locale.ROOT);
        List<FieldError> problems = new ArrayList<>();
        for (String word : sensitiveWords) {
            if (lower.contains(word.toLowerCase(Locale.ROOT))) {
                problems.add(FieldError.of(field, "contains the sensitive word '" + word + "'"));
            }
        }
        for (RiskDisclosure d : riskDisclosures) {
            if (d.appliesTo(content, tags) && !content.contains(d.phrase())) {
                problems.add(FieldError.of(field, d.name() + ": must contain the risk disclosure '" + d.phrase() + "'"));
            }
        }
        return problems;
    }
}
