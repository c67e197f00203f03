package io.siyu.core.internal.edition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.PresetApplication;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.sop.SopAction;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopService;
import io.siyu.api.sop.SopState;
import io.siyu.api.sop.SopStep;
import io.siyu.api.sop.SopTrigger;
import io.siyu.core.internal.CoreFixture;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.sop.SopTestServices;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presets, templates and taxonomy applied through the real tag, segment and SOP services on Derby. */
class EditionPresetsTest {
    private static final Caller ADMIN = new Caller("admin", Set.of("admin"), null, DataScope.ALL);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final TestStores stores = new TestStores();
    private final EditionTracker editions = new EditionTracker(clock);
    private final CoreFixture core;
    private final SopService sops;
    private final EditionPresetsImpl presets;

    EditionPresetsTest() {
        long bundle = 10;
        for (String e : List.of("bank", "retail", "education")) {
            editions.add(Editions.descriptor(e, bundle++), Editions.shipped(e).loaded());
        }
        editions.bindStore(stores.store);
        core = new CoreFixture(stores, clock, editions);
        sops = SopTestServices.over(core);
        presets = new EditionPresetsImpl(stores.store.settings(), editions, core.tags, core.segments, sops, clock);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private long customer(String name, Object aum) {
        return core.customers.create(Caller.SYSTEM, new CustomerDraft(name, null, Set.of(),
                aum == null ? Map.of() : Map.of("aum", aum))).id();
    }

    @Test
    void aTierPresetBecomesASegmentWithTheThresholdOnceAndOnlyOnce() {
        long rich = customer("孙建国", 7_000_000);
        customer("钱丽华", 800_000);
        customer("周小白", null);
        PresetApplication first = presets.applySegmentPreset(ADMIN, "bank", "tier-private", null);
        assertTrue(first.created());
        SegmentDefinition segment = core.segments.get(ADMIN, first.id());
        assertEquals("私行客户", segment.name());
        assertEquals(List.of(rich), core.segments.members(ADMIN, segment.condition(), new io.siyu.api.PageRequest(0, 10)).items());
        PresetApplication again = presets.applySegmentPreset(ADMIN, "bank", "tier-private", Map.of());
        assertEquals(new PresetApplication("bank", "tier-private", first.id(), false), again);
        assertEquals(1, core.segments.list(ADMIN).size());

        PresetApplication mass = presets.applySegmentPreset(ADMIN, "bank", "tier-mass", null);
        assertEquals(1, core.segments.count(ADMIN, core.segments.get(ADMIN, mass.id()).condition()),
                "assets below the wealth threshold, or unknown");
    }

    @Test
    void aPresetsConditionCountsWithTheStoredParametersWithoutMakingASegment() {
        customer("A", 800_000);
        customer("B", 600_000);
        assertEquals(2, core.segments.count(ADMIN, presets.presetCondition("bank", "tier-wealth")));
        presets.setParameters(ADMIN, "bank", Map.of("bank.tier.wealth.min", 700_000));
        assertEquals(1, core.segments.count(ADMIN, presets.presetCondition("bank", "tier-wealth")),
                "the installation's threshold applies at once");
        assertEquals(0, core.segments.list(ADMIN).size(), "counting makes no segment");
        assertThrows(NotFoundException.class, () -> presets.presetCondition("bank", "tier-diamond"));
        assertEquals(0, core.tags.groups().stream().filter(g -> g.name().equals("产品")).count(),
                "this test's edition tracker creates no taxonomy");
        assertEquals("tag", assertThrows(ValidationException.class,
                () -> presets.presetCondition("bank", "wealth-product-holders")).errors().get(0).field(),
                "a tag the preset names is looked up, never created");
        assertEquals(0, core.tags.groups().stream().filter(g -> g.name().equals("产品")).count());
        assertThrows(NotFoundException.class, () -> presets.presetCondition("insurance", "tier-wealth"));
    }

    @Test
    void parametersComeFromTheCallThenTheInstallationThenTheEdition() {
        assertEquals(new BigDecimal("6000000"), presets.parameters("bank").get("bank.tier.private.min"));
        Map<String, Object> stored = presets.setParameters(ADMIN, "bank", Map.of("bank.tier.private.min", "10000000"));
        assertEquals(new BigDecimal("10000000"), stored.get("bank.tier.private.min"));
        assertEquals(new BigDecimal("500000"), stored.get("bank.tier.wealth.min"));
        customer("A", 8_000_000);
        customer("B", 600_000);
        PresetApplication wealth = presets.applySegmentPreset(ADMIN, "bank", "tier-wealth", null);
        assertEquals(2, core.segments.count(ADMIN, core.segments.get(ADMIN, wealth.id()).condition()),
                "8,000,000 is below the stored private-banking threshold");
        core.segments.delete(ADMIN, wealth.id());
        PresetApplication remade = presets.applySegmentPreset(ADMIN, "bank", "tier-wealth",
                Map.of("bank.tier.wealth.min", 700_000));
        assertTrue(remade.created(), "what the preset became was deleted: applying makes it again");
        assertNotEquals(wealth.id(), remade.id());
        assertEquals(1, core.segments.count(ADMIN, core.segments.get(ADMIN, remade.id()).condition()));

        ValidationException wrong = assertThrows(ValidationException.class, () -> presets.applySegmentPreset(ADMIN,
                "bank", "tier-private", Map.of("bank.tier.private.min", "lots", "nope", 1)));
        assertEquals(Set.of("parameters.bank.tier.private.min", "parameters.nope"),
                Set.copyOf(wrong.errors().stream().map(io.siyu.api.FieldError::field).toList()));
        assertThrows(ValidationException.class, () -> presets.setParameters(ADMIN, "bank", Map.of("bank.dormant.days", 1.5)));
        assertThrows(NotFoundException.class, () -> presets.applySegmentPreset(ADMIN, "bank", "tier-diamond", null));
        assertThrows(NotFoundException.class, () -> presets.parameters("insurance"));
    }

    @Test
    void aTemplateAppliesThePresetsItNamesAndResolvesTagsIntoADraftSop() {
        PresetApplication segment = presets.applySegmentPreset(ADMIN, "bank", "tier-private", null);
        PresetApplication sop = presets.applySopTemplate(ADMIN, "bank", "private-tier-welcome", null);
        assertTrue(sop.created());
        SopDefinition d = sops.get(ADMIN, sop.id());
        assertEquals(SopState.DRAFT, d.state());
        assertEquals("私行客户专属服务", d.name());
        assertEquals(new SopTrigger.SegmentEntered(segment.id()), d.trigger());
        SopAction.ChangeTags tags = (SopAction.ChangeTags) ((SopStep.Perform) d.steps().get(0)).action();
        TagDefinition privateTag = core.tags.definition(ADMIN, tags.add().iterator().next());
        assertEquals("资产/私行客户", privateTag.group() + "/" + privateTag.name());
        assertEquals(2, tags.remove().size());
        assertFalse(presets.applySopTemplate(ADMIN, "bank", "private-tier-welcome", null).created());
        assertEquals(1, sops.list(ADMIN).size());
    }

    @Test
    void everyShippedPresetAndTemplateAppliesOnARealStore() {
        for (String e : List.of("bank", "retail", "education")) {
            EditionContent c = editions.content(e).orElseThrow();
            for (EditionContent.SegmentPreset p : c.segmentPresets()) {
                assertTrue(presets.applySegmentPreset(ADMIN, e, p.id(), null).id() > 0, e + "/" + p.id());
            }
            for (EditionContent.SopTemplate t : c.sopTemplates()) {
                Map<String, Object> parameters = e.equals("education")
                        ? Map.of("channel", "wecom/bank", "classGroups", "wrClassA, wrClassB", "teacher", "teacher-wang")
                        : Map.of("channel", "wecom/bank");
                assertTrue(presets.applySopTemplate(ADMIN, e, t.id(), parameters).id() > 0, e + "/" + t.id());
            }
        }
        long total = editions.content("bank").orElseThrow().segmentPresets().size()
                + editions.content("retail").orElseThrow().segmentPresets().size()
                + editions.content("education").orElseThrow().segmentPresets().size();
        assertEquals(total, core.segments.list(ADMIN).size(), "templates reuse the presets applied before them");
    }

    @Test
    void theTaxonomyIsCreatedOnceAndLeftAloneAfterwards() {
        EditionTags tags = new EditionTags(core.tags, Caller.SYSTEM);
        EditionContent bank = editions.content("bank").orElseThrow();
        int declared = bank.tagGroups().size() + bank.tagGroups().stream().mapToInt(g -> g.tags().size()).sum();
        assertEquals(declared, tags.ensure(bank));
        assertEquals(0, tags.ensure(bank));
        long deposit = core.tags.definitions(ADMIN, null, null).stream().filter(t -> t.name().equals("存款"))
                .findFirst().orElseThrow().id();
        core.tags.delete(ADMIN, deposit);
        assertEquals(1, tags.ensure(bank), "an edition restarting brings back a declared tag, never removes one");
        assertEquals(declared - bank.tagGroups().size(), core.tags.definitions(ADMIN, null, null).size());
    }

    @Test
    void aBankTemplatesTextsGoToReviewAndItsSopActivatesOnceTheyAreApproved() {
        stores.store.org().putUnit(new io.siyu.api.org.OrgUnit("hq", null, "总行", "head-office"), clock.instant());
        io.siyu.core.internal.org.Authority authority = io.siyu.core.internal.org.Authority.of(stores.store, List::of);
        io.siyu.core.internal.content.ContentServiceImpl contents = new io.siyu.core.internal.content.ContentServiceImpl(
                stores.store, authority, io.siyu.core.internal.audit.AuditTrail.NONE, id -> true, List::of, clock);
        io.siyu.core.internal.content.OutboundReviewImpl review = new io.siyu.core.internal.content.OutboundReviewImpl(
                editions, contents);
        SopService reviewed = io.siyu.core.internal.sop.SopTestServices.over(core, review);
        EditionPresetsImpl bank = new EditionPresetsImpl(stores.store.settings(), editions, core.tags, core.segments,
                reviewed, clock);
        bank.review = review;
        bank.contents = contents;
        bank.org = new io.siyu.core.internal.org.OrgServiceImpl(stores.store, authority, null, core.customers, clock);

        long sop = bank.applySopTemplate(ADMIN, "bank", "onboarding", Map.of("channel", "wecom/bank")).id();
        List<io.siyu.api.content.ContentItem> queued = contents.list(ADMIN, new io.siyu.api.content.ContentQuery(
                null, null, null, false, new io.siyu.api.PageRequest(0, 50))).items();
        assertEquals(1, queued.size(), "the onboarding template sends one text: " + queued);
        assertEquals(io.siyu.api.content.ContentState.PENDING_REVIEW, queued.get(0).state());
        assertEquals("hq", queued.get(0).ownerUnitId());
        assertThrows(io.siyu.api.ValidationException.class, () -> reviewed.activate(ADMIN, sop),
                "its text is still in review");

        contents.approve(new Caller("checker", Set.of("siyu-admin"), null, DataScope.ALL), queued.get(0).id(), "合规");
        assertEquals(io.siyu.api.sop.SopState.ACTIVE, reviewed.activate(ADMIN, sop).state());
    }

    @Test
    void everyEditionsDemoLibraryIsMadeByOneDemoStaffMemberAndApprovedByAnother() throws Exception {
        io.siyu.core.internal.org.Authority authority = io.siyu.core.internal.org.Authority.of(stores.store, editions::roles);
        io.siyu.core.internal.org.OrgServiceImpl org = new io.siyu.core.internal.org.OrgServiceImpl(stores.store, authority,
                null, core.customers, clock);
        io.siyu.core.internal.content.ContentServiceImpl contents = new io.siyu.core.internal.content.ContentServiceImpl(
                stores.store, authority, io.siyu.core.internal.audit.AuditTrail.NONE, id -> true,
                () -> List.of(editions.content("bank").orElseThrow().compliance(),
                        editions.content("education").orElseThrow().compliance()), clock);
        List<String> problems = new java.util.ArrayList<>();
        Map<String, Integer> stored = new java.util.TreeMap<>();
        for (String e : List.of("bank", "retail", "education")) {
            java.nio.file.Path demo = java.nio.file.Path.of("..", "..", "editions", e, "src", "main", "resources", "SIYU-INF", "demo");
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(demo.resolve("org.json"))) {
                io.siyu.core.internal.DemoOrg.load(in, org, problems::add);
            }
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(demo.resolve("contents.json"))) {
                stored.put(e, io.siyu.core.internal.DemoContents.load(in, contents, org, problems::add));
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(Map.of("bank", 5, "education", 4, "retail", 3), stored);
        List<io.siyu.api.content.ContentItem> all = contents.list(ADMIN, new io.siyu.api.content.ContentQuery(null, null,
                null, false, new io.siyu.api.PageRequest(0, 100))).items();
        assertEquals(1, all.stream().filter(i -> i.state() == io.siyu.api.content.ContentState.PENDING_REVIEW).count(),
                "the bank's new product text waits for its checker");
        assertEquals(11, all.stream().filter(i -> i.state() == io.siyu.api.content.ContentState.APPROVED).count());
    }
}

