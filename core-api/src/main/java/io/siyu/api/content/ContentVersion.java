package io.siyu.api.content;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One version of a content item. Versions are numbered from 1; an edited approved item gets a new
 * draft version while the approved one stays usable.
 *
 * @param author who wrote this version (the maker)
 * @param reviewer who approved or rejected it; null before a review
 * @param reason the rejection or withdrawal reason, or the approver's comment; may be null
 */
public record ContentVersion(long contentId, int version, String title, Set<String> labels, ContentBody body,
        ContentState state, String author, Instant createdAt, String reviewer, Instant reviewedAt, String reason) {
    public ContentVersion {
        Objects.requireNonNull(title, "title");
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
