package io.siyu.api.followup;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A follow-up to record.
 *
 * @param requestId optional client key: recording the same request again changes nothing more
 * @param attributes attribute changes the follow-up brought ({@code stage: trial-booked}); a null
 *        value removes the attribute; validated against the schema
 * @param nextAt when to follow up next; becomes a follow-up task for the staff member
 * @param nextNote what to do then (the task's script)
 * @param completesTaskId the open task this follow-up did, which is completed with it
 */
public record FollowUpDraft(String requestId, FollowUpMethod method, String note, String outcome,
        Map<String, Object> attributes, Instant nextAt, String nextNote, Long completesTaskId) {
    public static final int MAX_NOTE = 2000;
    public static final int MAX_REQUEST_ID = 64;

    public FollowUpDraft {
        require(method != null, "method", "is required (one of " + java.util.Arrays.toString(FollowUpMethod.values()) + ")");
        require(note != null && !note.isBlank(), "note", "is required: what was said or done");
        require(note.length() <= MAX_NOTE, "note", "is longer than " + MAX_NOTE + " characters");
        require(outcome == null || outcome.length() <= 200, "outcome", "is longer than 200 characters");
        require(nextNote == null || nextNote.length() <= MAX_NOTE, "nextNote", "is longer than " + MAX_NOTE + " characters");
        require(nextNote == null || nextAt != null, "nextAt", "is required when nextNote is given");
        require(requestId == null || !requestId.isBlank() && requestId.length() <= MAX_REQUEST_ID
                && requestId.chars().allMatch(c -> c > 32 && c < 127), "requestId",
                "must be 1–" + MAX_REQUEST_ID + " visible ASCII characters");
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new ValidationException(FieldError.of(field, message));
        }
    }

    /** The same draft with nothing to change or plan: a plain note. */
    public static FollowUpDraft note(FollowUpMethod method, String note) {
        return new FollowUpDraft(null, Objects.requireNonNull(method), note, null, null, null, null, null);
    }
}
