package io.siyu.core.internal;

import io.siyu.core.internal.policy.TouchPolicyImpl;
import io.siyu.api.policy.MomentRequest;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.ConflictException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelCodeDraft;
import io.siyu.api.channel.ChannelCodes;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelOperations;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.ChannelSyncService;
import io.siyu.api.channel.CorpTags;
import io.siyu.api.channel.CustomerTransfers;
import io.siyu.api.channel.ExternalContacts;
import io.siyu.api.channel.Moments;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.org.Caller;
import io.siyu.core.internal.channel.ChannelCodeServiceImpl;
import io.siyu.core.internal.channel.ChannelOperationsImpl;
import io.siyu.core.internal.channel.ChannelSyncServiceImpl;
import io.siyu.core.internal.outbox.OutboxService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Corp tags both ways, contact import and the channel operations, on a real Derby store with the real
 * services and a scripted WeCom account.
 */
class ChannelSyncFlowTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    static final Caller OPERATOR = new Caller("marketer", Set.of("siyu-admin"), null, io.siyu.api.org.DataScope.ALL);
    static final String CORP = "wwcorp";

    /** Runs background work at once, on the calling thread. */
    static final class DirectExecutor extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** A WeCom account whose provider side is a few maps; records what it is asked to do. */
    static final class ScriptedWeCom implements ChannelAdapter, CorpTags, ExternalContacts, CustomerTransfers,
            Moments, ChannelCodes {
        final Map<String, CorpTagGroup> groups = new LinkedHashMap<>();
        final Map<String, Contact> contacts = new LinkedHashMap<>();
        final List<String> marks = new ArrayList<>();
        final List<List<String>> transferCalls = new ArrayList<>();
        final List<Moment> moments = new ArrayList<>();
        int ids;
        int contactReads;

        @Override
        public ChannelDescriptor descriptor() {
            return new ChannelDescriptor("wecom", "main", null, Set.of(ChannelCapability.TAG_SYNC), null);
        }

        @Override
        public SendResult send(OutboundMessage message) {
            return SendResult.Accepted.of(null);
        }

        @Override
        public ChannelHealth health() {
            return ChannelHealth.up(Duration.ZERO);
        }

        @Override
        public Optional<CorpTags> corpTags() {
            return Optional.of(this);
        }

        @Override
        public Optional<ExternalContacts> externalContacts() {
            return Optional.of(this);
        }

        @Override
        public Optional<CustomerTransfers> customerTransfers() {
            return Optional.of(this);
        }

        @Override
        public Optional<Moments> moments() {
            return Optional.of(this);
        }

        @Override
        public Optional<ChannelCodes> channelCodes() {
            return Optional.of(this);
        }

        @Override
        public String namespace() {
            return CORP;
        }

        @Override
        public List<CorpTagGroup> list() {
            return List.copyOf(groups.values());
        }

        @Override
        public CorpTagGroup add(String groupId, String groupName, List<String> tagNames) {
            CorpTagGroup g = groupId != null ? groups.get(groupId)
                    : groups.values().stream().filter(x -> x.name().equals(groupName)).findFirst()
                            .orElse(new CorpTagGroup("g" + (++ids), groupName, 0, List.of()));
            List<CorpTag> created = tagNames.stream().map(n -> new CorpTag("t" + (++ids), n, 0)).toList();
            List<CorpTag> all = new ArrayList<>(g.tags());
            all.addAll(created);
            groups.put(g.id(), new CorpTagGroup(g.id(), g.name(), g.order(), all));
            return new CorpTagGroup(g.id(), g.name(), g.order(), created);
        }

        @Override
        public void mark(String staffUserId, String externalUserId, List<String> addTagIds, List<String> removeTagIds) {
            marks.add(staffUserId + " " + externalUserId + " +" + addTagIds + " -" + removeTagIds);
        }

        @Override
        public List<String> followUsers() {
            return contacts.values().stream().flatMap(c -> c.follows().stream()).map(Follow::staffUserId).distinct()
                    .toList();
        }

        @Override
        public List<String> contactsOf(String staffUserId) {
            return contacts.values().stream()
                    .filter(c -> c.follows().stream().anyMatch(f -> f.staffUserId().equals(staffUserId)))
                    .map(Contact::externalUserId).toList();
        }

        @Override
        public Optional<Contact> contact(String externalUserId) {
            contactReads++;
            return Optional.ofNullable(contacts.get(externalUserId));
        }

        @Override
        public List<Outcome> transfer(boolean resigned, String handoverUserId, String takeoverUserId,
                List<String> externalUserIds, String message) {
            transferCalls.add(List.copyOf(externalUserIds));
            return externalUserIds.stream().map(id -> new Outcome(id, id.endsWith("x") ? 40128 : 0)).toList();
        }

        /** This corp has no group chats: WeCom answers 90501 for each. */
        @Override
        public List<Outcome> transferGroupChats(List<String> chatIds, String newOwnerUserId) {
            return chatIds.stream().map(id -> new Outcome(id, 90501)).toList();
        }

        @Override
        public List<Status> results(boolean resigned, String handoverUserId, String takeoverUserId) {
            return resigned ? List.of() : List.of(new Status("wm-1", 2, NOW.plus(Duration.ofDays(1))));
        }

        @Override
        public String create(Moment moment) {
            moments.add(moment);
            return "job-" + moments.size();
        }

        @Override
        public TaskResult result(String jobId) {
            return new TaskResult(jobId, 3, "mom-1", 0, null, List.of(), List.of());
        }

        @Override
        public ChannelCode create(Request request) {
            return new ChannelCode("cfg-" + request.state(), request.state(), null);
        }

        @Override
        public void delete(String providerCodeId) {
        }
    }

    final TestStores stores = new TestStores();
    final MutableClock clock = new MutableClock(NOW);
    final ScriptedWeCom wecom = new ScriptedWeCom();
    final ChannelRegistry registry = new ChannelRegistry() {
        @Override
        public List<ChannelDescriptor> channels() {
            return List.of(wecom.descriptor());
        }

        @Override
        public Optional<ChannelAdapter> adapter(String type, String account) {
            return type.equals("wecom") && account.equals("main") ? Optional.of(wecom) : Optional.empty();
        }
    };
    final AutoTagger autoTagger = new AutoTagger(stores.store, clock, Runnable::run);
    final TagServiceImpl tags = new TagServiceImpl(stores.store, clock, autoTagger);
    final CustomerServiceImpl customers = new CustomerServiceImpl(stores.store,
            TestStores.attributeSchema(stores.store), clock);
    final IdentityServiceImpl identities = new IdentityServiceImpl(stores.store, clock);
    final OutboxService outbox = new OutboxService(stores.store, registry, clock, 60, 12);
    final ChannelCodeServiceImpl codes = new ChannelCodeServiceImpl(stores.store, registry, customers, tags, outbox,
            clock);
    final ChannelSyncServiceImpl sync = new ChannelSyncServiceImpl(stores.store, registry, customers, identities, tags,
            clock, new DirectExecutor());
    final TouchPolicyImpl policy = new TouchPolicyImpl(stores.store, registry, clock);
    final ChannelOperationsImpl operations = new ChannelOperationsImpl(registry, policy, clock);

    ChannelSyncFlowTest() {
        tags.addTagListener(sync);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private TagDefinition tag(String externalId) {
        return tags.definitions(OPERATOR, null, null).stream().filter(t -> externalId.equals(t.externalId()))
                .findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ tags

    @Test
    void tagsArePulledLinkedAndPushedAndASecondSyncChangesNothing() {
        wecom.groups.put("g-level", new CorpTags.CorpTagGroup("g-level", "客户等级", 1,
                List.of(new CorpTags.CorpTag("t-vip", "VIP", 1), new CorpTags.CorpTag("t-normal", "普通", 2))));
        wecom.groups.put("g-src", new CorpTags.CorpTagGroup("g-src", "来源", 2,
                List.of(new CorpTags.CorpTag("t-live", "直播", 0))));
        // Siyu already has 来源/直播 without WeCom ids, and tags WeCom lacks
        TagDefinition live = tags.create(OPERATOR, new TagDefinitionDraft(null, "来源", "直播", null, null, null, null,
                null));
        TagDefinition poster = tags.create(OPERATOR, new TagDefinitionDraft(null, "来源", "海报", null, null, null, null,
                null));
        TagDefinition runner = tags.create(OPERATOR, new TagDefinitionDraft(null, "兴趣", "跑步", null, null, null, null,
                null));
        tags.create(OPERATOR, new TagDefinitionDraft(null, "兴趣", "我的", TagKind.PERSONAL, null, null, null, null));

        ChannelSyncService.TagSyncResult result = sync.syncTags(OPERATOR, "wecom/main");
        assertEquals(1, result.groupsCreated(), "客户等级");
        assertEquals(2, result.tagsCreated(), "VIP, 普通");
        assertEquals(2, result.linked(), "来源 and 直播 by name");
        assertEquals(2, result.pushed(), "海报 into g-src, 跑步 into a new group 兴趣; never the personal tag");
        assertEquals(0, result.skipped());

        assertEquals("t-live", tags.definition(OPERATOR, live.id()).externalId());
        assertEquals("g-src", tags.groups().stream().filter(g -> g.name().equals("来源")).findFirst().orElseThrow()
                .externalId());
        TagDefinition vip = tag("t-vip");
        assertEquals("客户等级", vip.group());
        assertEquals(TagKind.ENTERPRISE, vip.kind());
        String posterId = tags.definition(OPERATOR, poster.id()).externalId();
        assertTrue(wecom.groups.get("g-src").tags().stream().anyMatch(t -> t.id().equals(posterId) && t.name().equals("海报")));
        TagGroup interests = tags.group(tags.definition(OPERATOR, runner.id()).groupId());
        assertEquals("兴趣", wecom.groups.get(interests.externalId()).name());

        ChannelSyncService.TagSyncResult again = sync.syncTags(OPERATOR, "wecom/main");
        assertEquals(new ChannelSyncService.TagSyncResult("wecom/main", 0, 0, 0, 0, 0), again);
    }

    @Test
    void aChangeCallbackPullsWithoutPushing() {
        tags.create(OPERATOR, new TagDefinitionDraft(null, "兴趣", "跑步", null, null, null, null, null));
        wecom.groups.put("g1", new CorpTags.CorpTagGroup("g1", "客户等级", 0, List.of(new CorpTags.CorpTag("t1", "VIP", 0))));
        sync.tagsChanged("wecom/main");
        assertEquals("VIP", tag("t1").name());
        assertEquals(1, wecom.groups.size(), "a pull pushes nothing");
        sync.tagsChanged("wecom/nope"); // logged, never thrown: the callback must not fail
    }

    @Test
    void taggingACustomerMarksSyncedTagsAtWeComAsTheOwnerStaff() {
        wecom.groups.put("g1", new CorpTags.CorpTagGroup("g1", "客户等级", 0, List.of(new CorpTags.CorpTag("t1", "VIP", 0))));
        sync.syncTags(OPERATOR, "wecom/main");
        TagDefinition local = tags.create(OPERATOR, new TagDefinitionDraft(null, "本地", "只在思语", null, null, null, null,
                null));
        Customer owned = customers.create(OPERATOR, new CustomerDraft("李雷",
                List.of(ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, "wm-1")), Set.of(),
                Map.of("ownerStaff", "zhangsan")));
        Customer ownerless = customers.create(OPERATOR, new CustomerDraft("韩梅梅",
                List.of(ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, "wm-2")), Set.of(), Map.of()));
        Customer phoneOnly = customers.create(OPERATOR, new CustomerDraft("王五",
                List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800138000")), Set.of(), Map.of()));
        long vip = tag("t1").id();

        tags.tagCustomers(OPERATOR, vip, TagAction.ADD, List.of(owned.id(), ownerless.id(), phoneOnly.id()));
        assertEquals(List.of("zhangsan wm-1 +[t1] -[]"), wecom.marks);
        tags.tagCustomers(OPERATOR, vip, TagAction.REMOVE, List.of(owned.id()));
        assertEquals("zhangsan wm-1 +[] -[t1]", wecom.marks.get(1));
        tags.tagCustomers(OPERATOR, local.id(), TagAction.ADD, List.of(owned.id()));
        assertEquals(2, wecom.marks.size(), "a tag WeCom does not know is not marked");
    }

    @Test
    void tagSyncNeedsARunningChannelWithCorpTags() {
        ValidationException e = assertThrows(ValidationException.class, () -> sync.syncTags(OPERATOR, "wecom/other"));
        assertEquals("channel", e.errors().get(0).field());
        assertEquals("channel", assertThrows(ValidationException.class, () -> sync.syncTags(OPERATOR, "wecom"))
                .errors().get(0).field());
    }

    // ------------------------------------------------------------------ contacts

    private static ExternalContacts.Follow follow(String staff, long minutes, String state, String... tagIds) {
        return new ExternalContacts.Follow(staff, null, NOW.minus(Duration.ofMinutes(minutes)), state, List.of(tagIds));
    }

    @Test
    void contactsAreImportedLinkedAttributedAndASecondRunChangesNothing() {
        wecom.groups.put("g1", new CorpTags.CorpTagGroup("g1", "客户等级", 0, List.of(new CorpTags.CorpTag("t1", "VIP", 0))));
        sync.syncTags(OPERATOR, "wecom/main");
        codes.create(OPERATOR, new ChannelCodeDraft("直播间", "wecom/main", "live-1", List.of("lisi"), Set.of(), null,
                false));
        // wm-a came by the live-stream code through lisi, later also added zhangsan; VIP by zhangsan
        wecom.contacts.put("wm-a", new ExternalContacts.Contact("wm-a", "李雷", "union-a",
                List.of(follow("zhangsan", 10, null, "t1"), follow("lisi", 60, "live-1"))));
        // wm-b's unionid is already known from the official account: linked, not created
        Customer known = customers.create(OPERATOR, new CustomerDraft("韩梅梅",
                List.of(ChannelIdentity.of(IdentityType.UNIONID, "union-b")), Set.of(), Map.of("entryPoint", "公众号")));
        wecom.contacts.put("wm-b", new ExternalContacts.Contact("wm-b", "韩梅梅", "union-b",
                List.of(follow("zhangsan", 5, "live-1"))));
        wecom.contacts.put("wm-c", new ExternalContacts.Contact("wm-c", "", null, List.of(follow("zhangsan", 1, null))));

        ChannelSyncService.ContactSyncJob job = sync.startContactSync(OPERATOR, "wecom/main");
        job = sync.contactSyncJob(OPERATOR, job.id());
        assertEquals(ChannelSyncService.JobState.DONE, job.state(), String.valueOf(job));
        assertEquals(2, job.staffTotal());
        assertEquals(2, job.staffDone());
        assertEquals(3, job.contactsSeen(), "wm-a follows two staff members but counts once");
        assertEquals(2, job.created());
        assertEquals(1, job.linked());
        assertEquals(0, job.failed());
        assertEquals(3, wecom.contactReads);

        Customer a = customers.findByIdentity(OPERATOR,
                ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, "wm-a")).orElseThrow();
        assertEquals("李雷", a.displayName());
        assertTrue(a.identities().contains(ChannelIdentity.of(IdentityType.UNIONID, "union-a")));
        assertEquals("直播间", a.attributes().get("entryPoint"));
        assertEquals("wecom", a.attributes().get("sourceChannel"));
        assertEquals("lisi", a.attributes().get("ownerStaff"), "from the follow that came by the code");
        assertEquals(List.of("VIP"), a.tags().stream().map(t -> t.name()).toList());

        Customer b = customers.get(OPERATOR, known.id());
        assertTrue(b.identities().contains(ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, "wm-b")));
        assertEquals("公众号", b.attributes().get("entryPoint"), "first touch wins");
        assertEquals("zhangsan", b.attributes().get("ownerStaff"));

        Customer c = customers.findByIdentity(OPERATOR,
                ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, CORP, "wm-c")).orElseThrow();
        assertEquals("zhangsan", c.attributes().get("ownerStaff"), "no code: the earliest follow user owns it");
        assertNull(c.attributes().get("entryPoint"));
        assertTrue(wecom.marks.isEmpty(), "imported tags are not marked back at WeCom");

        long versionA = a.version();
        ChannelSyncService.ContactSyncJob second = sync.startContactSync(OPERATOR, "wecom/main");
        second = sync.contactSyncJob(OPERATOR, second.id());
        assertEquals(ChannelSyncService.JobState.DONE, second.state());
        assertEquals(3, second.unchanged(), String.valueOf(second));
        assertEquals(0, second.created() + second.linked() + second.updated() + second.failed());
        assertEquals(versionA, customers.get(OPERATOR, a.id()).version());
        assertEquals(3, customers.count(OPERATOR));
    }

    @Test
    void anUnknownJobIsNotFound() {
        assertThrows(io.siyu.api.NotFoundException.class, () -> sync.contactSyncJob(OPERATOR, "nope"));
    }

    // ------------------------------------------------------------------ operations

    @Test
    void handoversAreSplitIntoCallsOfAHundredAndKeepTheirOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add("wm-" + i + (i == 120 ? "x" : ""));
        }
        List<CustomerTransfers.Outcome> outcomes = operations.handover(OPERATOR, "wecom/main",
                new ChannelOperations.Handover("zhangsan", "lisi", ids, false, "您好"));
        assertEquals(List.of(100, 100, 50), wecom.transferCalls.stream().map(List::size).toList());
        assertEquals(ids, outcomes.stream().map(CustomerTransfers.Outcome::externalUserId).toList());
        assertEquals(40128, outcomes.get(120).errorCode());
        assertEquals(249, outcomes.stream().filter(CustomerTransfers.Outcome::accepted).count());
        List<ChannelOperations.TransferStatus> results = operations.handoverResults(OPERATOR, "wecom/main", "zhangsan",
                "lisi");
        assertEquals(1, results.size());
        assertEquals(2, results.get(0).status().status());
    }

    @Test
    void badHandoversNameEveryBadFieldAndReachNoProvider() {
        ValidationException e = assertThrows(ValidationException.class, () -> operations.handover(OPERATOR, "wecom/x",
                new ChannelOperations.Handover("zhangsan", "zhangsan", List.of("wm-1", "wm-1"), true, "hi")));
        assertEquals(List.of("externalUserIds", "message", "takeoverUserId"),
                e.errors().stream().map(FieldError::field).sorted().toList());
        assertEquals("channel", assertThrows(ValidationException.class, () -> operations.handover(OPERATOR, "wecom/x",
                new ChannelOperations.Handover("a", "b", List.of("wm-1"), false, null))).errors().get(0).field());
        assertTrue(wecom.transferCalls.isEmpty());
    }

    @Test
    void momentsAreCheckedAgainstWeComsLimitsBeforeTheProviderSeesThem() {
        assertEquals("job-1", operations.postMoment(OPERATOR, "wecom/main", new Moments.Moment("新品",
                List.of(new Attachment.Image("m1"), new Attachment.Image("m2")), List.of("zhangsan"), List.of("t1"))));
        assertEquals("mom-1", operations.momentResult(OPERATOR, "wecom/main", "job-1").momentId());
        List<Attachment> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(new Attachment.Image("m" + i));
        }
        for (Moments.Moment bad : List.of(new Moments.Moment("x".repeat(2001), List.of(), List.of(), List.of()),
                new Moments.Moment("x", ten, List.of(), List.of()),
                new Moments.Moment("x", List.of(new Attachment.Video("v"), new Attachment.Link("t", "https://a", null,
                        null)), List.of(), List.of()),
                new Moments.Moment("x", List.of(new Attachment.File("f")), List.of(), List.of()),
                new Moments.Moment(" ", List.of(), List.of(), List.of()))) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> operations.postMoment(OPERATOR, "wecom/main", bad));
            assertTrue(Set.of("text", "attachments").contains(e.errors().get(0).field()), e.getMessage());
        }
        assertEquals(1, wecom.moments.size());
    }

    @Test
    void postedMomentsCountForTheMomentsRulesWhichBlockTheFourthOfADayInBlockMode() {
        PolicySettings d = PolicySettings.DEFAULTS;
        policy.updateSettings(Caller.SYSTEM, new PolicySettings(d.brandZone(), d.quietFrom(), d.quietUntil(),
                d.crossChannelPerDay(), d.crossChannelPerWeek(), null, d.allowedScenarios(), 30,
                new PolicySettings.MomentRules(3, 0, 0, null, true)));
        for (int i = 1; i <= 3; i++) {
            operations.postMoment(OPERATOR, "wecom/main", new Moments.Moment("第" + i + "条", List.of(),
                    List.of("zhangsan"), List.of()), true);
        }
        ConflictException blocked = assertThrows(ConflictException.class, () -> operations.postMoment(OPERATOR,
                "wecom/main", new Moments.Moment("第4条", List.of(), List.of("zhangsan"), List.of()), true));
        assertTrue(blocked.getMessage().contains("at most 3 a day"), blocked.getMessage());
        assertEquals(3, wecom.moments.size(), "the provider never saw the fourth");
        assertEquals(3, policy.checkMoment(Caller.SYSTEM, new MomentRequest("zhangsan", true, NOW)).personaToday());
    }
}
