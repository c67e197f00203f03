package io.siyu.core.internal.edition;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.TagService;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionContent.Parameter;
import io.siyu.api.edition.EditionContent.SegmentPreset;
import io.siyu.api.edition.EditionContent.SopTemplate;
import io.siyu.api.edition.EditionPresets;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.PresetApplication;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.ConditionCodec;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.api.segment.SegmentService;
import io.siyu.api.sop.SopCodec;
import io.siyu.api.sop.SopService;
import io.siyu.core.internal.Scopes;
import io.siyu.store.SettingRepository;
import io.siyu.store.Store;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Applies segment presets and SOP templates. Which segment or SOP a preset became is stored as a
 * setting ({@code edition.<id>.applied.segment.<preset>}), so applying again on any node finds it;
 * if it was deleted since, applying makes a new one. Parameter values chosen for the installation
 * are settings too ({@code edition.<id>.parameter.<name>}).
 */
@Component(service = EditionPresets.class)
public final class EditionPresetsImpl implements EditionPresets {
    /** How long another node's unfinished application holds the preset before this node may take over. */
    static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(1);
    private static final String CLAIM = "applying:";
    private static final Logger LOG = Logger.getLogger(EditionPresetsImpl.class.getName());

    private final SettingRepository settings;
    private final EditionRegistry editions;
    private final TagService tags;
    private final SegmentService segments;
    private final SopService sops;
    private final Clock clock;
    /** Review before use, the content library and the org, to submit a template's texts for review. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile io.siyu.core.internal.content.OutboundReview review;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile io.siyu.api.content.ContentService contents;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile io.siyu.api.org.OrgService org;

    @Activate
    public EditionPresetsImpl(@Reference Store store, @Reference EditionRegistry editions, @Reference TagService tags,
            @Reference SegmentService segments, @Reference SopService sops) {
        this(store.settings(), editions, tags, segments, sops, Clock.systemUTC());
    }

    EditionPresetsImpl(SettingRepository settings, EditionRegistry editions, TagService tags, SegmentService segments,
            SopService sops, Clock clock) {
        this.settings = settings;
        this.editions = editions;
        this.tags = tags;
        this.segments = segments;
        this.sops = sops;
        this.clock = clock;
    }

    static String parameterSetting(String editionId, String name) {
        return "edition." + editionId + ".parameter." + name;
    }

    static String appliedSetting(String editionId, String kind, String presetId) {
        return "edition." + editionId + ".applied." + kind + "." + presetId;
    }

    private EditionContent edition(String id) {
        return editions.content(id).orElseThrow(() -> new NotFoundException("edition", id));
    }

    @Override
    public Map<String, Object> parameters(String editionId) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Parameter p : edition(editionId).parameters()) {
            Object v = stored(editionId, p).orElse(p.defaultValue());
            if (v != null) {
                out.put(p.name(), v);
            }
        }
        return out;
    }

    @Override
    public Map<String, Object> setParameters(Caller caller, String editionId, Map<String, Object> values) {
        Scopes.requireAll(caller);
        EditionContent edition = edition(editionId);
        Map<String, Object> checked = checked(edition, values);
        checked.forEach((name, v) -> settings.put(parameterSetting(editionId, name), text(v)));
        LOG.info(() -> caller.username() + " set parameters of edition '" + editionId + "': " + checked);
        return parameters(editionId);
    }

    @Override
    public synchronized PresetApplication applySegmentPreset(Caller caller, String editionId, String presetId,
            Map<String, Object> parameters) {
        Scopes.requireAll(caller);
        EditionContent edition = edition(editionId);
        SegmentPreset preset = edition.segmentPresets().stream().filter(p -> p.id().equals(presetId)).findFirst()
                .orElseThrow(() -> new NotFoundException("segment preset", editionId + "/" + presetId));
        Map<String, Object> given = checked(edition, parameters);
        return apply(editionId, "segment", presetId, id -> exists(() -> segments.get(caller, id)), () -> {
            Object condition = Placeholders.resolve(preset.condition(), values(caller, edition, given));
            SegmentDefinition d = segments.define(caller, new SegmentDraft(preset.name(), preset.description(),
                    ConditionCodec.fromTree(condition, "condition")));
            return d.id();
        });
    }

    @Override
    public io.siyu.api.segment.Condition presetCondition(String editionId, String presetId) {
        EditionContent edition = edition(editionId);
        SegmentPreset preset = edition.segmentPresets().stream().filter(p -> p.id().equals(presetId)).findFirst()
                .orElseThrow(() -> new NotFoundException("segment preset", editionId + "/" + presetId));
        Placeholders.Values stored = values(Caller.SYSTEM, edition, Map.of());
        EditionTags editionTags = new EditionTags(tags, Caller.SYSTEM);
        Object condition = Placeholders.resolve(preset.condition(), new Placeholders.Values() {
            @Override
            public Object parameter(String name) {
                return stored.parameter(name);
            }

            @Override
            public long tag(String group, String name) {
                return editionTags.existingTagId(group, name).orElseThrow(() -> new ValidationException(
                        FieldError.of("tag", "the tag " + group + "/" + name + " of preset " + presetId + " does not exist")));
            }

            @Override
            public long segmentPreset(String other) {
                // presets may not refer to presets (checked when the edition loads)
                throw new ValidationException(FieldError.of("segmentPreset", "a preset cannot refer to preset " + other));
            }
        });
        return ConditionCodec.fromTree(condition, "condition");
    }

    @Override
    public synchronized PresetApplication applySopTemplate(Caller caller, String editionId, String templateId,
            Map<String, Object> parameters) {
        Scopes.requireAll(caller);
        EditionContent edition = edition(editionId);
        SopTemplate template = edition.sopTemplates().stream().filter(t -> t.id().equals(templateId)).findFirst()
                .orElseThrow(() -> new NotFoundException("SOP template", editionId + "/" + templateId));
        Map<String, Object> given = checked(edition, parameters);
        return apply(editionId, "sop", templateId, id -> exists(() -> sops.get(caller, id)), () -> {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("name", template.name());
            tree.putAll(Placeholders.resolveObject(template.sop(), values(caller, edition, given)));
            io.siyu.api.sop.SopDraft draft = SopCodec.fromTree(tree);
            long id = sops.define(caller, draft).id();
            List<Long> inReview = TemplateTexts.submit(caller, review, contents, org, editionId, templateId,
                    template.name(), draft);
            if (!inReview.isEmpty()) {
                LOG.info(() -> "SOP " + id + " from template " + editionId + "/" + templateId + " waits for the review of"
                        + " content " + inReview + " before it can be activated");
            }
            return id;
        });
    }

    /**
     * The stored target if it still exists, else a new one. A claim in the setting keeps two nodes
     * from creating the same preset at once; a claim left by a node that died is taken over after
     * {@link #CLAIM_TIMEOUT}.
     */
    private PresetApplication apply(String editionId, String kind, String presetId, LongPredicate exists,
            java.util.function.LongSupplier create) {
        String key = appliedSetting(editionId, kind, presetId);
        String claim = CLAIM + clock.millis();
        Optional<String> stored = settings.get(key);
        if (stored.isPresent()) {
            String v = stored.get();
            if (v.matches("\\d+") && exists.test(Long.parseLong(v))) {
                return new PresetApplication(editionId, presetId, Long.parseLong(v), false);
            }
            if (v.startsWith(CLAIM) && clock.millis() - Long.parseLong(v.substring(CLAIM.length()))
                    < CLAIM_TIMEOUT.toMillis()) {
                throw new ConflictException(kind + " preset " + editionId + "/" + presetId
                        + " is being applied on another node; try again in a minute");
            }
            settings.put(key, claim); // what it became was deleted, or an application died half-way
        } else if (!settings.putIfAbsent(key, claim)) {
            throw new ConflictException(kind + " preset " + editionId + "/" + presetId
                    + " is being applied on another node; try again in a moment");
        }
        long id;
        try {
            id = create.getAsLong();
        } catch (RuntimeException e) {
            settings.put(key, "failed");
            throw e;
        }
        settings.put(key, Long.toString(id));
        LOG.info(() -> "Siyu edition '" + editionId + "': " + kind + " preset " + presetId + " applied as " + kind + " " + id);
        return new PresetApplication(editionId, presetId, id, true);
    }

    private static boolean exists(java.util.function.Supplier<?> read) {
        try {
            read.get();
            return true;
        } catch (NotFoundException gone) {
            return false;
        }
    }

    /** The given values checked against the declared parameters; unknown names are errors. */
    private static Map<String, Object> checked(EditionContent edition, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        if (values != null) {
            values.forEach((name, v) -> {
                Optional<Parameter> p = edition.parameters().stream().filter(x -> x.name().equals(name)).findFirst();
                if (p.isEmpty()) {
                    errors.add(FieldError.of("parameters." + name, "is not a parameter of edition " + edition.editionId()));
                } else if (v == null) {
                    errors.add(FieldError.of("parameters." + name, "must have a value"));
                } else {
                    try {
                        out.put(name, p.get().check(v, "parameters." + name));
                    } catch (ValidationException e) {
                        errors.addAll(e.errors());
                    }
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return out;
    }

    private Optional<Object> stored(String editionId, Parameter p) {
        return settings.get(parameterSetting(editionId, p.name())).map(v -> {
            try {
                return p.check(v, p.name());
            } catch (ValidationException e) {
                LOG.warning(() -> "stored value '" + v + "' of parameter " + p.name() + " of edition " + editionId
                        + " no longer fits its type; the default is used");
                return p.defaultValue();
            }
        });
    }

    /** As stored: group chat lists comma-separated, which their parameter type reads back. */
    private static String text(Object v) {
        if (v instanceof java.util.List<?> list) {
            return list.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        }
        return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    }

    private Placeholders.Values values(Caller caller, EditionContent edition, Map<String, Object> given) {
        EditionTags editionTags = new EditionTags(tags, caller);
        return new Placeholders.Values() {
            @Override
            public Object parameter(String name) {
                if (given.containsKey(name)) {
                    return given.get(name);
                }
                Parameter p = edition.parameters().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                return stored(edition.editionId(), p).or(() -> Optional.ofNullable(p.defaultValue()))
                        .orElseThrow(() -> new ValidationException(FieldError.of("parameters." + name,
                                "is required: the edition gives no default and none is stored")));
            }

            @Override
            public long tag(String group, String name) {
                return editionTags.tagId(group, name);
            }

            @Override
            public long segmentPreset(String presetId) {
                return applySegmentPreset(caller, edition.editionId(), presetId, given).id();
            }
        };
    }
}
