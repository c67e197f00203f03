package io.siyu.store;

import io.siyu.api.sop.SopState;
import java.time.Instant;

/**
 * One version of an SOP as stored (schema version 15). {@code definitionJson} is the version's
 * content in the form of {@code io.siyu.api.sop.SopCodec}; {@code state}, {@code triggerKind},
 * {@code triggerKey} and {@code nextFireAt} belong to the SOP as a whole (its latest version).
 *
 * @param triggerKind {@code event}, {@code segmentEntered}, {@code dateAttribute} or {@code schedule}
 * @param triggerKey the event type, or the segment id as text; null for the others
 * @param nextFireAt schedules: the next firing not yet done; date triggers: the next scan
 */
public record StoredSop(long id, int version, int latestVersion, String name, SopState state, String triggerKind,
        String triggerKey, String definitionJson, Instant nextFireAt, Instant createdAt, Instant updatedAt,
        String createdBy) {
}
