package io.siyu.api.audit;

import java.util.Objects;

/**
 * What to record; the log adds who (the caller), when (its clock) and the chain hash.
 *
 * @param subjectType what was acted on: {@code customer}, {@code content}, {@code outbox}, {@code segment}
 * @param detail a short human-readable note (counts, reasons); may be null; cut at {@value #MAX_DETAIL}
 */
public record AuditRecord(String action, String subjectType, String subjectId, String detail) {
    public static final int MAX_DETAIL = 2000;

    public AuditRecord {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subjectType, "subjectType");
        Objects.requireNonNull(subjectId, "subjectId");
        if (detail != null && detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 1) + "…";
        }
    }
}
