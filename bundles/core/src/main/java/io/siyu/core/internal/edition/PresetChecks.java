package io.siyu.core.internal.edition;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.edition.EditionContent.Parameter;
import io.siyu.api.edition.EditionContent.SegmentPreset;
import io.siyu.api.edition.EditionContent.SopTemplate;
import io.siyu.api.segment.ConditionCodec;
import io.siyu.api.sop.SopCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks presets and templates as they would be applied: every parameter they use is declared,
 * templates name only presets the edition has, and with stand-in values for the placeholders the
 * segment and SOP codecs accept them. What passes here can fail on apply only for reasons of the
 * installation (a value out of range, an attribute another edition removed).
 */
final class PresetChecks {
    private PresetChecks() {
    }

    static List<SegmentPreset> segmentPresets(List<PresetsFile.At<SegmentPreset>> declared,
            Map<String, Parameter> parameters, Problems problems) {
        List<SegmentPreset> out = new ArrayList<>();
        for (PresetsFile.At<SegmentPreset> at : declared) {
            String path = at.path() + ".condition";
            if (!references(at.value().condition(), path, parameters, Set.of(), problems)) {
                problems.report(at.path(), "the preset is skipped");
                continue;
            }
            try {
                ConditionCodec.fromTree(Placeholders.resolve(at.value().condition(), standIns(parameters)), path);
                out.add(at.value());
            } catch (ValidationException e) {
                report(e, "", problems);
                problems.report(at.path(), "the preset is skipped");
            }
        }
        return out;
    }

    static List<SopTemplate> sopTemplates(List<PresetsFile.At<SopTemplate>> declared, Map<String, Parameter> parameters,
            Set<String> presets, Problems problems) {
        List<SopTemplate> out = new ArrayList<>();
        for (PresetsFile.At<SopTemplate> at : declared) {
            if (!references(at.value().sop(), at.path(), parameters, presets, problems)) {
                problems.report(at.path(), "the template is skipped");
                continue;
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("name", at.value().name());
            tree.putAll(Placeholders.resolveObject(at.value().sop(), standIns(parameters)));
            try {
                SopCodec.fromTree(tree);
                out.add(at.value());
            } catch (ValidationException e) {
                report(e, at.path() + ".", problems);
                problems.report(at.path(), "the template is skipped");
            }
        }
        return out;
    }

    private static boolean references(Object tree, String path, Map<String, Parameter> parameters, Set<String> presets,
            Problems problems) {
        int before = problems.count();
        Placeholders.References refs = Placeholders.references(tree, bad -> problems.report(path, bad));
        for (String p : refs.parameters()) {
            if (!parameters.containsKey(p)) {
                problems.report(path, "uses ${" + p + "}, which is not a declared parameter " + parameters.keySet());
            }
        }
        for (String p : refs.segmentPresets()) {
            if (!presets.contains(p)) {
                problems.report(path, "refers to segment preset '" + p + "', which the edition does not have "
                        + (presets.isEmpty() ? "(segment presets may not refer to each other)" : presets));
            }
        }
        return problems.count() == before;
    }

    private static void report(ValidationException e, String prefix, Problems problems) {
        for (FieldError f : e.errors()) {
            problems.report(prefix + f.field(), f.message());
        }
    }

    /** Values that fit each parameter's type: its default, else a plain one. */
    static Placeholders.Values standIns(Map<String, Parameter> parameters) {
        Map<String, Long> tagIds = new java.util.HashMap<>(); // distinct tags stay distinct: add and remove must not clash
        return new Placeholders.Values() {
            @Override
            public Object parameter(String name) {
                Parameter p = parameters.get(name);
                if (p.defaultValue() != null) {
                    return p.defaultValue();
                }
                switch (p.type()) {
                    case NUMBER:
                        return BigDecimal.ONE;
                    case INTEGER:
                        return 1L;
                    case CHANNEL:
                        return "wecom/main";
                    case GROUP_CHATS:
                        return List.of("chat");
                    default:
                        return "text";
                }
            }

            @Override
            public long tag(String group, String name) {
                return tagIds.computeIfAbsent(group + "/" + name, k -> tagIds.size() + 1L);
            }

            @Override
            public long segmentPreset(String presetId) {
                return 1;
            }
        };
    }
}
