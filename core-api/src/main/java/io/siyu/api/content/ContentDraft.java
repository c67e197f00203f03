package io.siyu.api.content;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Content to create, or the new text of a version.
 *
 * @param labels categories such as {@code wealth-product}; risk disclosures and list filters use them
 * @param ownerUnitId the org unit the content belongs to; null for the caller's own unit (required
 *        for callers without a staff record). Fixed once created.
 */
public record ContentDraft(ContentKind kind, String title, Set<String> labels, String ownerUnitId, ContentBody body) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_LABEL = 64;

    public ContentDraft {
        Objects.requireNonNull(kind, "kind");
        Checks.text(title, "title");
        Checks.require(title.length() <= MAX_TITLE, "title", "at most " + MAX_TITLE + " characters");
        labels = labels == null ? Set.of() : normalise(labels);
        ownerUnitId = ownerUnitId == null || ownerUnitId.isBlank() ? null : ownerUnitId.strip();
        Checks.require(body != null, "content", "is required");
    }

    private static Set<String> normalise(Set<String> labels) {
        Set<String> out = new LinkedHashSet<>();
        List<String> sorted = labels.stream().map(l -> l == null ? "" : l.strip()).sorted().toList();
        for (String l : sorted) {
            Checks.require(!l.isEmpty() && l.length() <= MAX_LABEL && l.indexOf(',') < 0, "labels",
                    "a label is 1 to " + MAX_LABEL + " characters without commas: '" + l + "'");
            out.add(l);
        }
        return Set.copyOf(out);
    }
}
