package io.siyu.api.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded entry.
 *
 * @param seq its place in the chain, from 1 without gaps
 * @param hash hex SHA-256 over the previous entry's hash and this entry's fields
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String subjectType, String subjectId,
        String detail, String hash) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(hash, "hash");
    }
}
