package io.siyu.core.internal.masssend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentKind;
import io.siyu.api.edition.ComplianceRules;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSendDraft;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.audit.AuditTrail;
import io.siyu.core.internal.content.ContentServiceImpl;
import io.siyu.core.internal.content.OutboundReviewImpl;
import io.siyu.core.internal.org.Authority;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * While an edition that reviews before use is active (the bank), a mass send carries the approved
 * version of a content-library item word for word or is refused naming {@code content}; a draft or
 * rejected item does not count, and without such an edition free text goes as before.
 */
class ReviewBeforeUseTest {
    static final Caller CHECKER = new Caller("checker", Set.of("siyu-admin"), null, DataScope.ALL);

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> stores() {
        return MassSendServiceTest.stores();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void onlyApprovedLibraryContentIsSentWhileTheEditionIsActive(String name, Supplier<TestStores> s) {
        try (MassSendServiceTest.Fixture f = new MassSendServiceTest.Fixture(s.get())) {
            f.stores.store.org().putUnit(new OrgUnit("hq", null, "总行", "head-office"), MassSendServiceTest.MORNING);
            ContentServiceImpl contents = new ContentServiceImpl(f.stores.store, Authority.of(f.stores.store, List::of),
                    AuditTrail.NONE, id -> true, List::of, f.clock);
            AtomicBoolean bankActive = new AtomicBoolean(true);
            EditionRegistry editions = new io.siyu.core.internal.TestEditions(() -> bankActive.get()
                    ? List.of(new EditionContent("bank", List.of(), null, List.of(), List.of(), List.of(), List.of(),
                            List.of(), List.of(), List.of(), List.of(), new ComplianceRules(List.of(), List.of(), true),
                            java.util.Map.of()))
                    : List.of());
            f.sends.review = new OutboundReviewImpl(editions, contents);
            f.customer("王芳", "zhangsan", "wm-1");
            long segment = f.vipSegment();
            java.util.function.Function<String, io.siyu.api.masssend.MassSend> send = t -> f.sends.create(Caller.SYSTEM,
                    new MassSendDraft("会员日", Audience.segment(segment), "wecom", "main", MessageKind.MASS,
                            MessageContent.Text.of(t), null));
            String text = "{name}您好，本周六会员日到店有礼。";

            ValidationException free = assertThrows(ValidationException.class, () -> send.apply(text));
            assertEquals("content", free.errors().get(0).field());
            assertTrue(free.errors().get(0).message().contains("bank"), free.errors().get(0).message());

            long item = contents.create(Caller.SYSTEM, new ContentDraft(ContentKind.TEXT, "会员日", Set.of(), "hq",
                    new ContentBody.Message(MessageContent.Text.of(text)))).id();
            assertThrows(ValidationException.class, () -> send.apply(text), "a draft is not reviewed");
            contents.submit(Caller.SYSTEM, item);
            assertThrows(ValidationException.class, () -> send.apply(text), "pending review is not reviewed either");
            contents.approve(CHECKER, item, "ok");
            assertEquals("会员日", send.apply(text).name(), "the approved text goes");
            assertThrows(ValidationException.class, () -> send.apply(text + "加一句"), "word for word");

            bankActive.set(false);
            assertEquals("会员日", send.apply("随便写的文字").name(), "without the bank edition free text goes");
        }
    }
}
