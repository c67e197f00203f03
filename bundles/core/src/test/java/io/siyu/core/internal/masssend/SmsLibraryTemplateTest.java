package io.siyu.core.internal.masssend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.channel.SendResult;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentKind;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendDraft;
import io.siyu.api.masssend.MassSendState;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestEditions;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.audit.AuditTrail;
import io.siyu.core.internal.content.ContentServiceImpl;
import io.siyu.core.internal.content.OutboundReviewImpl;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.outbox.OutboxService;
import io.siyu.core.internal.policy.TouchPolicyImpl;
import io.siyu.core.internal.segment.SegmentServiceImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SMS goes out only as an approved SMS template of the content library, named by content id: the
 * outbox resolves it per account into the provider's template id, parameters (positional for
 * Tencent Cloud, named for Aliyun) and signature before storing the message, and refuses raw
 * provider templates, unapproved or withdrawn items, accounts without a provider template and
 * missing or unknown parameters, storing nothing. Mass sends check the same at definition and
 * acceptance.
 */
class SmsLibraryTemplateTest {
    static final Instant MORNING = Instant.parse("2026-11-23T02:00:00Z");
    static final Caller CHECKER = new Caller("checker", Set.of("siyu-admin"), null, DataScope.ALL);
    static final ChannelIdentity PHONE = new ChannelIdentity(IdentityType.PHONE, "", "+8613800000001");

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** An SMS account that records what it is handed. */
    static final class Sms implements ChannelAdapter {
        final String type;
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

        Sms(String type) {
            this.type = type;
        }

        @Override
        public ChannelDescriptor descriptor() {
            return new ChannelDescriptor(type, "main", null, Set.of(ChannelCapability.TEMPLATE_MESSAGE),
                    new ChannelLimits(200, 0, Duration.ZERO, 0));
        }

        @Override
        public SendResult send(OutboundMessage message) {
            sent.add(message);
            return SendResult.Accepted.of("p-" + message.idempotencyKey());
        }

        @Override
        public ChannelHealth health() {
            return ChannelHealth.up(Duration.ZERO);
        }

        @Override
        public Optional<RecipientScope> recipientScope() {
            return Optional.of(new RecipientScope(IdentityType.PHONE, ""));
        }
    }

    static final class Fixture implements AutoCloseable {
        final TestStores stores;
        final MutableClock clock = new MutableClock(MORNING);
        final Sms tencent = new Sms("sms-tencent");
        final Sms aliyun = new Sms("sms-aliyun");
        final ChannelRegistry registry = new ChannelRegistry() {
            @Override
            public List<ChannelDescriptor> channels() {
                return List.of(tencent.descriptor(), aliyun.descriptor());
            }

            @Override
            public Optional<ChannelAdapter> adapter(String type, String account) {
                return Stream.of(tencent, aliyun).filter(a -> a.type.equals(type) && account.equals("main"))
                        .map(a -> (ChannelAdapter) a).findFirst();
            }
        };
        final ContentServiceImpl contents;
        final OutboxService outbox;

        Fixture(TestStores stores) {
            this.stores = stores;
            stores.store.org().putUnit(new OrgUnit("hq", null, "总部", "head-office"), MORNING);
            contents = new ContentServiceImpl(stores.store, Authority.of(stores.store, List::of), AuditTrail.NONE,
                    id -> true, List::of, clock);
            outbox = new OutboxService(stores.store, registry, clock, 60, 12).withContents(contents);
        }

        long template(ContentBody.SmsTemplate body) {
            return contents.create(Caller.SYSTEM, new ContentDraft(ContentKind.SMS_TEMPLATE, "验证码", Set.of(), "hq",
                    body)).id();
        }

        void approve(long id) {
            contents.submit(Caller.SYSTEM, id);
            contents.approve(CHECKER, id, null);
        }

        OutboundMessage sms(String key, String type, MessageContent content) {
            return new OutboundMessage(key, type, "main", MessageKind.TEMPLATE, List.of(PHONE), null, content, null,
                    null, null);
        }

        @Override
        public void close() {
            stores.close();
        }
    }

    static final ContentBody.SmsTemplate CODE = new ContentBody.SmsTemplate("您的验证码是{code}，{minutes}分钟内有效。",
            List.of("code", "minutes"), "思语", Map.of("sms-tencent/main", "1001", "sms-aliyun", "SMS_1001"));

    static List<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void onlyApprovedLibraryTemplatesAreSentAndEachAccountGetsItsProviderTemplate(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            Map<String, String> values = Map.of("code", "123456", "minutes", "5");
            ValidationException raw = assertThrows(ValidationException.class, () -> f.outbox.enqueue(f.sms("raw",
                    "sms-tencent", new MessageContent.Template("1001", Map.of("1", "123456"), null, null)), null));
            assertEquals(List.of("template.contentId"), fields(raw), "a provider template by hand is refused");

            long id = f.template(CODE);
            MessageContent.LibraryTemplate ref = new MessageContent.LibraryTemplate(id, values);
            ValidationException draft = assertThrows(ValidationException.class,
                    () -> f.outbox.enqueue(f.sms("draft", "sms-tencent", ref), null));
            assertTrue(draft.getMessage().contains("no approved version (its latest is draft)"), draft.getMessage());
            assertTrue(f.outbox.find("draft").isEmpty(), "nothing stored");

            f.approve(id);
            f.outbox.enqueue(f.sms("t-1", "sms-tencent", ref), null);
            f.outbox.enqueue(f.sms("a-1", "sms-aliyun", ref), null);
            f.outbox.dispatchNow();
            OutboundMessage toTencent = f.tencent.sent.get(0);
            assertEquals(new MessageContent.Template("1001", Map.of("1", "123456", "2", "5"), null, null),
                    toTencent.content(), "Tencent Cloud numbers the parameters in the template's order");
            assertEquals("思语", toTencent.options().get("sms-tencent.signName"));
            assertEquals(new MessageContent.Template("SMS_1001", values, null, null), f.aliyun.sent.get(0).content(),
                    "Aliyun takes them by name; the type-wide entry serves its accounts");

            ValidationException params = assertThrows(ValidationException.class, () -> f.outbox.enqueue(f.sms("t-2",
                    "sms-tencent", new MessageContent.LibraryTemplate(id, Map.of("code", "1", "extra", "x"))), null));
            assertEquals(List.of("template.data.minutes", "template.data.extra"), fields(params));

            long tencentOnly = f.template(new ContentBody.SmsTemplate("尾号{1}的卡已到账", List.of("1"), null,
                    Map.of("sms-tencent/other", "2002")));
            f.approve(tencentOnly);
            ValidationException unmapped = assertThrows(ValidationException.class, () -> f.outbox.enqueue(f.sms("t-3",
                    "sms-tencent", new MessageContent.LibraryTemplate(tencentOnly, Map.of("1", "8888"))), null));
            assertTrue(unmapped.getMessage().contains("no provider template for sms-tencent/main"), unmapped.getMessage());

            f.contents.withdraw(CHECKER, id, "活动结束");
            ValidationException withdrawn = assertThrows(ValidationException.class,
                    () -> f.outbox.enqueue(f.sms("t-4", "sms-tencent", ref), null));
            assertTrue(withdrawn.getMessage().contains("its latest is withdrawn"), withdrawn.getMessage());
            assertEquals(2, f.tencent.sent.size() + f.aliyun.sent.size(), "only the two approved sends went out");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anSmsMassSendNamesItsTemplateAndIsCheckedWhenDefinedAndWhenAccepted(String name, Supplier<TestStores> s) {
        try (Fixture f = new Fixture(s.get())) {
            long vip = f.stores.store.tags().insert(new TagDraft("level", "vip", null), MORNING).id();
            f.stores.store.customers().insert(new CustomerDraft("王芳", List.of(PHONE), Set.of(vip), Map.of()), MORNING);
            SegmentServiceImpl segments = new SegmentServiceImpl(f.stores.store,
                    io.siyu.core.internal.TestStores.attributeSchema(f.stores.store), f.clock, false);
            long segment = segments.define(Caller.SYSTEM, new SegmentDraft("VIP", null,
                    Condition.tags(Condition.TagMatch.ANY, vip))).id();
            MassSendServiceImpl sends = MassSendServiceImpl.withCoreRoles(f.stores.store,
                    new TouchPolicyImpl(f.stores.store, f.registry, f.clock), segments, f.outbox, f.clock);
            sends.review = new OutboundReviewImpl(new TestEditions(List::of), f.contents);
            long id = f.template(CODE);
            java.util.function.Function<MessageContent, MassSend> define = c -> sends.create(Caller.SYSTEM,
                    new MassSendDraft("验证码", Audience.segment(segment), "sms-tencent", "main", MessageKind.TEMPLATE, c,
                            null));
            MessageContent.LibraryTemplate ref = new MessageContent.LibraryTemplate(id,
                    Map.of("code", "123456", "minutes", "5"));

            assertEquals(List.of("content.contentId"), fields(assertThrows(ValidationException.class,
                    () -> define.apply(ref))), "a draft template cannot be used");
            assertEquals(List.of("content.contentId"), fields(assertThrows(ValidationException.class,
                    () -> define.apply(new MessageContent.Template("1001", Map.of(), null, null)))));
            f.approve(id);
            MassSend send = define.apply(ref);
            assertEquals(ref, send.content(), "the send keeps the reference");

            f.contents.withdraw(CHECKER, id, "改文案");
            assertThrows(ValidationException.class, () -> sends.accept(Caller.SYSTEM, send.id(), false));
            assertEquals(MassSendState.DRAFT, sends.get(Caller.SYSTEM, send.id()).state(), "nothing lost: still a draft");

            f.contents.update(Caller.SYSTEM, id, new ContentDraft(ContentKind.SMS_TEMPLATE, "验证码", Set.of(), null, CODE));
            f.approve(id);
            assertEquals(MassSendState.QUEUED, sends.accept(Caller.SYSTEM, send.id(), false).state());
            f.outbox.dispatchNow();
            assertEquals(new MessageContent.Template("1001", Map.of("1", "123456", "2", "5"), null, null),
                    f.tencent.sent.get(0).content());
        }
    }
}
