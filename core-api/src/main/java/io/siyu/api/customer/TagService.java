package io.siyu.api.customer;

import io.siyu.api.org.Caller;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tag groups and tags. Personal tags are visible to and usable by their owner only (administrators
 * and the system see all of them); auto tags are put on and taken off by their rule only. Every tag
 * put on or taken off a customer is written to the customer's timeline as {@code tag.added} or
 * {@code tag.removed}.
 */
@ProviderType
public interface TagService {
    /** Creates a tag; a duplicate group/name is a {@link io.siyu.api.ConflictException}. */
    Tag create(TagDraft draft);

    /** Every tag, ordered by group then name. */
    List<Tag> list();

    /** @throws io.siyu.api.NotFoundException if there is no such tag */
    Tag get(long id);

    /** Deletes the tag and removes it from every customer. */
    void delete(long id);

    /** Tag groups in display order. @since 1.1 */
    List<TagGroup> groups();

    /** @throws io.siyu.api.NotFoundException if there is no such group */
    TagGroup group(long id);

    /** @throws io.siyu.api.ConflictException if the name is taken */
    TagGroup createGroup(Caller caller, TagGroupDraft draft);

    /** Renames, reorders or sets the WeCom id of a group; null fields are kept. */
    TagGroup updateGroup(Caller caller, long id, TagGroupDraft draft);

    /**
     * Deletes a group. While it has tags this is refused with a {@link io.siyu.api.ConflictException}
     * unless {@code force}, which deletes its tags too (taking them off every customer, on the timeline).
     */
    void deleteGroup(Caller caller, long id, boolean force);

    /** The tags the caller may see, by group order, tag order and name; groupId and kind filter when not null. */
    List<TagDefinition> definitions(Caller caller, Long groupId, TagKind kind);

    /** @throws io.siyu.api.NotFoundException if there is no such tag the caller may see */
    TagDefinition definition(Caller caller, long id);

    /** @throws io.siyu.api.ValidationException naming every bad field, e.g. an auto tag without a rule */
    TagDefinition create(Caller caller, TagDefinitionDraft draft);

    /**
     * Renames, moves, reorders a tag or replaces an auto tag's rule. A new rule is re-evaluated for
     * every customer in the background: see {@link #ruleRun}.
     */
    TagDefinition update(Caller caller, long id, TagUpdate update);

    /** Deletes a tag the caller may see and takes it off every customer. */
    void delete(Caller caller, long id);

    /** How many customers carry each tag the caller may see; tags nobody carries are left out. */
    Map<Long, Long> customerCounts(Caller caller);

    /**
     * Puts the tag on or takes it off the named customers, in transactions of at most a thousand.
     *
     * @throws io.siyu.api.ValidationException naming unknown customer ids, or the tag if it is an
     *         auto tag; nothing is stored
     */
    TagBulkResult tagCustomers(Caller caller, long tagId, TagAction action, Collection<Long> customerIds);

    /**
     * Puts the tag on or takes it off every member of a segment, as found when the call starts.
     *
     * @throws io.siyu.api.UnavailableException while no segment service is running
     * @throws io.siyu.api.ValidationException for an unknown segment or an auto tag
     */
    TagBulkResult tagSegment(Caller caller, long tagId, TagAction action, long segmentId);

    /** The latest re-evaluation of an auto tag's rule on this node, if any. */
    Optional<TagRuleRun> ruleRun(Caller caller, long tagId);
}
