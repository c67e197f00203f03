package io.siyu.api.customer;

import java.time.Instant;
import java.util.Objects;

/**
 * One merge: {@code mergedId}'s profile was folded into {@code survivorId}'s, and {@code mergedId}
 * became an alias that resolves to the survivor (or to whoever the survivor was merged into later).
 *
 * @param identity for {@link MergeReason#SHARED_IDENTITY} and {@link MergeReason#VISITOR_IDENTIFIED},
 *        the identity that showed the two profiles are one person; null for {@link MergeReason#EXPLICIT}
 * @param by the caller's name ({@code system} for ingestion)
 * @param undoneAt null while the merge stands
 */
public record MergeRecord(long id, long survivorId, long mergedId, MergeReason reason, ChannelIdentity identity,
        String by, Instant at, Instant undoneAt, String undoneBy) {
    public MergeRecord {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
    }

    public boolean undone() {
        return undoneAt != null;
    }
}
