package io.siyu.core.internal.channel;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.ChannelCodeInfo;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.ChannelSyncService;
import io.siyu.api.channel.CorpTags;
import io.siyu.api.channel.ExternalContacts;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityService;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagService;
import io.siyu.api.customer.TagUpdate;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Corp tags both ways and contact import, through a channel's {@link CorpTags} and
 * {@link ExternalContacts}.
 *
 * <ul>
 * <li><b>Pull</b>: provider groups and tags are matched to Siyu tag groups and tags by their stored
 * {@code externalId}; a Siyu group (or a non-personal tag in the matched group) of the same name and
 * without a provider id is linked; the rest are created as enterprise tags.</li>
 * <li><b>Push</b>: Siyu enterprise tags without a provider id are added at the provider (group by
 * id, else by name), within the provider's tag limit, and get the provider's ids.</li>
 * <li><b>Mark</b>: a synced tag put on or taken off a customer with an identity in the account's
 * namespace is marked at the provider ({@code mark_tag}) by the customer's {@code ownerStaff}; a
 * customer without one is skipped with a log line. In the background, so tagging never waits for
 * the provider.</li>
 * <li><b>Contacts</b>: a job per channel, progress in memory on this node. Each contact is found by
 * its WeCom identity, else by its unionid (and linked), else created; gets the unionid, the corp tags
 * its follow users put on it, and, first touch wins, {@code entryPoint}/{@code sourceChannel} from the
 * earliest follow whose state is a channel code's and {@code ownerStaff} from that follow (else the
 * earliest). Only what is missing is written, so a second run changes nothing.</li>
 * </ul>
 */
@Component(service = {ChannelSyncService.class, CustomerTagListener.class})
public final class ChannelSyncServiceImpl implements ChannelSyncService, CustomerTagListener {
    /** Who the sync acts as: sees every tag, and its own tagging is not marked back at the provider. */
    static final Caller SYNC = new Caller("channel-sync", Set.of("siyu-admin"), null, DataScope.ALL);
    static final String ENTRY_POINT = "entryPoint";
    static final String SOURCE_CHANNEL = "sourceChannel";
    static final String OWNER_STAFF = "ownerStaff";
    private static final Logger LOG = Logger.getLogger(ChannelSyncServiceImpl.class.getName());

    private final Store store;
    private final ChannelRegistry registry;
    private final CustomerService customers;
    private final IdentityService identities;
    private final TagService tags;
    private final Clock clock;
    private final ExecutorService background;
    private final boolean ownsExecutor;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Set<String> pullsPending = ConcurrentHashMap.newKeySet();

    @Activate
    public ChannelSyncServiceImpl(@Reference Store store, @Reference ChannelRegistry registry,
            @Reference CustomerService customers, @Reference IdentityService identities, @Reference TagService tags) {
        this(store, registry, customers, identities, tags, Clock.systemUTC(), Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "siyu-channel-sync");
            t.setDaemon(true);
            return t;
        }), true);
    }

    /** For tests: {@code background} runs jobs, pulls and marks (a direct executor makes them synchronous). */
    public ChannelSyncServiceImpl(Store store, ChannelRegistry registry, CustomerService customers,
            IdentityService identities, TagService tags, Clock clock, ExecutorService background) {
        this(store, registry, customers, identities, tags, clock, background, false);
    }

    private ChannelSyncServiceImpl(Store store, ChannelRegistry registry, CustomerService customers,
            IdentityService identities, TagService tags, Clock clock, ExecutorService background, boolean owns) {
        this.store = store;
        this.registry = registry;
        this.customers = customers;
        this.identities = identities;
        this.tags = tags;
        this.clock = clock;
        this.background = background;
        this.ownsExecutor = owns;
    }

    @Deactivate
    void deactivate() {
        if (ownsExecutor) {
            background.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ tags

    @Override
    public TagSyncResult syncTags(Caller caller, String channel) {
        CorpTags corp = facet(channel, ChannelAdapter::corpTags, "corp tags");
        Counts counts = new Counts();
        List<CorpTags.CorpTagGroup> remote = pull(corp, counts);
        push(corp, remote, counts);
        LOG.info(() -> "tag sync of " + channel + " by " + caller.username() + ": " + counts);
        return new TagSyncResult(channel, counts.groupsCreated, counts.tagsCreated, counts.linked, counts.pushed,
                counts.skipped);
    }

    @Override
    public void tagsChanged(String channel) {
        if (!pullsPending.add(channel)) {
            return; // a pull is already waiting and will see this change too
        }
        try {
            background.execute(() -> {
                pullsPending.remove(channel);
                try {
                    Counts counts = new Counts();
                    pull(facet(channel, ChannelAdapter::corpTags, "corp tags"), counts);
                    LOG.info(() -> "corp tags of " + channel + " changed; pulled: " + counts);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "pulling the corp tags of " + channel + " failed", e);
                }
            });
        } catch (RuntimeException rejected) {
            pullsPending.remove(channel);
            LOG.log(Level.WARNING, "cannot pull the corp tags of " + channel + " now", rejected);
        }
    }

    private static final class Counts {
        int groupsCreated;
        int tagsCreated;
        int linked;
        int pushed;
        int skipped;

        @Override
        public String toString() {
            return "groupsCreated=" + groupsCreated + " tagsCreated=" + tagsCreated + " linked=" + linked
                    + " pushed=" + pushed + " skipped=" + skipped;
        }
    }

    private List<CorpTags.CorpTagGroup> pull(CorpTags corp, Counts counts) {
        List<CorpTags.CorpTagGroup> remote = corp.list();
        Map<String, TagGroup> groupsByExternalId = new HashMap<>();
        Map<String, TagGroup> groupsByName = new HashMap<>();
        for (TagGroup g : tags.groups()) {
            if (g.externalId() != null) {
                groupsByExternalId.put(g.externalId(), g);
            }
            groupsByName.put(g.name(), g);
        }
        List<TagDefinition> definitions = tags.definitions(SYNC, null, null);
        Set<String> knownTags = new LinkedHashSet<>();
        definitions.stream().filter(d -> d.externalId() != null).forEach(d -> knownTags.add(d.externalId()));
        for (CorpTags.CorpTagGroup rg : remote) {
            TagGroup group = groupsByExternalId.get(rg.id());
            if (group == null) {
                TagGroup sameName = groupsByName.get(rg.name());
                try {
                    if (sameName == null) {
                        group = tags.createGroup(SYNC, new TagGroupDraft(rg.name(), rg.order(), rg.id()));
                        counts.groupsCreated++;
                    } else if (sameName.externalId() == null) {
                        group = tags.updateGroup(SYNC, sameName.id(), new TagGroupDraft(null, null, rg.id()));
                        counts.linked++;
                    } else {
                        LOG.warning("corp tag group " + rg.id() + " '" + rg.name() + "' not pulled: Siyu's group of that"
                                + " name belongs to provider group " + sameName.externalId());
                        counts.skipped += 1 + rg.tags().size();
                        continue;
                    }
                } catch (ConflictException | ValidationException e) {
                    LOG.warning("corp tag group " + rg.id() + " '" + rg.name() + "' not pulled: " + e.getMessage());
                    counts.skipped += 1 + rg.tags().size();
                    continue;
                }
                groupsByExternalId.put(rg.id(), group);
                groupsByName.put(group.name(), group);
            }
            long groupId = group.id();
            for (CorpTags.CorpTag rt : rg.tags()) {
                if (knownTags.contains(rt.id())) {
                    continue;
                }
                Optional<TagDefinition> sameName = definitions.stream().filter(d -> d.groupId() == groupId)
                        .filter(d -> d.kind() != TagKind.PERSONAL && d.name().equals(rt.name())).findFirst();
                try {
                    if (sameName.isEmpty()) {
                        tags.create(SYNC, new TagDefinitionDraft(groupId, null, rt.name(), TagKind.ENTERPRISE, rt.order(),
                                rt.id(), null, null));
                        counts.tagsCreated++;
                    } else if (sameName.get().externalId() == null) {
                        tags.update(SYNC, sameName.get().id(), new TagUpdate(null, null, null, rt.id(), null));
                        counts.linked++;
                    } else {
                        LOG.warning("corp tag " + rt.id() + " '" + rt.name() + "' not pulled: Siyu's tag of that name"
                                + " belongs to provider tag " + sameName.get().externalId());
                        counts.skipped++;
                        continue;
                    }
                } catch (ConflictException | ValidationException e) {
                    LOG.warning("corp tag " + rt.id() + " '" + rt.name() + "' not pulled: " + e.getMessage());
                    counts.skipped++;
                    continue;
                }
                knownTags.add(rt.id());
            }
        }
        return remote;
    }

    private void push(CorpTags corp, List<CorpTags.CorpTagGroup> remote, Counts counts) {
        int total = remote.stream().mapToInt(g -> g.tags().size()).sum();
        Map<Long, List<TagDefinition>> unsynced = new LinkedHashMap<>();
        for (TagDefinition d : tags.definitions(SYNC, null, TagKind.ENTERPRISE)) {
            if (d.externalId() == null) {
                unsynced.computeIfAbsent(d.groupId(), k -> new ArrayList<>()).add(d);
            }
        }
        for (Map.Entry<Long, List<TagDefinition>> e : unsynced.entrySet()) {
            TagGroup group = tags.group(e.getKey());
            List<TagDefinition> todo = new ArrayList<>();
            for (TagDefinition d : e.getValue()) {
                if (d.name().length() > CorpTags.MAX_NAME_LENGTH || group.name().length() > CorpTags.MAX_NAME_LENGTH) {
                    counts.skipped++;
                } else if (total + todo.size() >= CorpTags.MAX_TAGS) {
                    LOG.warning("tag " + d.id() + " '" + d.name() + "' not pushed: the provider holds at most "
                            + CorpTags.MAX_TAGS + " tags");
                    counts.skipped++;
                } else {
                    todo.add(d);
                }
            }
            if (todo.isEmpty()) {
                continue;
            }
            CorpTags.CorpTagGroup created = corp.add(group.externalId(), group.externalId() == null ? group.name() : null,
                    todo.stream().map(TagDefinition::name).toList());
            if (group.externalId() == null) {
                tags.updateGroup(SYNC, group.id(), new TagGroupDraft(null, null, created.id()));
            }
            Map<String, TagDefinition> byName = new HashMap<>();
            todo.forEach(d -> byName.put(d.name(), d));
            for (CorpTags.CorpTag t : created.tags()) {
                TagDefinition d = byName.get(t.name());
                if (d != null) {
                    tags.update(SYNC, d.id(), new TagUpdate(null, null, null, t.id(), null));
                    counts.pushed++;
                }
            }
            total += created.tags().size();
        }
    }

    @Override
    public void tagged(Caller caller, TagDefinition tag, TagAction action, List<Long> customerIds) {
        if (tag.externalId() == null || SYNC.username().equals(caller.username()) || customerIds.isEmpty()) {
            return;
        }
        List<Long> ids = List.copyOf(customerIds);
        try {
            background.execute(() -> mark(tag, action, ids));
        } catch (RuntimeException rejected) {
            LOG.log(Level.WARNING, "tag " + tag.id() + " not marked at the provider for " + ids.size() + " customers",
                    rejected);
        }
    }

    private void mark(TagDefinition tag, TagAction action, List<Long> customerIds) {
        Map<String, CorpTags> byNamespace = new HashMap<>();
        for (ChannelDescriptor d : registry.channels()) {
            registry.adapter(d.type(), d.account()).flatMap(ChannelAdapter::corpTags)
                    .ifPresent(c -> byNamespace.putIfAbsent(c.namespace(), c));
        }
        if (byNamespace.isEmpty()) {
            return;
        }
        List<String> add = action == TagAction.ADD ? List.of(tag.externalId()) : List.of();
        List<String> remove = action == TagAction.REMOVE ? List.of(tag.externalId()) : List.of();
        for (long id : customerIds) {
            Customer c;
            try {
                c = customers.get(Caller.SYSTEM, id);
            } catch (NotFoundException gone) {
                continue;
            }
            for (ChannelIdentity identity : c.identities()) {
                CorpTags corp = identity.type() == IdentityType.WECOM_EXTERNAL_USERID
                        ? byNamespace.get(identity.namespace()) : null;
                if (corp == null) {
                    continue;
                }
                Object owner = c.attributes().get(OWNER_STAFF);
                if (owner == null || owner.toString().isBlank()) {
                    LOG.info("tag " + tag.id() + " not marked at the provider for customer " + id
                            + ": no ownerStaff to mark it as");
                    continue;
                }
                try {
                    corp.mark(owner.toString(), identity.value(), add, remove);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "marking tag " + tag.id() + " on customer " + id + " at the provider failed", e);
                }
            }
        }
    }

    // ------------------------------------------------------------------ contacts

    /** A contact sync's progress, updated by its thread and read by anyone. */
    private static final class Job {
        final String id;
        final String channel;
        final Instant startedAt;
        volatile JobState state = JobState.RUNNING;
        volatile int staffTotal;
        volatile int staffDone;
        volatile int seen;
        volatile int created;
        volatile int linked;
        volatile int updated;
        volatile int unchanged;
        volatile int failed;
        volatile String message;
        volatile Instant finishedAt;

        Job(String id, String channel, Instant startedAt) {
            this.id = id;
            this.channel = channel;
            this.startedAt = startedAt;
        }

        ContactSyncJob view() {
            return new ContactSyncJob(id, channel, state, staffTotal, staffDone, seen, created, linked, updated, unchanged,
                    failed, message, startedAt, finishedAt);
        }
    }

    @Override
    public ContactSyncJob startContactSync(Caller caller, String channel) {
        ExternalContacts contacts = facet(channel, ChannelAdapter::externalContacts, "external contacts");
        Job job;
        synchronized (jobs) {
            for (Job j : jobs.values()) {
                if (j.channel.equals(channel) && j.state == JobState.RUNNING) {
                    throw new ConflictException("contact sync " + j.id + " of " + channel + " is still running");
                }
            }
            job = new Job(UUID.randomUUID().toString(), channel, clock.instant());
            jobs.put(job.id, job);
        }
        LOG.info(() -> "contact sync " + job.id + " of " + channel + " started by " + caller.username());
        Job started = job;
        background.execute(() -> runContactSync(started, contacts));
        return job.view();
    }

    @Override
    public ContactSyncJob contactSyncJob(Caller caller, String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new NotFoundException("contact sync job", jobId);
        }
        return job.view();
    }

    private void runContactSync(Job job, ExternalContacts contacts) {
        try {
            List<String> staff = contacts.followUsers();
            job.staffTotal = staff.size();
            Set<String> done = new LinkedHashSet<>();
            Map<String, Long> tagIds = new HashMap<>();
            tags.definitions(SYNC, null, null).stream().filter(d -> d.externalId() != null)
                    .forEach(d -> tagIds.put(d.externalId(), d.id()));
            String type = job.channel.substring(0, job.channel.indexOf('/'));
            for (String userId : staff) {
                for (String externalUserId : contacts.contactsOf(userId)) {
                    if (!done.add(externalUserId)) {
                        continue; // followed by several staff members: once is enough
                    }
                    job.seen++;
                    try {
                        Optional<ExternalContacts.Contact> contact = contacts.contact(externalUserId);
                        if (contact.isEmpty()) {
                            continue; // gone between the list and the read
                        }
                        switch (importContact(contacts.namespace(), type, contact.get(), tagIds)) {
                            case CREATED -> job.created++;
                            case LINKED -> job.linked++;
                            case UPDATED -> job.updated++;
                            default -> job.unchanged++;
                        }
                    } catch (ChannelCallException e) {
                        if (e.isTransient()) {
                            throw e;
                        }
                        job.failed++;
                        job.message = externalUserId + ": " + e.getMessage();
                    } catch (RuntimeException e) {
                        job.failed++;
                        job.message = externalUserId + ": " + e.getMessage();
                        LOG.log(Level.WARNING, "contact " + externalUserId + " of " + job.channel + " not imported", e);
                    }
                }
                job.staffDone++;
            }
            job.state = JobState.DONE;
        } catch (RuntimeException e) {
            job.state = JobState.FAILED;
            job.message = e.getMessage();
            LOG.log(Level.WARNING, "contact sync " + job.id + " of " + job.channel + " failed", e);
        } finally {
            job.finishedAt = clock.instant();
            LOG.info(() -> "contact sync " + job.id + " of " + job.channel + " " + job.view());
        }
    }

    private enum Change {
        CREATED,
        LINKED,
        UPDATED,
        UNCHANGED
    }

    private Change importContact(String namespace, String channelType, ExternalContacts.Contact contact,
            Map<String, Long> tagIds) {
        ChannelIdentity wecom = ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, namespace,
                contact.externalUserId());
        ChannelIdentity unionid = contact.unionid() == null ? null
                : ChannelIdentity.of(IdentityType.UNIONID, contact.unionid());
        Set<Long> wantedTags = new LinkedHashSet<>();
        contact.follows().forEach(f -> f.tagIds().forEach(t -> {
            Long id = tagIds.get(t);
            if (id != null) {
                wantedTags.add(id);
            }
        }));
        Map<String, Object> wantedAttributes = attribution(channelType, contact);

        Change change = Change.UNCHANGED;
        Optional<Customer> found = customers.findByIdentity(SYNC, wecom);
        if (found.isEmpty() && unionid != null) {
            Optional<Customer> byUnionid = customers.findByIdentity(SYNC, unionid);
            if (byUnionid.isPresent()) {
                found = Optional.of(identities.link(SYNC, byUnionid.get().id(), wecom));
                change = Change.LINKED;
            }
        }
        if (found.isEmpty()) {
            List<ChannelIdentity> ids = new ArrayList<>();
            ids.add(wecom);
            if (unionid != null) {
                ids.add(unionid);
            }
            String name = contact.name().isBlank() ? contact.externalUserId() : contact.name();
            customers.create(SYNC, new CustomerDraft(name, ids, wantedTags, wantedAttributes));
            return Change.CREATED;
        }
        Customer c = found.get();
        if (unionid != null && !c.identities().contains(unionid)) {
            c = identities.link(SYNC, c.id(), unionid);
            change = change == Change.LINKED ? change : Change.UPDATED;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, Object> attributes = new HashMap<>(c.attributes());
            boolean changed = false;
            for (Map.Entry<String, Object> a : wantedAttributes.entrySet()) {
                changed |= attributes.putIfAbsent(a.getKey(), a.getValue()) == null; // first touch wins
            }
            Set<Long> tagSet = new LinkedHashSet<>();
            for (Tag t : c.tags()) {
                tagSet.add(t.id());
            }
            changed |= tagSet.addAll(wantedTags);
            if (!changed) {
                return change;
            }
            try {
                customers.update(SYNC, c.id(), new CustomerDraft(c.displayName(), c.identities(), tagSet, attributes),
                        c.version());
                return change == Change.LINKED ? change : Change.UPDATED;
            } catch (ConflictException concurrentUpdate) {
                c = customers.get(SYNC, c.id());
            }
        }
        throw new ConflictException("customer " + c.id() + " kept changing while contact "
                + contact.externalUserId() + " was imported");
    }

    /** entryPoint and sourceChannel from the earliest follow that came by a channel code; ownerStaff from it or the earliest. */
    private Map<String, Object> attribution(String channelType, ExternalContacts.Contact contact) {
        List<ExternalContacts.Follow> follows = new ArrayList<>(contact.follows());
        follows.sort(Comparator.comparing(ExternalContacts.Follow::addedAt,
                Comparator.nullsLast(Comparator.naturalOrder())));
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (ExternalContacts.Follow f : follows) {
            Optional<ChannelCodeInfo> code = f.state() == null ? Optional.empty()
                    : store.channelCodes().findByState(f.state());
            if (code.isPresent()) {
                attributes.put(ENTRY_POINT, code.get().name());
                attributes.put(SOURCE_CHANNEL, channelType);
                attributes.put(OWNER_STAFF, f.staffUserId());
                return attributes;
            }
        }
        if (!follows.isEmpty()) {
            attributes.put(OWNER_STAFF, follows.get(0).staffUserId());
        }
        return attributes;
    }

    // ------------------------------------------------------------------ channels

    private <T> T facet(String channel, java.util.function.Function<ChannelAdapter, Optional<T>> facet, String what) {
        return ChannelFacets.find(registry, channel, facet, what);
    }
}
