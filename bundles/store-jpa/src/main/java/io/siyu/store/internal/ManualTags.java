package io.siyu.store.internal;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.store.internal.TagHistory.TagRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

/**
 * What a full customer update does to the tags: the draft's tag ids replace the tags the actor may
 * change by hand (enterprise tags and the actor's own personal tags). Auto tags belong to their rules
 * and other staff's personal tags to their owners, so those the customer carries are kept whether or
 * not the draft repeats them (so an administrator, who sees every tag, can send back what they read).
 */
final class ManualTags {
    private ManualTags() {
    }

    /**
     * @throws ValidationException on {@code tagIds} naming an unknown tag (another staff member's
     *         personal tag looks unknown) or an auto tag the customer does not carry
     */
    static Set<TagEntity> resolve(EntityManager em, Set<TagEntity> current, Set<Long> requested, String actor) {
        Set<Long> existing = lockTags(em, current, requested);
        Set<TagEntity> result = new HashSet<>();
        for (TagEntity t : current) {
            if (!t.manualFor(actor) && existing.contains(t.id())) {
                result.add(t);
            }
        }
        List<FieldError> errors = new ArrayList<>();
        for (Long tagId : requested.stream().sorted().toList()) {
            TagEntity t = existing.contains(tagId) ? em.find(TagEntity.class, tagId) : null;
            if (t != null && current.contains(t)) {
                result.add(t);
            } else if (t == null || !t.visibleTo(actor)) {
                errors.add(FieldError.of("tagIds", "no tag with id " + tagId));
            } else if (!t.manualFor(actor)) {
                errors.add(FieldError.of("tagIds", "tag " + tagId + " (" + t.group() + "/" + t.name()
                        + ") is an auto tag: only its rule puts it on or takes it off"));
            } else {
                result.add(t);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return result;
    }

    /**
     * The tags the customer will carry, as they are in the database (not the entity cache), locked
     * against their delete until commit: nothing references tag on PostgreSQL (V25, V26).
     */
    private static Set<Long> lockTags(EntityManager em, Set<TagEntity> current, Set<Long> requested) {
        Set<Long> ids = new HashSet<>(requested);
        current.forEach(t -> ids.add(t.id()));
        try {
            // unwrap begins the transaction on the connection the rest of this unit of work uses
            return TagLinks.lockExistingTags(em.unwrap(Connection.class), ids);
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** The difference on the customer's timeline, naming {@code by}. */
    static void recordHistory(EntityManager em, long customerId, Set<TagEntity> before, Set<TagEntity> after,
            String by, Instant now) {
        for (TagEntity t : after) {
            if (!before.contains(t)) {
                TagHistory.record(em, customerId, TagHistory.ADDED, TagRef.of(t), by, now);
            }
        }
        for (TagEntity t : before) {
            if (!after.contains(t)) {
                TagHistory.record(em, customerId, TagHistory.REMOVED, TagRef.of(t), by, now);
            }
        }
    }
}
