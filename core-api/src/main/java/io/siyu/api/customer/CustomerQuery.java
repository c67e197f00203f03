package io.siyu.api.customer;

import io.siyu.api.PageRequest;
import java.util.Objects;

/**
 * A search over customers. {@code text} matches the display name or any identity value
 * (case-insensitive, substring); {@code tagId} keeps only customers carrying that tag.
 * Either may be null. Results are ordered by id.
 */
public record CustomerQuery(String text, Long tagId, PageRequest page) {
    public CustomerQuery {
        text = text == null || text.isBlank() ? null : text.strip();
        Objects.requireNonNull(page, "page");
    }

    public static CustomerQuery all(PageRequest page) {
        return new CustomerQuery(null, null, page);
    }
}
