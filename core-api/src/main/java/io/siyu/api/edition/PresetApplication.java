package io.siyu.api.edition;

import java.util.Objects;

/**
 * The outcome of applying a segment preset or SOP template: the segment or SOP it stands for, and
 * whether this call created it (false: it had been applied before and still exists).
 *
 * @param id the segment id or SOP id
 * @since 1.2
 */
public record PresetApplication(String editionId, String presetId, long id, boolean created) {
    public PresetApplication {
        Objects.requireNonNull(editionId, "editionId");
        Objects.requireNonNull(presetId, "presetId");
    }
}
