package io.siyu.api.audit;

import io.siyu.api.Page;
import io.siyu.api.org.Caller;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The tamper-evident audit log. Recording is synchronous (the entry is stored when the call
 * returns) and cheap: concurrent records on a node share one transaction. Implemented by the core only.
 */
@ProviderType
public interface AuditLog {
    /** Appends one entry acted by the caller. */
    void record(Caller caller, AuditRecord record);

    /** Appends several entries in one transaction, in order. */
    void recordAll(Caller caller, List<AuditRecord> records);

    /**
     * Entries newest first. Needs {@code audit.read}; below head office only entries acted by staff
     * of the caller's units.
     */
    Page<AuditEntry> query(Caller caller, AuditQuery query);

    /** Walks the whole chain; needs {@code audit.read} at head office (scope ALL). */
    AuditVerification verify(Caller caller);
}
