package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
import io.siyu.api.customer.TagRuleRun;
import io.siyu.api.customer.TagUpdate;
import java.util.List;
import java.util.Locale;

/** The JSON shapes of tags, tag groups, rules and bulk tagging. */
final class TagDto {
    private TagDto() {
    }

    static TagKind kind(String kind, String field) {
        if (kind == null) {
            return null;
        }
        try {
            return TagKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of(field, "must be enterprise, personal or auto"));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RuleJson(String eventType, String property, String value, Integer minCount, Integer withinDays) {
        static RuleJson of(TagRule r) {
            return r == null ? null : new RuleJson(r.eventType(), r.property(), r.value(), r.minCount(), r.withinDays());
        }

        TagRule toRule() {
            return new TagRule(eventType, property, value, minCount, withinDays);
        }
    }

    /** A tag with everything it carries; {@code group} is the group's name, as on customers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TagDefinitionJson(long id, String group, String name, String kind, long groupId, int order,
            String externalId, String owner, RuleJson rule, Long customers) {
        static TagDefinitionJson of(TagDefinition t, Long customers) {
            return new TagDefinitionJson(t.id(), t.group(), t.name(), t.kind().name().toLowerCase(Locale.ROOT),
                    t.groupId(), t.order(), t.externalId(), t.owner(), RuleJson.of(t.rule()), customers);
        }

        static TagDefinitionJson of(TagDefinition t) {
            return of(t, null);
        }
    }

    /** Body of POST /tags: the group by {@code groupId} or by name in {@code group} (created when missing). */
    record TagInput(String group, Long groupId, String name, String kind, Integer order, String externalId,
            String owner, RuleJson rule) {
        TagDefinitionDraft toDraft() {
            return new TagDefinitionDraft(groupId, group, name, TagDto.kind(kind, "kind"), order, externalId, owner,
                    rule == null ? null : rule.toRule());
        }
    }

    /** Body of PUT /tags/{id}: rename, move, reorder, set the WeCom id (empty clears it), replace the rule. */
    record TagUpdateInput(String name, Long groupId, Integer order, String externalId, RuleJson rule) {
        TagUpdate toUpdate() {
            return new TagUpdate(name, groupId, order, externalId, rule == null ? null : rule.toRule());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupJson(long id, String name, int order, String externalId, List<TagDefinitionJson> tags) {
        static GroupJson of(TagGroup g, List<TagDefinitionJson> tags) {
            return new GroupJson(g.id(), g.name(), g.order(), g.externalId(), tags);
        }
    }

    record GroupInput(String name, Integer order, String externalId) {
        TagGroupDraft toDraft() {
            return new TagGroupDraft(name, order, externalId);
        }
    }

    /** Body of POST /tags/{id}/customers: {@code customerIds} or {@code segmentId}, and the action. */
    record BulkInput(List<Long> customerIds, Long segmentId, String action) {
        TagAction tagAction() {
            if (action == null) {
                throw new ValidationException(FieldError.of("action", "is required: add or remove"));
            }
            try {
                return TagAction.valueOf(action.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException(FieldError.of("action", "must be add or remove"));
            }
        }
    }

    record BulkJson(long requested, long changed) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RuleRunJson(long tagId, String state, long customersDone, long customersTotal, long added, long removed,
            String startedAt, String finishedAt, String error) {
        static RuleRunJson of(TagRuleRun r) {
            return new RuleRunJson(r.tagId(), r.state().name().toLowerCase(Locale.ROOT), r.customersDone(),
                    r.customersTotal(), r.added(), r.removed(), r.startedAt().toString(),
                    r.finishedAt() == null ? null : r.finishedAt().toString(), r.error());
        }
    }
}
