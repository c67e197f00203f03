package io.siyu.core.internal;

import io.siyu.api.ConflictException;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagService;
import java.util.HashMap;
import java.util.Map;

/**
 * Tags named in a CSV ({@code group/name}) resolved to ids. A tag that does not exist is an error
 * unless the import may create tags; then a dry run gives it a placeholder id (negative, never
 * stored) and a real run creates it only once a row naming it is valid.
 */
final class ImportTags {
    private final TagService tags;
    private final Map<String, Long> ids = new HashMap<>();
    private final Map<Long, String> pending = new HashMap<>();
    private final Map<Long, Long> createdIds = new HashMap<>();
    private long nextPlaceholder = -1;

    ImportTags(TagService tags) {
        this.tags = tags;
        reload();
    }

    private void reload() {
        tags.list().forEach(t -> ids.put(key(t.group(), t.name()), t.id()));
    }

    private static String key(String group, String name) {
        return group + "/" + name;
    }

    /** The id of a known tag, a placeholder for one to create, or null if unknown and not to be created. */
    Long resolve(String group, String name, boolean create) {
        String key = key(group, name);
        Long id = ids.get(key);
        if (id == null && create) {
            id = nextPlaceholder--;
            ids.put(key, id);
            pending.put(id, key);
        }
        return id;
    }

    /** Whether the id stands for a tag not created yet. */
    static boolean placeholder(long id) {
        return id < 0;
    }

    /** Creates the tag a placeholder stands for (or finds it, if someone created it meanwhile); its real id. */
    long created(long placeholder) {
        Long done = createdIds.get(placeholder);
        if (done != null) {
            return done;
        }
        String key = pending.get(placeholder);
        int slash = key.indexOf('/');
        long id;
        try {
            Tag tag = tags.create(new TagDraft(key.substring(0, slash), key.substring(slash + 1), TagKind.ENTERPRISE));
            id = tag.id();
        } catch (ConflictException createdMeanwhile) {
            reload();
            id = ids.get(key);
        }
        ids.put(key, id);
        createdIds.put(placeholder, id);
        return id;
    }
}
