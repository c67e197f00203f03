package io.siyu.core.internal;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagBulkResult;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRuleRun;
import io.siyu.api.customer.TagService;
import io.siyu.api.customer.TagUpdate;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentService;
import io.siyu.store.NewTag;
import io.siyu.store.Retagged;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

@Component(service = TagService.class)
public final class TagServiceImpl implements TagService {
    /** WeCom's corp tag limit; keeping to it lets every tag sync both ways. */
    static final int MAX_NAME = 30;
    static final int MAX_EXTERNAL_ID = 64;
    /** Beyond this, name the customers by a segment. */
    static final int MAX_BULK_IDS = 100_000;
    /** Customers per tagging transaction. */
    static final int CHUNK = 1000;

    private final Store store;
    private final io.siyu.core.internal.org.DataScopes scopes;
    private final Clock clock;
    private final AutoTagger autoTagger;

    /** Built by someone else and optional: bulk tagging by segment answers 503 while it is away. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SegmentService segments;

    /** Told about every retagging, e.g. to mark WeCom-synced tags at WeCom. */
    private final List<io.siyu.core.internal.channel.CustomerTagListener> tagListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTagListener(io.siyu.core.internal.channel.CustomerTagListener listener) {
        tagListeners.add(listener);
    }

    void removeTagListener(io.siyu.core.internal.channel.CustomerTagListener listener) {
        tagListeners.remove(listener);
    }

    @Activate
    public TagServiceImpl(@Reference Store store, @Reference AutoTagger autoTagger) {
        this(store, Clock.systemUTC(), autoTagger);
    }

    TagServiceImpl(Store store, Clock clock) {
        this(store, clock, new AutoTagger(store, clock, Runnable::run));
    }

    TagServiceImpl(Store store, Clock clock, AutoTagger autoTagger) {
        this.store = store;
        this.scopes = new io.siyu.core.internal.org.DataScopes(store);
        this.clock = clock;
        this.autoTagger = autoTagger;
    }

    /** Millisecond precision: what every supported database stores, so reads equal writes. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // --- first API version: the platform's view, every tag ---

    @Override
    public Tag create(TagDraft draft) {
        return create(Caller.SYSTEM, TagDefinitionDraft.of(draft)).tag();
    }

    @Override
    public List<Tag> list() {
        return store.tags().list();
    }

    @Override
    public Tag get(long id) {
        return store.tags().find(id).orElseThrow(() -> new NotFoundException("tag", id));
    }

    @Override
    public void delete(long id) {
        delete(Caller.SYSTEM, id);
    }

    // --- groups ---

    @Override
    public List<TagGroup> groups() {
        return store.tags().groups();
    }

    @Override
    public TagGroup group(long id) {
        return store.tags().findGroup(id).orElseThrow(() -> new NotFoundException("tag group", id));
    }

    @Override
    public TagGroup createGroup(Caller caller, TagGroupDraft draft) {
        requireBody(draft);
        List<FieldError> errors = new ArrayList<>();
        String name = checkName("name", draft.name(), errors);
        String externalId = checkExternalId(draft.externalId(), errors);
        throwIfAny(errors);
        return store.tags().insertGroup(new TagGroupDraft(name, draft.order(), externalId), now());
    }

    @Override
    public TagGroup updateGroup(Caller caller, long id, TagGroupDraft draft) {
        requireBody(draft);
        List<FieldError> errors = new ArrayList<>();
        String name = draft.name() == null ? null : checkName("name", draft.name(), errors);
        String externalId = checkExternalId(draft.externalId(), errors);
        throwIfAny(errors);
        return store.tags().updateGroup(id, new TagGroupDraft(name, draft.order(), externalId), now())
                .orElseThrow(() -> new NotFoundException("tag group", id));
    }

    @Override
    public void deleteGroup(Caller caller, long id, boolean force) {
        if (!store.tags().deleteGroup(id, force, TagAccess.actor(caller), now())) {
            throw new NotFoundException("tag group", id);
        }
    }

    // --- tags ---

    @Override
    public List<TagDefinition> definitions(Caller caller, Long groupId, TagKind kind) {
        return store.tags().definitions().stream().filter(t -> TagAccess.visible(caller, t))
                .filter(t -> groupId == null || t.groupId() == groupId)
                .filter(t -> kind == null || t.kind() == kind).toList();
    }

    @Override
    public TagDefinition definition(Caller caller, long id) {
        return store.tags().findDefinition(id).filter(t -> TagAccess.visible(caller, t))
                .orElseThrow(() -> new NotFoundException("tag", id));
    }

    @Override
    public TagDefinition create(Caller caller, TagDefinitionDraft draft) {
        requireBody(draft);
        List<FieldError> errors = new ArrayList<>();
        String name = checkName("name", draft.name(), errors);
        String externalId = checkExternalId(draft.externalId(), errors);
        Long groupId = draft.groupId();
        String groupName = null;
        if (groupId == null) {
            groupName = checkName("group", draft.group(), errors);
        } else if (store.tags().findGroup(groupId).isEmpty()) {
            errors.add(FieldError.of("groupId", "no tag group with id " + groupId));
        }
        String owner = null;
        if (draft.kind() == TagKind.PERSONAL) {
            owner = draft.owner() == null || draft.owner().isBlank() ? TagAccess.actor(caller) : draft.owner().strip();
            if (!owner.equals(TagAccess.actor(caller)) && !TagAccess.seesAll(caller)) {
                errors.add(FieldError.of("owner", "only administrators create personal tags for someone else"));
            } else if (owner.length() > 64) {
                errors.add(FieldError.of("owner", "must be at most 64 characters"));
            }
        } else if (draft.owner() != null) {
            errors.add(FieldError.of("owner", "only personal tags have an owner"));
        }
        if (draft.kind() == TagKind.AUTO) {
            RuleValidator.check(draft.rule(), "rule", errors);
        } else if (draft.rule() != null) {
            errors.add(FieldError.of("rule", "only auto tags have a rule"));
        }
        throwIfAny(errors);
        if (groupId == null) {
            String n = groupName;
            Instant now = now();
            groupId = store.tags().findGroupByName(n)
                    .orElseGet(() -> store.tags().insertGroup(new TagGroupDraft(n, null, null), now)).id();
        }
        TagDefinition created = store.tags().insert(new NewTag(groupId, name, draft.kind(),
                draft.order() == null ? 0 : draft.order(), externalId, owner, RuleValidator.normalize(draft.rule())), now());
        if (created.kind() == TagKind.AUTO) {
            autoTagger.start(created);
        }
        return created;
    }

    @Override
    public TagDefinition update(Caller caller, long id, TagUpdate update) {
        requireBody(update);
        TagDefinition tag = managed(caller, id);
        List<FieldError> errors = new ArrayList<>();
        String name = update.name() == null ? null : checkName("name", update.name(), errors);
        String externalId = checkExternalId(update.externalId(), errors);
        if (update.groupId() != null && store.tags().findGroup(update.groupId()).isEmpty()) {
            errors.add(FieldError.of("groupId", "no tag group with id " + update.groupId()));
        }
        if (update.rule() != null) {
            if (tag.kind() != TagKind.AUTO) {
                errors.add(FieldError.of("rule", "only auto tags have a rule"));
            } else {
                RuleValidator.check(update.rule(), "rule", errors);
            }
        }
        throwIfAny(errors);
        TagDefinition updated = store.tags().update(id, new TagUpdate(name, update.groupId(), update.order(), externalId,
                RuleValidator.normalize(update.rule())), now()).orElseThrow(() -> new NotFoundException("tag", id));
        if (updated.kind() == TagKind.AUTO && !Objects.equals(tag.rule(), updated.rule())) {
            autoTagger.start(updated);
        }
        return updated;
    }

    @Override
    public void delete(Caller caller, long id) {
        managed(caller, id);
        if (!store.tags().delete(id, TagAccess.actor(caller), now())) {
            throw new NotFoundException("tag", id);
        }
        autoTagger.forget(id);
    }

    private TagDefinition managed(Caller caller, long id) {
        TagDefinition tag = definition(caller, id);
        if (!TagAccess.manages(caller, tag)) {
            throw new NotFoundException("tag", id);
        }
        return tag;
    }

    @Override
    public Map<Long, Long> customerCounts(Caller caller) {
        Set<Long> hidden = TagAccess.hidden(caller, store.tags().definitions());
        Map<Long, Long> counts = new HashMap<>(store.tags().customerCounts());
        counts.keySet().removeAll(hidden);
        return counts;
    }

    // --- bulk ---

    @Override
    public TagBulkResult tagCustomers(Caller caller, long tagId, TagAction action, Collection<Long> customerIds) {
        TagDefinition tag = usable(caller, tagId);
        List<FieldError> errors = new ArrayList<>();
        if (action == null) {
            errors.add(FieldError.of("action", "must be add or remove"));
        }
        if (customerIds == null || customerIds.isEmpty()) {
            errors.add(FieldError.of("customerIds", "name at least one customer (or send a segmentId)"));
        } else if (customerIds.size() > MAX_BULK_IDS) {
            errors.add(FieldError.of("customerIds", "at most " + MAX_BULK_IDS + " customers per request; use a segment for more"));
        } else if (customerIds.stream().anyMatch(Objects::isNull)) {
            errors.add(FieldError.of("customerIds", "must not contain null"));
        }
        throwIfAny(errors);
        Set<Long> ids = new LinkedHashSet<>(customerIds);
        Set<Long> missing = new java.util.TreeSet<>(store.tags().missingCustomers(ids));
        if (!scopes.reach(caller).all()) {
            // outside the caller's scope reads exactly like absent: the scope reveals nothing
            ids.stream().filter(id -> !missing.contains(id) && !scopes.sees(caller, id)).forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            List<Long> sorted = missing.stream().sorted().limit(50).toList();
            throw new ValidationException(FieldError.of("customerIds", "no customer with id " + sorted
                    + (missing.size() > sorted.size() ? " and " + (missing.size() - sorted.size()) + " more" : "")));
        }
        return retagAll(caller, tag, action, ids);
    }

    @Override
    public TagBulkResult tagSegment(Caller caller, long tagId, TagAction action, long segmentId) {
        // the members come from the segment service within the caller's scope
        SegmentService segmentService = segments;
        if (segmentService == null) {
            throw new UnavailableException("the segment service is not running, so segments cannot be tagged");
        }
        TagDefinition tag = usable(caller, tagId);
        if (action == null) {
            throw new ValidationException(FieldError.of("action", "must be add or remove"));
        }
        SegmentDefinition segment;
        try {
            segment = segmentService.get(caller, segmentId);
        } catch (NotFoundException e) {
            throw new ValidationException(FieldError.of("segmentId", "no segment with id " + segmentId));
        }
        // Members first, tagging after: a segment that depends on this tag must not shift under the paging.
        Set<Long> members = new LinkedHashSet<>();
        for (int offset = 0;; offset += PageRequest.MAX_LIMIT) {
            Page<Long> page = segmentService.members(caller, segment.condition(), new PageRequest(offset, PageRequest.MAX_LIMIT));
            members.addAll(page.items());
            if (!page.hasMore() || page.items().isEmpty()) {
                break;
            }
        }
        return retagAll(caller, tag, action, members);
    }

    /** The tag, if the caller may put it on and take it off by hand. */
    private TagDefinition usable(Caller caller, long tagId) {
        TagDefinition tag = definition(caller, tagId);
        if (tag.kind() == TagKind.AUTO) {
            throw new ValidationException(FieldError.of("tagId", "tag " + tagId + " (" + tag.group() + "/" + tag.name()
                    + ") is an auto tag: only its rule puts it on or takes it off"));
        }
        if (tag.kind() == TagKind.PERSONAL && !TagAccess.actor(caller).equals(tag.owner())) {
            throw new ValidationException(FieldError.of("tagId", "tag " + tagId + " is " + tag.owner()
                    + "'s personal tag; only its owner puts it on or takes it off"));
        }
        return tag;
    }

    private TagBulkResult retagAll(Caller caller, TagDefinition tag, TagAction action, Collection<Long> ids) {
        String by = TagAccess.actor(caller);
        long changed = 0;
        List<Long> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<Long> chunk = new ArrayList<>(all.subList(i, Math.min(all.size(), i + CHUNK)));
            Retagged r = retag(tag.id(), action, chunk, by);
            if (!r.ok()) {
                // deleted since the request was checked: there is nothing to tag on them any more
                chunk.removeAll(r.unknownCustomers());
                r = retag(tag.id(), action, chunk, by);
            }
            changed += r.added() + r.removed();
            for (io.siyu.core.internal.channel.CustomerTagListener listener : tagListeners) {
                try {
                    listener.tagged(caller, tag, action, chunk);
                } catch (RuntimeException e) {
                    java.util.logging.Logger.getLogger(TagServiceImpl.class.getName()).log(java.util.logging.Level.WARNING,
                            "a tag listener failed; the tags are stored", e);
                }
            }
        }
        return new TagBulkResult(ids.size(), changed);
    }

    private Retagged retag(long tagId, TagAction action, List<Long> chunk, String by) {
        return action == TagAction.ADD ? store.tags().retag(tagId, chunk, List.of(), by, now())
                : store.tags().retag(tagId, List.of(), chunk, by, now());
    }

    @Override
    public Optional<TagRuleRun> ruleRun(Caller caller, long tagId) {
        definition(caller, tagId);
        return autoTagger.run(tagId);
    }

    // --- checks ---

    private static void requireBody(Object body) {
        if (body == null) {
            throw new ValidationException(FieldError.of("body", "is required"));
        }
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static String checkName(String field, String value, List<FieldError> errors) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            errors.add(FieldError.of(field, "must not be empty"));
        } else if (v.length() > MAX_NAME) {
            errors.add(FieldError.of(field, "must be at most " + MAX_NAME + " characters (WeCom's limit)"));
        }
        return v;
    }

    private static String checkExternalId(String value, List<FieldError> errors) {
        if (value != null && value.strip().length() > MAX_EXTERNAL_ID) {
            errors.add(FieldError.of("externalId", "must be at most " + MAX_EXTERNAL_ID + " characters"));
        }
        return value == null ? null : value.strip();
    }
}
