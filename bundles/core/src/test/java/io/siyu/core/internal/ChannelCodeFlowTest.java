package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelCodeDraft;
import io.siyu.api.channel.ChannelCodeInfo;
import io.siyu.api.channel.ChannelCodes;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.OutboxQuery;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.core.internal.channel.ChannelCodeServiceImpl;
import io.siyu.core.internal.outbox.OutboxService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A contact added through a channel code: attributed to the entry point, tagged, and welcomed
 * through the outbox, on a real Derby store with the real services.
 */
class ChannelCodeFlowTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    static final Caller OPERATOR = new Caller("marketer", Set.of("siyu-admin"), null, io.siyu.api.org.DataScope.ALL);

    /** A WeCom-like channel that records what it is asked to do. */
    static final class RecordingChannel implements ChannelAdapter, ChannelCodes {
        final List<Request> codes = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

        @Override
        public ChannelDescriptor descriptor() {
            return new ChannelDescriptor("wecom", "main", null,
                    Set.of(ChannelCapability.WELCOME_MESSAGE, ChannelCapability.CHANNEL_CODES),
                    new ChannelLimits(10_000, 1, Duration.ofDays(1), 10_000));
        }

        @Override
        public SendResult send(OutboundMessage message) {
            sent.add(message);
            return SendResult.Accepted.of(null);
        }

        @Override
        public ChannelHealth health() {
            return ChannelHealth.up(Duration.ZERO);
        }

        @Override
        public Optional<ChannelCodes> channelCodes() {
            return Optional.of(this);
        }

        @Override
        public ChannelCode create(Request request) {
            codes.add(request);
            return new ChannelCode("cfg-" + codes.size(), request.state(), "https://qr.example/" + codes.size());
        }

        @Override
        public void delete(String providerCodeId) {
            deleted.add(providerCodeId);
        }
    }

    final TestStores stores = new TestStores();
    final MutableClock clock = new MutableClock(NOW);
    final RecordingChannel wecom = new RecordingChannel();
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
    final CustomerServiceImpl customers = new CustomerServiceImpl(stores.store, TestStores.attributeSchema(stores.store), clock);
    final EventServiceImpl events = new EventServiceImpl(stores.store, clock, autoTagger);
    final OutboxService outbox = new OutboxService(stores.store, registry, clock, 60, 12);
    final ChannelCodeServiceImpl codes = new ChannelCodeServiceImpl(stores.store, registry, customers, tags, outbox, clock);

    ChannelCodeFlowTest() {
        events.addReaction(codes);
        events.addReaction(new ContactNames(stores.store, customers));
    }

    @AfterEach
    void close() {
        stores.close();
    }

    static EventDraft added(String id, String externalUserId, String state, String welcomeCode) {
        return new EventDraft(id, EventTypes.CONTACT_ADDED, NOW, "wecom",
                null, ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp", externalUserId),
                Map.of(EventTypes.CHANNEL_CODE, state, EventTypes.STAFF_ID, "zhangsan", "welcomeCode", welcomeCode,
                        "name", "李雷"));
    }

    @Test
    void aContactAddedThroughACodeIsAttributedTaggedAndWelcomedOnce() {
        Tag poster = tags.create(new TagDraft("渠道", "门店海报", null));
        ChannelCodeInfo code = codes.create(OPERATOR, new ChannelCodeDraft("门店海报-徐汇店", "wecom/main", null,
                List.of("zhangsan"), Set.of(poster.id()), "你好{name}，欢迎来到徐汇店！", false));
        assertTrue(code.state().startsWith("sy") && code.state().length() <= 30, code.state());
        assertEquals("cfg-1", code.providerCodeId());
        assertEquals("https://qr.example/1", code.qrCodeUrl());
        assertEquals(List.of("zhangsan"), wecom.codes.get(0).staffUserIds());
        assertEquals(code.state(), wecom.codes.get(0).state());

        assertTrue(events.ingest(Caller.SYSTEM, List.of(added("e-1", "wm-ext-1", code.state(), "WC-1"))).ok());
        long id = stores.store.customers().findIdByIdentity(
                ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp", "wm-ext-1")).orElseThrow();
        Customer customer = customers.get(Caller.SYSTEM, id);
        assertEquals("门店海报-徐汇店", customer.attributes().get("entryPoint"));
        assertEquals("wecom", customer.attributes().get("sourceChannel"));
        assertEquals("zhangsan", customer.attributes().get("ownerStaff"));
        assertEquals("李雷", customer.displayName(), "named after the contact, not 'wecom wm-ext-1'");
        assertTrue(customer.tags().stream().anyMatch(t -> t.id() == poster.id()), customer.tags().toString());

        outbox.dispatchNow();
        assertEquals(1, wecom.sent.size());
        OutboundMessage welcome = wecom.sent.get(0);
        assertEquals(MessageKind.WELCOME, welcome.kind());
        assertEquals("你好李雷，欢迎来到徐汇店！", ((MessageContent.Text) welcome.content()).text());
        assertEquals(Map.of("wecom.welcomeCode", "WC-1"), welcome.options());
        assertEquals("zhangsan", welcome.senderStaffId());
        assertEquals("wm-ext-1", welcome.recipients().get(0).value());

        // WeCom delivers a callback again when it saw no answer in time: nothing happens twice.
        assertTrue(events.ingest(Caller.SYSTEM, List.of(added("e-1", "wm-ext-1", code.state(), "WC-1"))).ok());
        outbox.dispatchNow();
        assertEquals(1, wecom.sent.size());
        assertEquals(1, outbox.list(OutboxQuery.all(), PageRequest.first(10)).total());
    }

    @Test
    void theFirstEntryPointStaysWhenTheContactScansAnotherCode() {
        ChannelCodeInfo first = codes.create(OPERATOR, new ChannelCodeDraft("直播间", "wecom/main", "live-1",
                List.of("zhangsan"), Set.of(), null, false));
        ChannelCodeInfo second = codes.create(OPERATOR, new ChannelCodeDraft("门店", "wecom/main", "store-1",
                List.of("lisi"), Set.of(), null, true));
        events.ingest(Caller.SYSTEM, List.of(added("a", "ext-9", first.state(), "W1")));
        events.ingest(Caller.SYSTEM, List.of(added("b", "ext-9", second.state(), "W2")));
        long id = stores.store.customers().findIdByIdentity(
                ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "corp", "ext-9")).orElseThrow();
        assertEquals("直播间", customers.get(Caller.SYSTEM, id).attributes().get("entryPoint"));
        outbox.dispatchNow();
        assertEquals(0, wecom.sent.size(), "no welcome text, no welcome message");
    }

    @Test
    void anOfficialAccountFollowerThroughAQrSceneIsAttributedToItsEntryPoint() {
        ChannelCodeInfo scene = codes.create(OPERATOR, new ChannelCodeDraft("地铁广告", "wecom/main", "metro-1",
                List.of(), Set.of(), null, false));
        events.ingest(Caller.SYSTEM, List.of(new EventDraft("f-1", EventTypes.FOLLOW, NOW, "wechat-oa", null,
                ChannelIdentity.scoped(IdentityType.OA_OPENID, "wxapp", "o-follower-1"),
                Map.of(EventTypes.CHANNEL_CODE, scene.state()))));
        long id = stores.store.customers().findIdByIdentity(
                ChannelIdentity.scoped(IdentityType.OA_OPENID, "wxapp", "o-follower-1")).orElseThrow();
        assertEquals("地铁广告", customers.get(Caller.SYSTEM, id).attributes().get("entryPoint"));
        assertEquals(id, customers.findByIdentity(Caller.SYSTEM,
                ChannelIdentity.scoped(IdentityType.OA_OPENID, "wxapp", "o-follower-1")).orElseThrow().id());
    }

    @Test
    void badCodesAreRefusedFieldByFieldAndNothingIsCreatedAtTheProvider() {
        codes.create(OPERATOR, new ChannelCodeDraft("海报", "wecom/main", "poster", List.of("a"), Set.of(), null, false));
        ValidationException e = assertThrows(ValidationException.class, () -> codes.create(OPERATOR,
                new ChannelCodeDraft("海报", "wecom/other", "poster", List.of(" "), Set.of(999L),
                        "x".repeat(4001), false)));
        List<String> fields = e.errors().stream().map(io.siyu.api.FieldError::field).sorted().toList();
        assertEquals(List.of("channel", "name", "staffUserIds", "state", "tagIds", "welcomeText"), fields);
        assertThrows(ValidationException.class, () -> codes.create(OPERATOR, new ChannelCodeDraft("长", "wecom/main",
                "x".repeat(31), List.of("a"), Set.of(), null, false)));
        assertEquals(1, wecom.codes.size());

        long id = codes.list(OPERATOR).get(0).id();
        codes.delete(OPERATOR, id);
        assertEquals(List.of("cfg-1"), wecom.deleted);
        assertTrue(codes.list(OPERATOR).isEmpty());
    }
}
