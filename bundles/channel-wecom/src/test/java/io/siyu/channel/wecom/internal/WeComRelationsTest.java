package io.siyu.channel.wecom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.CorpTags;
import io.siyu.api.channel.CustomerTransfers;
import io.siyu.api.channel.ExternalContacts;
import io.siyu.api.channel.GroupChats;
import io.siyu.api.channel.Moments;
import io.siyu.api.event.EventDraft;
import io.siyu.channel.kit.MutableClock;
import io.siyu.channel.sandbox.SandboxServer;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.wecom.WeComSandboxConfig;
import io.siyu.channel.sandbox.wecom.WeComSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's customer-relations facets against the WeCom simulator over real HTTP. */
class WeComRelationsTest {
    private static final Instant START = Instant.parse("2026-03-02T02:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(START);
    private final FakePlatform platform = new FakePlatform();
    private WeComSimulator sim;
    private SandboxServer server;
    private WeComAdapter adapter;
    private String corpId;

    @BeforeEach
    void start() {
        WeComSandboxConfig config = WeComSandboxConfig.defaults();
        corpId = config.corpId();
        sim = new WeComSimulator(config, clock);
        server = SandboxServer.start(0, Map.of(SandboxServer.WECOM, sim));
        WeComSettings settings = new WeComSettings("main", config.corpId(), config.corpSecret(), config.agentId(),
                config.token(), config.encodingAesKey(), server.base(SandboxServer.WECOM), 300,
                config.massQuotaPerDay(), 60);
        adapter = new WeComAdapter(settings, new WeComApi(settings, clock), platform, clock);
        sim.callbackTransport(DirectCallbacks.to(() -> adapter));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode control(String path, String json) {
        SimResponse r = sim.handle(new SimRequest("POST", server.base(SandboxServer.WECOM), path, Map.of(),
                json.getBytes(StandardCharsets.UTF_8)));
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void declaresTheFacets() {
        assertTrue(adapter.descriptor().capabilities().containsAll(List.of(ChannelCapability.TAG_SYNC,
                ChannelCapability.CONTACT_SYNC, ChannelCapability.MOMENTS)));
        assertTrue(adapter.corpTags().isPresent() && adapter.externalContacts().isPresent()
                && adapter.groupChats().isPresent() && adapter.moments().isPresent()
                && adapter.customerTransfers().isPresent());
        assertEquals(corpId, adapter.corpTags().orElseThrow().namespace());
    }

    @Test
    void corpTagsAreListedAddedAndMarkedAndAChangeCallbackAsksForAPull() {
        CorpTags tags = adapter.corpTags().orElseThrow();
        JsonNode seeded = control("/control/corptags", "{\"group_name\":\"客户等级\",\"tags\":[\"VIP\",\"普通\"]}");
        assertEquals(200, seeded.path("callback").path("status").asInt(), seeded.toString());
        assertEquals(List.of("wecom/main"), platform.tagChanges);
        assertTrue(platform.events.stored.isEmpty(), "a tag change names no customer: no timeline event");

        List<CorpTags.CorpTagGroup> groups = tags.list();
        assertEquals(1, groups.size());
        assertEquals("客户等级", groups.get(0).name());
        assertEquals(List.of("VIP", "普通"), groups.get(0).tags().stream().map(CorpTags.CorpTag::name).toList());

        CorpTags.CorpTagGroup added = tags.add(null, "客户等级", List.of("黑卡"));
        assertEquals(groups.get(0).id(), added.id(), "an existing group name gets the tags");
        assertEquals(List.of("黑卡"), added.tags().stream().map(CorpTags.CorpTag::name).toList());
        CorpTags.CorpTagGroup fresh = tags.add(null, "兴趣", List.of("跑步", "瑜伽"));
        assertEquals(2, fresh.tags().size());
        assertEquals(2, tags.list().size());

        ChannelCallException dup = assertThrows(ChannelCallException.class,
                () -> tags.add(fresh.id(), null, List.of("跑步")));
        assertEquals("40071", dup.providerCode());

        control("/control/contacts", "{\"userid\":\"zhangsan\",\"external_userids\":[\"wm-1\"]}");
        String vip = groups.get(0).tags().get(0).id();
        tags.mark("zhangsan", "wm-1", List.of(vip), List.of());
        ExternalContacts.Contact c = adapter.externalContacts().orElseThrow().contact("wm-1").orElseThrow();
        assertEquals(List.of(vip), c.follows().get(0).tagIds());
        tags.mark("zhangsan", "wm-1", List.of(), List.of(vip));
        assertEquals(List.of(), adapter.externalContacts().orElseThrow().contact("wm-1").orElseThrow()
                .follows().get(0).tagIds());
        assertEquals("40068", assertThrows(ChannelCallException.class,
                () -> tags.mark("zhangsan", "wm-1", List.of("nope"), List.of())).providerCode());
        assertEquals("84061", assertThrows(ChannelCallException.class,
                () -> tags.mark("lisi", "wm-1", List.of(vip), List.of())).providerCode());
    }

    @Test
    void contactsAreListedPerFollowUserWithStateTagsAndUnionid() {
        control("/control/staff", "{\"userids\":[\"wangwu\"]}");
        control("/control/contacts", "{\"userid\":\"zhangsan\",\"external_userids\":[\"wm-a\"],\"state\":\"live-1\","
                + "\"tags\":[\"et1\"],\"unionid\":\"union-a\",\"name\":\"李雷\"}");
        control("/control/contacts", "{\"userid\":\"lisi\",\"external_userids\":[\"wm-a\",\"wm-b\"]}");
        ExternalContacts contacts = adapter.externalContacts().orElseThrow();
        assertEquals(List.of("wangwu", "zhangsan", "lisi"), contacts.followUsers());
        assertEquals(List.of("wm-a", "wm-b"), contacts.contactsOf("lisi"));
        assertEquals(List.of(), contacts.contactsOf("wangwu"));
        ExternalContacts.Contact a = contacts.contact("wm-a").orElseThrow();
        assertEquals("李雷", a.name());
        assertEquals("union-a", a.unionid());
        assertEquals("zhangsan", a.follows().get(0).staffUserId());
        assertEquals("live-1", a.follows().get(0).state());
        assertEquals(List.of("et1"), a.follows().get(0).tagIds());
        assertEquals(START, a.follows().get(0).addedAt());
        assertNull(a.follows().get(1).state());
        assertTrue(contacts.contact("wm-unknown").isEmpty());
    }

    @Test
    void groupChatsArePagedByCursorAndFilteredByStatus() {
        for (int i = 0; i < 5; i++) {
            control("/control/groupchat", "{\"chat_id\":\"wr" + i + "\",\"owner\":\"zhangsan\",\"name\":\"群" + i
                    + "\",\"members\":[\"zhangsan\",\"wm-1\",\"wm-2\"],\"status\":" + (i == 4 ? 1 : 0) + "}");
        }
        GroupChats chats = adapter.groupChats().orElseThrow();
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            GroupChats.Page page = chats.list(0, List.of(), cursor, 2);
            assertTrue(page.chats().size() <= 2);
            page.chats().forEach(c -> ids.add(c.chatId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(List.of("wr0", "wr1", "wr2", "wr3"), ids);
        assertEquals(5, chats.list(null, List.of("zhangsan"), null, 100).chats().size());
        assertEquals(0, chats.list(null, List.of("lisi"), null, 100).chats().size());

        GroupChats.GroupChat chat = chats.get("wr1");
        assertEquals("群1", chat.name());
        assertEquals("zhangsan", chat.owner());
        assertEquals(3, chat.memberCount());
        assertEquals(2, chat.externalCount());
        assertEquals(START, chat.members().get(1).joinTime());
        assertEquals("40050", assertThrows(ChannelCallException.class, () -> chats.get("wr-nope")).providerCode());
    }

    @Test
    void momentTasksFinishWhenConfirmedOrAtOnce() {
        Moments moments = adapter.moments().orElseThrow();
        String job = moments.create(new Moments.Moment("新品上市", List.of(new Attachment.Image("MEDIA-1")),
                List.of("zhangsan"), List.of()));
        Moments.TaskResult running = moments.result(job);
        assertFalse(running.done());
        assertNull(running.momentId());
        control("/control/moment", "{\"jobid\":\"" + job + "\"}");
        Moments.TaskResult done = moments.result(job);
        assertEquals(3, done.status());
        assertTrue(done.momentId().startsWith("mom"));
        assertEquals(List.of("zhangsan"), done.invalidSenders(), "nobody named zhangsan has contacts yet");

        control("/control/moments", "{\"mode\":\"immediate\"}");
        String link = moments.create(new Moments.Moment(null,
                List.of(new Attachment.Link("活动", "https://example.com/a", null, null)), List.of(), List.of()));
        assertTrue(moments.result(link).done());

        ChannelCallException tooMany = assertThrows(ChannelCallException.class, () -> moments.create(new Moments.Moment(
                "x", List.of(new Attachment.Video("V1"), new Attachment.Image("I1")), List.of(), List.of())));
        assertEquals("40058", tooMany.providerCode());
    }

    @Test
    void handoversCompleteAfter24HoursAndOnlyTwicePer90DaysInService() {
        control("/control/contacts", "{\"userid\":\"zhangsan\",\"external_userids\":[\"wm-1\",\"wm-2\"]}");
        CustomerTransfers transfers = adapter.customerTransfers().orElseThrow();
        List<CustomerTransfers.Outcome> first = transfers.transfer(false, "zhangsan", "lisi",
                List.of("wm-1", "wm-2", "wm-x"), "您好，我是新的顾问");
        assertEquals(List.of(0, 0, 84061), first.stream().map(CustomerTransfers.Outcome::errorCode).toList());
        assertEquals(List.of(2, 2), transfers.results(false, "zhangsan", "lisi").stream()
                .map(CustomerTransfers.Status::status).toList());
        assertEquals(40100, transfers.transfer(false, "zhangsan", "lisi", List.of("wm-1"), null).get(0).errorCode());

        // the customer refuses wm-2: transfer_fail reaches the adapter and becomes handover.failed
        JsonNode refused = control("/control/transfer-fail", "{\"external_userid\":\"wm-2\"}");
        assertEquals(200, refused.path("callback").path("status").asInt(), refused.toString());
        EventDraft failed = platform.events.stored.get(platform.events.stored.size() - 1);
        assertEquals(WeComCallback.HANDOVER_FAILED, failed.type());
        assertEquals("customer_refused", failed.properties().get("reason"));

        sim.advance(Duration.ofHours(24));
        List<CustomerTransfers.Status> results = transfers.results(false, "zhangsan", "lisi");
        assertEquals(List.of(1, 3), results.stream().map(CustomerTransfers.Status::status).toList());
        assertEquals(List.of("wm-1"), adapter.externalContacts().orElseThrow().contactsOf("lisi"));

        // back and forth: the second in-service move of wm-1 in 90 days goes through, the third does not
        assertEquals(0, transfers.transfer(false, "lisi", "zhangsan", List.of("wm-1"), null).get(0).errorCode());
        sim.advance(Duration.ofHours(24));
        assertEquals(40128, transfers.transfer(false, "zhangsan", "lisi", List.of("wm-1"), null).get(0).errorCode());
        sim.advance(Duration.ofDays(90));
        assertEquals(0, transfers.transfer(false, "zhangsan", "lisi", List.of("wm-1"), null).get(0).errorCode());
    }

    @Test
    void resignedHandoversNeedAStaffMemberWhoLeft() {
        control("/control/contacts", "{\"userid\":\"zhaoliu\",\"external_userids\":[\"wm-9\"]}");
        CustomerTransfers transfers = adapter.customerTransfers().orElseThrow();
        assertEquals("40097", assertThrows(ChannelCallException.class,
                () -> transfers.transfer(true, "zhaoliu", "lisi", List.of("wm-9"), null)).providerCode());
        control("/control/staff", "{\"resigned\":[\"zhaoliu\"]}");
        assertTrue(transfers.transfer(true, "zhaoliu", "lisi", List.of("wm-9"), null).get(0).accepted());
        assertEquals(2, transfers.results(true, "zhaoliu", "lisi").get(0).status());
        assertTrue(transfers.results(false, "zhaoliu", "lisi").isEmpty());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("wm-" + i);
        }
        assertThrows(io.siyu.api.ValidationException.class,
                () -> transfers.transfer(false, "a", "b", many, null));
    }
}
