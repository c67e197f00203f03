package io.siyu.api.edition;

import io.siyu.api.org.Caller;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes an edition's segment presets and SOP templates real, on request only: an edition coming or
 * going never creates or deletes a segment or an SOP. Applying is idempotent per edition and preset:
 * the second call returns what the first created as long as it exists. Implemented by the core.
 *
 * @since 1.2
 */
@ProviderType
public interface EditionPresets {
    /**
     * The values the edition's parameters have on this installation: stored ones, else the declared
     * defaults; parameters with neither are left out.
     *
     * @throws io.siyu.api.NotFoundException if no such edition is active
     */
    Map<String, Object> parameters(String editionId);

    /**
     * Stores values for the edition's parameters (e.g. an asset threshold) for every node; segments
     * already created keep the values they were created with.
     *
     * @throws io.siyu.api.ValidationException naming {@code parameters.<name>} for unknown names or values of the wrong type
     */
    Map<String, Object> setParameters(Caller caller, String editionId, Map<String, Object> values);

    /**
     * Creates the segment a preset describes, with tag names resolved (tags missing are created) and
     * parameters substituted: {@code parameters} first, then stored values, then defaults.
     *
     * @throws io.siyu.api.NotFoundException if the edition or preset is unknown
     * @throws io.siyu.api.ValidationException naming {@code parameters.<name>} if a value is missing or wrong
     */
    PresetApplication applySegmentPreset(Caller caller, String editionId, String presetId, Map<String, Object> parameters);

    /**
     * Creates the SOP a template describes, in draft; segment presets it refers to are applied first.
     *
     * @throws io.siyu.api.NotFoundException if the edition or template is unknown
     * @throws io.siyu.api.ValidationException naming {@code parameters.<name>} if a value is missing or wrong
     */
    PresetApplication applySopTemplate(Caller caller, String editionId, String templateId, Map<String, Object> parameters);

    /**
     * The condition a segment preset stands for in this installation now, to count it without making
     * a segment (dashboards): parameters as stored, else their defaults; tags are looked up, never
     * created.
     *
     * @throws io.siyu.api.NotFoundException if the edition or preset is unknown
     * @throws io.siyu.api.ValidationException naming {@code tag} if a tag it names does not exist, or
     *         {@code parameters.<name>} if a parameter has no value
     * @since 1.3
     */
    io.siyu.api.segment.Condition presetCondition(String editionId, String presetId);
}
