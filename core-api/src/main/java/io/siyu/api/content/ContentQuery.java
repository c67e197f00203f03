package io.siyu.api.content;

import io.siyu.api.PageRequest;
import java.util.Objects;

/**
 * Which content to list; null parts match everything. Items are listed newest first.
 *
 * @param state the latest version's state
 * @param usableOnly only items with an approved version in use (what senders may pick)
 */
public record ContentQuery(ContentState state, String label, ContentKind kind, boolean usableOnly, PageRequest page) {
    public ContentQuery {
        label = label == null || label.isBlank() ? null : label.strip();
        Objects.requireNonNull(page, "page");
    }

    public static ContentQuery all(PageRequest page) {
        return new ContentQuery(null, null, null, false, page);
    }
}
