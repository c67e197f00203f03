package io.siyu.core.internal.audit;

import io.siyu.api.audit.AuditRecord;
import java.util.List;

/**
 * How core services record into the audit log without a {@link io.siyu.api.org.Caller} at hand
 * (the outbox knows only the sending staff member). {@link #NONE} is for tests and tools that build
 * services by hand without a log.
 */
public interface AuditTrail {
    AuditTrail NONE = (actor, records) -> {
    };

    /** Appends the entries, acted by {@code actor}, before returning. */
    void append(String actor, List<AuditRecord> records);
}
