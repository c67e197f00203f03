package io.siyu.api.content;

import java.time.Instant;
import java.util.Objects;

/**
 * A content item as a caller sees it.
 *
 * @param latest the newest version, whatever its state (the one being edited or reviewed)
 * @param approved the version that may be used now; null if none is (never approved, or withdrawn)
 */
public record ContentItem(long id, ContentKind kind, String ownerUnitId, String createdBy, Instant createdAt,
        ContentVersion latest, ContentVersion approved) {
    public ContentItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ownerUnitId, "ownerUnitId");
        Objects.requireNonNull(latest, "latest");
    }

    public ContentState state() {
        return latest.state();
    }

    public boolean usable() {
        return approved != null;
    }
}
