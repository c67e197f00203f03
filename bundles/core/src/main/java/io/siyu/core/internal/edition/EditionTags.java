package io.siyu.core.internal.edition;

import io.siyu.api.ConflictException;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagService;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.org.Caller;
import java.util.Optional;

/**
 * Makes sure the tags an edition names exist, as enterprise tags. Only ever creates: a tag an
 * operator renamed or deleted is theirs to manage, and an edition going away leaves its tags on
 * the customers that carry them. Safe to run on several nodes at once: whoever loses the race to
 * create a tag finds the winner's.
 */
final class EditionTags {
    private final TagService tags;
    private final Caller caller;

    EditionTags(TagService tags, Caller caller) {
        this.tags = tags;
        this.caller = caller;
    }

    /** @return how many groups and tags were created */
    int ensure(EditionContent edition) {
        int created = 0;
        for (EditionContent.TagGroup g : edition.tagGroups()) {
            Optional<TagGroup> group = group(g.name());
            if (group.isEmpty()) {
                try {
                    tags.createGroup(caller, new TagGroupDraft(g.name(), g.order(), null));
                    created++;
                } catch (ConflictException raced) {
                    // another node created it just now
                }
                group = group(g.name());
            }
            long groupId = group.orElseThrow().id();
            for (String name : g.tags()) {
                if (find(groupId, name).isEmpty() && create(groupId, name)) {
                    created++;
                }
            }
        }
        return created;
    }

    /** The id of enterprise tag group/name, created (with its group) if missing. */
    long tagId(String group, String name) {
        Optional<TagGroup> g = group(group);
        if (g.isPresent()) {
            Optional<TagDefinition> t = find(g.get().id(), name);
            if (t.isPresent()) {
                return t.get().id();
            }
        }
        try {
            return tags.create(caller, new TagDefinitionDraft(null, group, name, TagKind.ENTERPRISE, null, null, null,
                    null)).id();
        } catch (ConflictException raced) {
            return find(group(group).orElseThrow().id(), name).orElseThrow(() -> raced).id();
        }
    }

    /** The id of enterprise tag group/name if it exists. */
    Optional<Long> existingTagId(String group, String name) {
        return group(group).flatMap(g -> find(g.id(), name)).map(TagDefinition::id);
    }

    private boolean create(long groupId, String name) {
        try {
            tags.create(caller, new TagDefinitionDraft(groupId, null, name, TagKind.ENTERPRISE, null, null, null, null));
            return true;
        } catch (ConflictException raced) {
            return false;
        }
    }

    private Optional<TagGroup> group(String name) {
        return tags.groups().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    private Optional<TagDefinition> find(long groupId, String name) {
        return tags.definitions(caller, groupId, null).stream()
                .filter(t -> t.kind() != TagKind.PERSONAL && t.name().equals(name)).findFirst();
    }
}
