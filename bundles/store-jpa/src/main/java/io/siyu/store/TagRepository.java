package io.siyu.store;

import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagUpdate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tag groups, tags and which customers carry them. Each method is one transaction. Every change of
 * a customer's tags writes {@code tag.added}/{@code tag.removed} events naming {@code by} and a
 * customer_change row in the same transaction.
 */
public interface TagRepository {
    /**
     * Creates the tag in the group named by {@code draft.group()}, creating the group when missing.
     *
     * @throws io.siyu.api.ConflictException if the group already has a tag of that name
     */
    Tag insert(TagDraft draft, Instant now);

    List<Tag> list();

    Optional<Tag> find(long id);

    /** Deletes the tag and takes it off every customer; false if there was no such tag. */
    boolean delete(long id, Instant now);

    // --- since 0.2: groups, full definitions, bulk tagging, what auto tag rules read ---

    /** Groups by order, then name. */
    List<TagGroup> groups();

    Optional<TagGroup> findGroup(long id);

    Optional<TagGroup> findGroupByName(String name);

    /** @throws io.siyu.api.ConflictException if the name or external id is taken */
    TagGroup insertGroup(TagGroupDraft draft, Instant now);

    /** Null fields keep what is stored, an empty externalId clears it; renaming renames the group of its tags. */
    Optional<TagGroup> updateGroup(long id, TagGroupDraft draft, Instant now);

    /**
     * Deletes a group; with {@code force} also its tags, taken off every customer.
     *
     * @return false if there was no such group
     * @throws io.siyu.api.ConflictException if the group has tags and {@code force} is false
     */
    boolean deleteGroup(long id, boolean force, String by, Instant now);

    /** @throws io.siyu.api.ConflictException if the group has a tag of that name for that owner */
    TagDefinition insert(NewTag tag, Instant now);

    /** Every tag, by group order, group name, tag order and name. */
    List<TagDefinition> definitions();

    Optional<TagDefinition> findDefinition(long id);

    /** Null fields keep what is stored; a new group id moves the tag. Empty if there is no such tag. */
    Optional<TagDefinition> update(long id, TagUpdate update, Instant now);

    /** Like {@link #delete(long, Instant)}, with the timeline naming who deleted it. */
    boolean delete(long id, String by, Instant now);

    /** Customers per tag, for tags somebody carries. */
    Map<Long, Long> customerCounts();

    /**
     * Puts the tag on {@code add} and takes it off {@code remove} in one transaction; customers that
     * already are as asked are left alone (no event). Unknown customer ids store nothing.
     *
     * @throws io.siyu.api.NotFoundException if there is no such tag
     */
    Retagged retag(long tagId, Collection<Long> add, Collection<Long> remove, String by, Instant now);

    /** Which of these customers carry the tag. */
    Set<Long> holders(long tagId, Collection<Long> customerIds);

    /** Which of these customer ids do not exist. */
    Set<Long> missingCustomers(Collection<Long> customerIds);

    /** Up to {@code limit} customer ids above {@code afterId}, ascending: a batched pass over all customers. */
    List<Long> customerIdsAfter(long afterId, int limit);

    /** The customers the stored events with these ids belong to. */
    Set<Long> customersOfEvents(Collection<String> eventIds);

    /**
     * The properties (JSON text) of the events of {@code type} of these customers, occurred at or
     * after {@code since} when it is not null; customers without such events are left out.
     */
    Map<Long, List<String>> eventProperties(String type, Instant since, Collection<Long> customerIds);
}
