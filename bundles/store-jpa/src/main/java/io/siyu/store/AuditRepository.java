package io.siyu.store;

import io.siyu.api.audit.AuditEntry;
import io.siyu.api.audit.AuditVerification;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The audit log's hash chain (schema version 18, store 0.7). Appends take the chain head's row lock
 * (PostgreSQL {@code SELECT … FOR UPDATE}) so every node extends one chain; nothing updates or
 * deletes an entry.
 */
public interface AuditRepository {
    /** The genesis "previous hash" of the first entry. */
    String GENESIS = "0".repeat(64);

    record NewAuditEntry(Instant at, String actor, String action, String subjectType, String subjectId, String detail) {
    }

    /**
     * Which entries to read; null parts match everything.
     *
     * @param actors null for any actor; otherwise only these (a caller below head office)
     * @param from inclusive; @param to exclusive
     */
    record Filter(String actor, Collection<String> actors, String action, String subjectType, String subjectId,
            Instant from, Instant to) {
    }

    /** Appends the entries, in order, in one transaction; returns them as stored. */
    List<AuditEntry> append(List<NewAuditEntry> entries);

    /** Newest first. */
    List<AuditEntry> query(Filter filter, int offset, int limit);

    long count(Filter filter);

    /** Walks the chain from the first entry and compares the head with the last. */
    AuditVerification verify();
}
