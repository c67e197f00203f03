package io.siyu.core.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.ForbiddenException;
import io.siyu.api.NotFoundException;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.audit.AuditActions;
import io.siyu.api.audit.AuditQuery;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.content.ContentBody;
import io.siyu.api.content.ContentDraft;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentKind;
import io.siyu.api.content.ContentQuery;
import io.siyu.api.content.ContentState;
import io.siyu.api.content.ContentTransition;
import io.siyu.api.content.ContentVersion;
import io.siyu.api.content.RiskDisclosure;
import io.siyu.api.edition.ComplianceRules;
import io.siyu.api.edition.EditionHook;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import io.siyu.api.org.Staff;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.audit.AuditLogImpl;
import io.siyu.core.internal.org.Authority;
import io.siyu.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The content library on Derby and PostgreSQL in a bank-shaped org: maker-checker at the right
 * level, the compliance checks with their field paths, versions, and who sees which content.
 */
class ContentServiceTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    /** Edition-style roles: makers write content, reviewers approve it within their subtree. */
    static final Role MAKER = new Role("content-maker", "内容编辑", Set.of(Permission.CONTENT_CREATE), DataScope.OWN);
    static final Role REVIEWER = new Role("content-reviewer", "合规审核", Set.of(Permission.CONTENT_CREATE,
            Permission.CONTENT_APPROVE, Permission.AUDIT_READ), DataScope.UNIT_SUBTREE);
    static final String DISCLOSURE = "理财非存款，产品有风险，投资须谨慎";

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    /** 总行 hq → 上海分行 sh → 浦东支行 sh-pd, and 北京分行 bj, with makers and reviewers at each level. */
    static final class Library implements AutoCloseable {
        final TestStores ts;
        final Store store;
        final MutableClock clock = new MutableClock(NOW);
        final Authority authority;
        final AuditLogImpl audit;
        final Set<String> activeEditions = new java.util.HashSet<>();
        /** What the active editions declare in SIYU-INF/compliance.json. */
        final List<ComplianceRules> editionRules = new java.util.concurrent.CopyOnWriteArrayList<>();
        final ContentServiceImpl content;

        Library(TestStores ts) {
            this.ts = ts;
            store = ts.store;
            authority = Authority.of(store, () -> List.of(MAKER, REVIEWER));
            audit = new AuditLogImpl(store, authority, clock);
            content = new ContentServiceImpl(store, authority, audit, activeEditions::contains, () -> editionRules, clock);
            unit("hq", null, "head-office");
            unit("sh", "hq", "branch");
            unit("sh-pd", "sh", "sub-branch");
            unit("bj", "hq", "branch");
            staff("hq-maker", "hq", "content-maker");
            staff("hq-checker", "hq", "content-reviewer");
            staff("sh-maker", "sh", "content-maker");
            staff("sh-checker", "sh", "content-reviewer");
            staff("sh-checker2", "sh", "content-reviewer");
            staff("pd-maker", "sh-pd", "content-maker");
            staff("bj-checker", "bj", "content-reviewer");
            staff("am-li", "sh-pd", "staff");
        }

        void unit(String id, String parent, String kind) {
            store.org().putUnit(new OrgUnit(id, parent, id, kind), NOW);
        }

        void staff(String id, String unit, String role) {
            store.org().putStaff(new Staff(id, id, unit, Set.of(), Set.of(role), null, true), NOW);
        }

        Caller as(String user) {
            return authority.callerFor(user, Set.of());
        }

        Caller admin() {
            return authority.callerFor("admin", Set.of("admin"));
        }

        ContentItem text(String maker, String unit, String text, String... labels) {
            return content.create(as(maker), new ContentDraft(ContentKind.TEXT, "标题", Set.of(labels), unit,
                    new ContentBody.Message(MessageContent.Text.of(text))));
        }

        /** Created and submitted by {@code maker}. */
        long pending(String maker, String unit) {
            long id = text(maker, unit, "周末网点营业时间调整通知").id();
            content.submit(as(maker), id);
            return id;
        }

        Set<Long> visible(String user, ContentQuery query) {
            return content.list(as(user), query).items().stream().map(ContentItem::id).collect(Collectors.toSet());
        }

        @Override
        public void close() {
            ts.close();
        }
    }

    static List<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void reviewIsBySomeoneElseAtTheOwningUnitOrAbove(String kind, Supplier<TestStores> stores) {
        try (Library l = new Library(stores.get())) {
            // a reviewer cannot approve what they made themselves
            long own = l.pending("sh-checker", "sh");
            ForbiddenException self = assertThrows(ForbiddenException.class, () -> l.content.approve(l.as("sh-checker"), own, null));
            assertTrue(self.getMessage().contains("maker-checker"), self.getMessage());
            assertEquals(ContentState.APPROVED, l.content.approve(l.as("sh-checker2"), own, "ok").state());

            // a branch reviewer cannot approve head-office content; a head-office reviewer can
            long hq = l.pending("hq-maker", "hq");
            ForbiddenException low = assertThrows(ForbiddenException.class, () -> l.content.approve(l.as("sh-checker"), hq, null));
            assertTrue(low.getMessage().contains("reviewed at that unit or above"), low.getMessage());
            assertThrows(ForbiddenException.class, () -> l.content.reject(l.as("sh-checker"), hq, "不合适"));
            assertEquals(ContentState.APPROVED, l.content.approve(l.as("hq-checker"), hq, null).state());

            // head office reviews branch and sub-branch content; the branch reviews its sub-branch
            long sh = l.pending("sh-maker", "sh");
            assertEquals(ContentState.APPROVED, l.content.approve(l.as("hq-checker"), sh, null).state());
            long pd = l.pending("pd-maker", "sh-pd");
            assertEquals(ContentState.APPROVED, l.content.approve(l.as("sh-checker"), pd, null).state());

            // without content.approve nobody reviews, whatever their position; another branch does not even see it
            long pd2 = l.pending("pd-maker", "sh-pd");
            assertThrows(ForbiddenException.class, () -> l.content.approve(l.as("sh-maker"), pd2, null));
            assertThrows(ForbiddenException.class, () -> l.content.approve(l.as("am-li"), pd2, null));
            assertThrows(NotFoundException.class, () -> l.content.approve(l.as("bj-checker"), pd2, null));
            // an administrator (no staff record, scope ALL) reviews anywhere, but not their own work
            assertEquals(ContentState.APPROVED, l.content.approve(l.admin(), pd2, null).state());
            long byAdmin = l.content.create(l.admin(), new ContentDraft(ContentKind.SCRIPT, "开场白", Set.of(), "hq",
                    new ContentBody.Script("您好，我是您的客户经理"))).id();
            l.content.submit(l.admin(), byAdmin);
            assertThrows(ForbiddenException.class, () -> l.content.approve(l.admin(), byAdmin, null));

            // each review is in the audit log, with who did it
            List<String> reviews = l.audit.query(l.admin(), new AuditQuery(null, AuditActions.CONTENT_APPROVE, "content",
                    null, null, null, new PageRequest(0, 50))).items().stream().map(e -> e.actor() + ":" + e.subjectId())
                    .toList();
            assertEquals(List.of("admin:" + pd2 + "/v1", "sh-checker:" + pd + "/v1", "hq-checker:" + sh + "/v1",
                    "hq-checker:" + hq + "/v1", "sh-checker2:" + own + "/v1"), reviews);
            assertTrue(l.audit.verify(l.admin()).intact());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void submissionIsRefusedForSensitiveWordsAndMissingDisclosuresWithFieldPaths(String kind, Supplier<TestStores> stores) {
        try (Library l = new Library(stores.get())) {
            assertThrows(ForbiddenException.class, () -> l.content.putSensitiveWords(l.as("sh-checker"), List.of("保本")),
                    "the lists are head office's");
            assertEquals(List.of("保本", "稳赚"), l.content.putSensitiveWords(l.as("hq-checker"), List.of(" 稳赚", "保本", "保本")));
            l.content.putRiskDisclosures(l.admin(), List.of(new RiskDisclosure("wealth-product", "理财产品风险提示",
                    List.of("wealth-product"), List.of("理财"), DISCLOSURE)));

            long id = l.text("sh-maker", "sh", "本产品保本，年化稳赚4%", "wealth-product").id();
            ValidationException e = assertThrows(ValidationException.class, () -> l.content.submit(l.as("sh-maker"), id));
            assertEquals(List.of("content.text", "content.text", "content.text"), fields(e));
            assertTrue(e.getMessage().contains("sensitive word '保本'") && e.getMessage().contains("'稳赚'")
                    && e.getMessage().contains("理财产品风险提示"), e.getMessage());
            assertEquals(ContentState.DRAFT, l.content.get(l.as("sh-maker"), id).state(), "nothing moved");

            // the disclosure applies by mention too, and a link card's title is checked on its own path
            long article = l.content.create(l.as("sh-maker"), new ContentDraft(ContentKind.ARTICLE, "理财早报", Set.of(),
                    null, new ContentBody.Message(new MessageContent.Text("今日理财市场回顾", List.of(
                            new Attachment.Link("保本理财怎么选", "https://bank.example/a/1", null, null)))))).id();
            ValidationException a = assertThrows(ValidationException.class, () -> l.content.submit(l.as("sh-maker"), article));
            assertEquals(List.of("content.attachments[0].title", "content.text"), fields(a).stream().sorted().toList());

            // an SMS template is checked on its text, and its length is known before any send
            ContentBody.SmsTemplate sms = new ContentBody.SmsTemplate("尊敬的客户，稳赚机会{1}，退订回T",
                    List.of("1"), "思语银行", Map.of("sms-tencent/main", "1234567"));
            long smsId = l.content.create(l.as("sh-maker"), new ContentDraft(ContentKind.SMS_TEMPLATE, "活动短信", Set.of(),
                    null, sms)).id();
            assertEquals(List.of("content.text"), fields(assertThrows(ValidationException.class,
                    () -> l.content.submit(l.as("sh-maker"), smsId))));
            assertEquals(1, sms.length().mainlandSegments());
            ContentBody.SmsTemplate longSms = new ContentBody.SmsTemplate("尊".repeat(65), List.of(), "思语银行",
                    Map.of("sms-aliyun", "SMS_1"));
            assertEquals(71, longSms.length().mainlandLength(), "with 【思语银行】");
            assertEquals(2, longSms.length().mainlandSegments(), "over 70: parts of 67");

            // mismatched placeholders are refused when written
            ValidationException params = assertThrows(ValidationException.class, () -> l.content.create(l.as("sh-maker"),
                    new ContentDraft(ContentKind.SMS_TEMPLATE, "x", Set.of(), null, new ContentBody.SmsTemplate(
                            "验证码{1}，{2}分钟内有效", List.of("1"), null, Map.of("sms-tencent", "1")))));
            assertEquals(List.of("content.text"), fields(params), "{2} is not a declared parameter");

            // fixed, it passes; a word added while it waits stops the approval
            l.content.update(l.as("sh-maker"), id, new ContentDraft(ContentKind.TEXT, "标题", Set.of("wealth-product"), null,
                    new ContentBody.Message(MessageContent.Text.of("本产品历史业绩不代表未来表现。" + DISCLOSURE))));
            assertEquals(ContentState.PENDING_REVIEW, l.content.submit(l.as("sh-maker"), id).state());
            l.content.putSensitiveWords(l.admin(), List.of("业绩"));
            ValidationException late = assertThrows(ValidationException.class, () -> l.content.approve(l.as("sh-checker"), id, null));
            assertEquals(List.of("content.text"), fields(late));
            l.content.putSensitiveWords(l.admin(), List.of());
            assertEquals(ContentState.APPROVED, l.content.approve(l.as("sh-checker"), id, null).state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void wordsAndDisclosuresAnActiveEditionDeclaresApplyWhileItIsActive(String kind, Supplier<TestStores> stores) {
        try (Library l = new Library(stores.get())) {
            // as the bank edition's SIYU-INF/compliance.json declares them
            ComplianceRules bank = new ComplianceRules(List.of("刚性兑付", "保本"), List.of(new ComplianceRules.RiskDisclosure(
                    "wealth-product", "理财产品风险提示", List.of("产品/理财"), List.of("理财", "净值"), DISCLOSURE)));
            l.content.putSensitiveWords(l.admin(), List.of("保本"));
            long id = l.text("sh-maker", "sh", "新发基金，保本且刚性兑付", "产品/理财").id();
            l.editionRules.add(bank);
            ValidationException e = assertThrows(ValidationException.class, () -> l.content.submit(l.as("sh-maker"), id));
            assertEquals(List.of("content.text: contains the sensitive word '保本'",
                    "content.text: contains the sensitive word '刚性兑付'",
                    "content.text: 理财产品风险提示: must carry the risk disclosure '" + DISCLOSURE + "'"),
                    e.errors().stream().map(f -> f.field() + ": " + f.message()).toList(),
                    "保本 is configured and declared, and reported once");
            l.editionRules.clear();
            ValidationException without = assertThrows(ValidationException.class, () -> l.content.submit(l.as("sh-maker"), id));
            assertEquals(1, without.errors().size(), "only the configured word once the edition is gone");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void activeEditionsReviewContentAndInactiveOnesDoNot(String kind, Supplier<TestStores> stores) {
        try (Library l = new Library(stores.get())) {
            // an edition rule that cannot be declared: no phone numbers in outbound text
            EditionHook bank = new EditionHook() {
                @Override
                public List<FieldError> reviewContent(Caller caller, MessageContent content) {
                    return content instanceof MessageContent.Text t && t.text().matches(".*1\\d{10}.*")
                            ? List.of(FieldError.of("text", "no personal phone numbers in outbound content")) : List.of();
                }
            };
            l.content.addHook(bank, Map.of(EditionHook.EDITION_PROPERTY, "bank"));
            long id = l.text("sh-maker", "sh", "有问题请致电13800138000").id();
            assertEquals(ContentState.PENDING_REVIEW, l.content.submit(l.as("sh-maker"), id).state(),
                    "the bank edition is not active");
            l.content.reject(l.as("sh-checker"), id, "请勿留私人号码");
            l.activeEditions.add("bank");
            l.content.update(l.as("sh-maker"), id, new ContentDraft(ContentKind.TEXT, "标题", Set.of(), null,
                    new ContentBody.Message(MessageContent.Text.of("有问题请致电13900139000"))));
            ValidationException e = assertThrows(ValidationException.class, () -> l.content.submit(l.as("sh-maker"), id));
            assertEquals(List.of(FieldError.of("content.text", "no personal phone numbers in outbound content")), e.errors());
            l.content.removeHook(bank);
            assertEquals(ContentState.PENDING_REVIEW, l.content.submit(l.as("sh-maker"), id).state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void editingApprovedContentMakesADraftWhileTheApprovedVersionStaysInUse(String kind, Supplier<TestStores> stores) {
        try (Library l = new Library(stores.get())) {
            long id = l.pending("sh-maker", "sh");
            assertThrows(ConflictException.class, () -> l.content.update(l.as("sh-maker"), id, draft("改")),
                    "under review");
            l.clock.advance(Duration.ofMinutes(5));
            l.content.approve(l.as("sh-checker"), id, "可以");

            ContentItem edited = l.content.update(l.as("sh-maker"), id, draft("第二版"));
            assertEquals(2, edited.latest().version());
            assertEquals(ContentState.DRAFT, edited.state());
            assertTrue(edited.usable());
            assertEquals(1, edited.approved().version(), "v1 stays in use until v2 is approved");
            assertEquals(Set.of(id), l.visible("sh-maker", new ContentQuery(null, null, null, true, PageRequest.first(10))));

            // a draft is changed in place, not versioned again
            assertEquals(2, l.content.update(l.as("sh-maker"), id, draft("第二版修订")).latest().version());
            l.content.submit(l.as("sh-maker"), id);
            ValidationException noReason = assertThrows(ValidationException.class,
                    () -> l.content.reject(l.as("sh-checker"), id, " "));
            assertEquals(List.of("reason"), fields(noReason));
            l.content.reject(l.as("sh-checker"), id, "措辞需修改");
            ContentItem rejected = l.content.get(l.as("sh-maker"), id);
            assertEquals(ContentState.REJECTED, rejected.state());
            assertEquals("措辞需修改", rejected.latest().reason());
            assertEquals(1, rejected.approved().version(), "a rejected edit leaves the approved version in use");

            assertEquals(3, l.content.update(l.as("sh-maker"), id, draft("第三版")).latest().version());
            l.content.submit(l.as("sh-maker"), id);
            ContentItem v3 = l.content.approve(l.as("hq-checker"), id, null);
            assertEquals(3, v3.approved().version());
            assertEquals(List.of(ContentState.APPROVED, ContentState.REJECTED, ContentState.SUPERSEDED),
                    l.content.versions(l.as("sh-maker"), id).stream().map(ContentVersion::state).toList());
            assertEquals("第三版", ((MessageContent.Text) ((ContentBody.Message) v3.approved().body()).content()).text());

            ContentItem withdrawn = l.content.withdraw(l.as("sh-maker"), id, "活动结束");
            assertFalse(withdrawn.usable());
            assertNull(withdrawn.approved());
            assertEquals(ContentState.WITHDRAWN, withdrawn.state());
            assertThrows(ConflictException.class, () -> l.content.withdraw(l.as("sh-checker"), id, "again"));
            assertThrows(ForbiddenException.class, () -> l.content.withdraw(l.as("am-li"), id, "x"));

            List<ContentTransition> history = l.content.history(l.as("sh-maker"), id);
            assertEquals(List.of("1:null>DRAFT:sh-maker", "1:DRAFT>PENDING_REVIEW:sh-maker",
                    "1:PENDING_REVIEW>APPROVED:sh-checker", "2:null>DRAFT:sh-maker", "2:DRAFT>PENDING_REVIEW:sh-maker",
                    "2:PENDING_REVIEW>REJECTED:sh-checker", "3:null>DRAFT:sh-maker", "3:DRAFT>PENDING_REVIEW:sh-maker",
                    "1:APPROVED>SUPERSEDED:hq-checker", "3:PENDING_REVIEW>APPROVED:hq-checker",
                    "3:APPROVED>WITHDRAWN:sh-maker"),
                    history.stream().map(t -> t.version() + ":" + t.from() + ">" + t.to() + ":" + t.actor()).toList());
            assertEquals("措辞需修改", history.get(5).reason());
            assertEquals(NOW.plus(Duration.ofMinutes(5)), history.get(2).at());
        }
    }

    static ContentDraft draft(String text) {
        return new ContentDraft(ContentKind.TEXT, "标题", Set.of(), null, new ContentBody.Message(MessageContent.Text.of(text)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void staffSeeTheirSubtreeAndTheUnitsAboveAndCreateOnlyWithinTheirSubtree(String kind, Supplier<TestStores> stores) {
        try (Library l = new Library(stores.get())) {
            long hq = l.text("hq-maker", null, "总行通知", "notice").id();
            long sh = l.text("sh-maker", null, "分行通知", "notice").id();
            long pd = l.text("pd-maker", null, "支行通知").id();
            long bj = l.text("bj-checker", null, "北京分行通知", "notice").id();
            ContentQuery all = ContentQuery.all(PageRequest.first(50));
            assertEquals(Set.of(hq, sh, pd), l.visible("pd-maker", all), "own unit and every unit above");
            assertEquals(Set.of(hq, sh, pd), l.visible("sh-checker", all), "subtree and above, not the sibling branch");
            assertEquals(Set.of(hq, bj), l.visible("bj-checker", all));
            assertEquals(Set.of(hq, sh, pd, bj), l.visible("hq-checker", all));
            assertEquals(4, l.content.list(l.admin(), all).total());
            assertEquals(Set.of(hq, sh), l.visible("sh-checker", new ContentQuery(null, "notice", null, false,
                    PageRequest.first(50))));
            l.content.submit(l.as("sh-maker"), sh);
            assertEquals(Set.of(sh), l.visible("pd-maker", new ContentQuery(ContentState.PENDING_REVIEW, null, null, false,
                    PageRequest.first(50))));
            assertEquals(Set.of(), l.visible("pd-maker", new ContentQuery(null, null, ContentKind.EMAIL, false,
                    PageRequest.first(50))));
            assertThrows(NotFoundException.class, () -> l.content.get(l.as("sh-maker"), bj), "reads like missing content");
            assertThrows(NotFoundException.class, () -> l.content.versions(l.as("pd-maker"), bj));

            // the branch can read head-office content but not change it; a sub-branch cannot write for its branch
            assertThrows(ForbiddenException.class, () -> l.content.update(l.as("sh-maker"), hq, draft("改总行")));
            assertThrows(ForbiddenException.class, () -> l.text("pd-maker", "sh", "替分行发"));
            assertThrows(ForbiddenException.class, () -> l.text("am-li", null, "没有权限"), "no content.create");
            ValidationException unknown = assertThrows(ValidationException.class, () -> l.content.create(l.admin(),
                    new ContentDraft(ContentKind.TEXT, "x", Set.of(), "nowhere", draft("x").body())));
            assertEquals(List.of("ownerUnitId"), fields(unknown));
            ValidationException noUnit = assertThrows(ValidationException.class, () -> l.content.create(l.admin(),
                    draft("管理员未指定单位")));
            assertEquals(List.of("ownerUnitId"), fields(noUnit));
            ValidationException shape = assertThrows(ValidationException.class, () -> l.content.create(l.as("sh-maker"),
                    new ContentDraft(ContentKind.EMAIL, "邮件", Set.of(), null, new ContentBody.Script("不是邮件"))));
            assertEquals(List.of("content"), fields(shape));
        }
    }
}
