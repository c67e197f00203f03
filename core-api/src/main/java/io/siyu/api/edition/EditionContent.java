package io.siyu.api.edition;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an active edition declares in its bundle's {@code SIYU-INF/} resources (see docs/editions.md):
 * its org model, operating models and roles, tag taxonomy, segment presets, SOP templates,
 * dashboards, compliance rules and terminology. Presets and templates stay declarations until they
 * are applied through {@link EditionPresets}; only then do they become segments and SOPs, which
 * outlive the edition.
 *
 * @param defaultOperatingModel the model in force until one is chosen; null when there are none
 * @param terminology term id to its labels, e.g. {@code account-manager} → 客户经理 / Account manager
 * @since 1.2
 */
public record EditionContent(String editionId, List<OperatingModel> operatingModels, String defaultOperatingModel,
        List<UnitKind> unitKinds, List<Position> positions, List<EditionRole> roles, List<TagGroup> tagGroups,
        List<Parameter> parameters, List<SegmentPreset> segmentPresets, List<SopTemplate> sopTemplates,
        List<Dashboard> dashboards, ComplianceRules compliance, Map<String, Term> terminology) {

    /** A kind of org unit (head office, branch, sub-branch; store); {@code parents} empty for a root. */
    public record UnitKind(String id, String name, List<String> parents) {
        public UnitKind {
            Objects.requireNonNull(id, "id");
            name = name == null || name.isBlank() ? id : name;
            parents = parents == null ? List.of() : List.copyOf(parents);
        }
    }

    /** A position staff hold in units of the given kinds (客户经理 in a sub-branch), with the roles it brings. */
    public record Position(String id, String name, List<String> unitKinds, List<String> roles) {
        public Position {
            Objects.requireNonNull(id, "id");
            name = name == null || name.isBlank() ? id : name;
            unitKinds = unitKinds == null ? List.of() : List.copyOf(unitKinds);
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** A tag group and its enterprise tags, made sure to exist when the edition starts. */
    public record TagGroup(String name, int order, List<String> tags) {
        public TagGroup {
            Objects.requireNonNull(name, "name");
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /**
     * A value presets and templates use as {@code "${name}"}; the installation may store its own value
     * (an asset threshold), a caller may pass one when applying.
     */
    public record Parameter(String name, String label, Type type, Object defaultValue, String description) {
        /** What a value may be. */
        public enum Type {
            /** A decimal number. */
            NUMBER,
            /** A whole number. */
            INTEGER,
            TEXT,
            /** A channel account as {@code type/account}, e.g. {@code wecom/main}. */
            CHANNEL,
            /**
             * Group chat ids, e.g. a class's parents' groups, for group SOPs: a list, or one text with
             * the ids separated by commas or spaces.
             *
             * @since 1.3
             */
            GROUP_CHATS
        }

        public Parameter {
            Objects.requireNonNull(name, "name");
            label = label == null || label.isBlank() ? name : label;
            Objects.requireNonNull(type, "type");
            description = description == null ? "" : description;
            defaultValue = defaultValue == null ? null : check(type, defaultValue, "default");
        }

        /**
         * @return the value in its canonical Java type: {@link BigDecimal}, {@link Long}, {@link String} or a list of them
         * @throws ValidationException naming {@code field} if the value does not fit the type
         */
        public Object check(Object value, String field) {
            return check(type, value, field);
        }

        private static Object check(Type type, Object value, String field) {
            switch (type) {
                case NUMBER:
                    if (value instanceof Number n) {
                        return new BigDecimal(n.toString());
                    }
                    if (value instanceof String s) {
                        try {
                            return new BigDecimal(s.strip());
                        } catch (NumberFormatException e) {
                            // reported below
                        }
                    }
                    throw new ValidationException(FieldError.of(field, "must be a number"));
                case INTEGER:
                    try {
                        return new BigDecimal(value.toString().strip()).longValueExact();
                    } catch (ArithmeticException | NumberFormatException e) {
                        throw new ValidationException(FieldError.of(field, "must be a whole number"));
                    }
                case CHANNEL:
                    String[] parts = value instanceof String s ? s.split("/", -1) : new String[0];
                    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                        throw new ValidationException(FieldError.of(field, "must be a channel as type/account, e.g. wecom/main"));
                    }
                    return value;
                case GROUP_CHATS:
                    java.util.List<String> chats = new java.util.ArrayList<>();
                    if (value instanceof String s) {
                        for (String id : s.split("[,\\s]+")) {
                            if (!id.isBlank()) {
                                chats.add(id);
                            }
                        }
                    } else if (value instanceof java.util.List<?> list) {
                        for (Object id : list) {
                            if (!(id instanceof String text) || text.isBlank()) {
                                throw new ValidationException(FieldError.of(field, "must list group chat ids as texts"));
                            }
                            chats.add(text.strip());
                        }
                    }
                    if (chats.isEmpty()) {
                        throw new ValidationException(FieldError.of(field, "must name at least one group chat id"));
                    }
                    return java.util.List.copyOf(chats);
                default:
                    if (!(value instanceof String s) || s.isBlank()) {
                        throw new ValidationException(FieldError.of(field, "must be a non-empty text"));
                    }
                    return s;
            }
        }
    }

    /**
     * A segment to create on request: {@code condition} is a condition tree in the segment JSON form
     * (docs: ConditionCodec) where {@code {"tag": "group/name"}} stands for a tag id and
     * {@code "${name}"} for a parameter.
     */
    public record SegmentPreset(String id, String name, String description, Map<String, Object> condition) {
        public SegmentPreset {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
            condition = ordered(condition);
        }
    }

    /**
     * An SOP to create on request: {@code sop} holds {@code trigger} and {@code steps} in the SOP JSON
     * form (docs/sop.md) with {@code {"tag": "group/name"}}, {@code {"segmentPreset": "id"}} and
     * {@code "${name}"} placeholders; {@code facets} say what it is for (category type, brand stage…).
     */
    public record SopTemplate(String id, String name, String description, Map<String, String> facets,
            Map<String, Object> sop) {
        public SopTemplate {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
            facets = facets == null ? Map.of() : Map.copyOf(facets);
            sop = ordered(sop);
        }
    }

    /** A dashboard for consoles to draw: widgets in order. */
    public record Dashboard(String id, String name, String description, List<Widget> widgets) {
        public Dashboard {
            Objects.requireNonNull(id, "id");
            name = name == null || name.isBlank() ? id : name;
            description = description == null ? "" : description;
            widgets = List.copyOf(widgets);
        }
    }

    /**
     * One chart or figure: {@code type} is {@code count}, {@code breakdown}, {@code funnel},
     * {@code leaderboard} or {@code trend}; {@code spec} holds the rest of its declaration.
     */
    public record Widget(String id, String title, String type, Map<String, Object> spec) {
        public Widget {
            Objects.requireNonNull(id, "id");
            title = title == null || title.isBlank() ? id : title;
            Objects.requireNonNull(type, "type");
            spec = spec == null ? Map.of() : ordered(spec);
        }
    }

    /** A term's labels. */
    public record Term(String zh, String en) {
        public Term {
            zh = zh == null ? "" : zh;
            en = en == null ? "" : en;
        }
    }

    public EditionContent {
        Objects.requireNonNull(editionId, "editionId");
        operatingModels = List.copyOf(operatingModels);
        unitKinds = List.copyOf(unitKinds);
        positions = List.copyOf(positions);
        roles = List.copyOf(roles);
        tagGroups = List.copyOf(tagGroups);
        parameters = List.copyOf(parameters);
        segmentPresets = List.copyOf(segmentPresets);
        sopTemplates = List.copyOf(sopTemplates);
        dashboards = List.copyOf(dashboards);
        compliance = compliance == null ? ComplianceRules.NONE : compliance;
        terminology = Map.copyOf(terminology);
    }

    /** An edition that declares nothing. */
    public static EditionContent empty(String editionId) {
        return new EditionContent(editionId, List.of(), null, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), ComplianceRules.NONE, Map.of());
    }

    /** JSON trees keep their order (a "type" first reads best) and may hold JSON nulls. */
    private static Map<String, Object> ordered(Map<String, Object> tree) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tree));
    }

    public java.util.Optional<OperatingModel> operatingModel(String id) {
        return operatingModels.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
