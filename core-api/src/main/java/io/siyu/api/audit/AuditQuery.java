package io.siyu.api.audit;

import io.siyu.api.PageRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * Which entries to list, newest first; null parts match everything.
 *
 * @param from inclusive; @param to exclusive
 */
public record AuditQuery(String actor, String action, String subjectType, String subjectId, Instant from, Instant to,
        PageRequest page) {
    public AuditQuery {
        actor = blankToNull(actor);
        action = blankToNull(action);
        subjectType = blankToNull(subjectType);
        subjectId = blankToNull(subjectId);
        Objects.requireNonNull(page, "page");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static AuditQuery all(PageRequest page) {
        return new AuditQuery(null, null, null, null, null, null, page);
    }
}
