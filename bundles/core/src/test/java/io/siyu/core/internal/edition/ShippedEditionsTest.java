package io.siyu.core.internal.edition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionContent.SopTemplate;
import io.siyu.api.edition.EditionRole;
import io.siyu.api.edition.OperatingModel;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import io.siyu.api.policy.TouchScenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the three shipped editions declare: all of it valid, and what the domain asks of each. */
class ShippedEditionsTest {
    private static EditionContent content(String edition) {
        Editions.Read read = Editions.shipped(edition);
        assertEquals(List.of(), read.problems(), edition);
        return read.loaded().content();
    }

    private static Role role(EditionContent c, String id, String model) {
        return c.roles().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().under(model);
    }

    private static boolean may(EditionContent c, String role, String model, String permission) {
        return role(c, role, model).grants(Permission.of(permission));
    }

    @Test
    void everyShippedEditionDeclaresEachKindOfContentWithoutAProblem() {
        for (String edition : List.of("bank", "retail", "education")) {
            EditionContent c = content(edition);
            assertFalse(c.roles().isEmpty(), edition);
            assertFalse(c.unitKinds().isEmpty(), edition);
            assertFalse(c.positions().isEmpty(), edition);
            assertFalse(c.tagGroups().isEmpty(), edition);
            assertFalse(c.segmentPresets().isEmpty(), edition);
            assertFalse(c.sopTemplates().isEmpty(), edition);
            assertFalse(c.dashboards().isEmpty(), edition);
            assertFalse(c.compliance().sensitiveWords().isEmpty(), edition);
            assertFalse(c.terminology().isEmpty(), edition);
            for (EditionContent.Term t : c.terminology().values()) {
                assertFalse(t.zh().isEmpty() || t.en().isEmpty(), edition + " labels every term in zh and en");
            }
        }
    }

    @Test
    void theBankHasItsOrgTreeAndThreeOperatingModelsWithHeadOfficeDirectFirst() {
        EditionContent bank = content("bank");
        assertEquals(List.of("hq-direct", "manager-led", "branch-managed"),
                bank.operatingModels().stream().map(OperatingModel::id).toList());
        assertEquals("hq-direct", bank.defaultOperatingModel());
        assertEquals(List.of("head-office", "branch", "sub-branch"),
                bank.unitKinds().stream().map(EditionContent.UnitKind::id).toList());
        assertEquals(List.of("branch"), bank.unitKinds().get(2).parents());
        EditionContent.Position manager = bank.positions().stream().filter(p -> p.id().equals("account-manager"))
                .findFirst().orElseThrow();
        assertEquals("客户经理", manager.name());
        assertEquals(List.of("account-manager"), manager.roles());
        assertEquals(Set.of("hq-admin", "hq-operator", "branch-manager", "branch-operator", "account-manager",
                "compliance-officer"), Set.copyOf(bank.roles().stream().map(EditionRole::id).toList()));
    }

    @Test
    void theBankModelDecidesWhoCreatesWhoApprovesAndWhoExecutes() {
        EditionContent bank = content("bank");
        // 总行直营: HQ operations create content, SOPs and mass sends; branches only view
        assertTrue(may(bank, "hq-operator", "hq-direct", "content.create"));
        assertTrue(may(bank, "hq-operator", "hq-direct", "sop.manage"));
        assertTrue(may(bank, "hq-operator", "hq-direct", "masssend.create"));
        assertTrue(may(bank, "hq-admin", "hq-direct", "content.approve"));
        for (String branchRole : List.of("branch-manager", "branch-operator", "account-manager")) {
            for (String p : List.of("content.create", "content.approve", "sop.manage", "masssend.create", "masssend.approve")) {
                assertFalse(may(bank, branchRole, "hq-direct", p), branchRole + " " + p + " under hq-direct");
            }
        }
        assertTrue(may(bank, "account-manager", "hq-direct", "task.execute"));
        // 客户经理管护 + 分行统筹: the branch sets content and approves, account managers execute for their own customers
        assertTrue(may(bank, "branch-operator", "manager-led", "content.create"));
        assertTrue(may(bank, "branch-manager", "manager-led", "content.approve"));
        assertTrue(may(bank, "account-manager", "manager-led", "masssend.create"));
        assertFalse(may(bank, "account-manager", "manager-led", "masssend.approve"));
        assertFalse(may(bank, "hq-operator", "manager-led", "content.create"));
        // 分行统筹经营: the branch's direct-operation team runs its branch, the branch head approves
        assertTrue(may(bank, "branch-operator", "branch-managed", "sop.manage"));
        assertTrue(may(bank, "branch-operator", "branch-managed", "task.execute"));
        assertTrue(may(bank, "branch-manager", "branch-managed", "masssend.approve"));
        assertFalse(may(bank, "account-manager", "branch-managed", "content.create"));
        // data scopes: a manager sees their own, a branch its subtree, head office and compliance all
        for (OperatingModel m : bank.operatingModels()) {
            assertEquals(DataScope.OWN, role(bank, "account-manager", m.id()).scope());
            assertEquals(DataScope.UNIT_SUBTREE, role(bank, "branch-manager", m.id()).scope());
            assertEquals(DataScope.UNIT_SUBTREE, role(bank, "branch-operator", m.id()).scope());
            assertEquals(DataScope.ALL, role(bank, "hq-admin", m.id()).scope());
            assertEquals(DataScope.ALL, role(bank, "compliance-officer", m.id()).scope());
            // compliance reviews everything under every model, and nobody approves what they may not read
            assertTrue(may(bank, "compliance-officer", m.id(), "content.approve"));
            for (EditionRole r : bank.roles()) {
                assertTrue(r.under(m.id()).grants(Permission.CUSTOMER_READ), r.id() + " reads under " + m.id());
            }
        }
        assertFalse(may(bank, "account-manager", "hq-direct", "customer.export"));
        assertFalse(may(bank, "account-manager", "hq-direct", "customer.unmask"));
    }

    @SuppressWarnings("unchecked")
    private static void sends(Object tree, String type, List<Map<String, Object>> out) {
        if (tree instanceof Map<?, ?> m) {
            if (type.equals(m.get("type"))) {
                out.add((Map<String, Object>) m);
            }
            m.values().forEach(v -> sends(v, type, out));
        } else if (tree instanceof List<?> l) {
            l.forEach(v -> sends(v, type, out));
        }
    }

    @Test
    void everyTemplatedMessageNamesAnAllowedOneToOneScenarioAndPassesItsEditionsCompliance() {
        for (String edition : List.of("bank", "retail", "education")) {
            EditionContent c = content(edition);
            for (SopTemplate t : c.sopTemplates()) {
                List<Map<String, Object>> sends = new ArrayList<>();
                sends(t.sop(), "sendMessage", sends);
                for (Map<String, Object> s : sends) {
                    Object scenario = s.get("scenario");
                    assertNotNull(scenario, edition + "/" + t.id() + " sends without a scenario");
                    TouchScenario.valueOf(scenario.toString().toUpperCase(Locale.ROOT));
                }
                sends(t.sop(), "sendToGroups", sends); // group messages are not 1:1: no scenario
                for (Map<String, Object> s : sends) {
                    List<FieldError> review = c.compliance().review("text", (String) s.get("text"), Set.of());
                    assertEquals(List.of(), review, edition + "/" + t.id());
                }
            }
        }
        List<String> bankTemplates = content("bank").sopTemplates().stream().map(SopTemplate::id).toList();
        assertTrue(bankTemplates.containsAll(List.of("onboarding", "maturity-reminder", "birthday-greeting")), bankTemplates.toString());
    }

    @Test
    void theBankRequiresTheRiskDisclosureOnWealthContentAndRefusesPromisesOfReturns() {
        EditionContent bank = content("bank");
        List<FieldError> missing = bank.compliance().review("text", "新发理财产品，七日年化3.2%", Set.of());
        assertEquals(1, missing.size(), missing.toString());
        assertTrue(missing.get(0).message().contains("理财非存款，产品有风险，投资须谨慎"));
        assertEquals(1, bank.compliance().review("text", "周末网点营业时间调整", Set.of("产品/理财")).size(),
                "content tagged as a wealth product needs the disclosure even without the word");
        assertEquals(List.of(), bank.compliance().review("text", "新发理财产品。理财非存款，产品有风险，投资须谨慎。", Set.of()));
        List<FieldError> promise = bank.compliance().review("text", "保本稳赚。理财非存款，产品有风险，投资须谨慎", Set.of());
        assertEquals(2, promise.size(), promise.toString());
    }

    @Test
    void retailAndEducationDeclareTheirRolesPresetsAndPlaybooks() {
        EditionContent retail = content("retail");
        assertEquals(Set.of("store-manager", "shopping-guide", "marketer"),
                Set.copyOf(retail.roles().stream().map(EditionRole::id).toList()));
        assertTrue(retail.operatingModels().isEmpty());
        assertEquals(DataScope.OWN, role(retail, "shopping-guide", null).scope());
        assertEquals("导购", role(retail, "shopping-guide", null).name());
        assertTrue(retail.segmentPresets().stream().map(EditionContent.SegmentPreset::id).toList()
                .containsAll(List.of("rfm-core", "rfm-loyal", "rfm-ordinary", "repurchase-due")));
        assertEquals(Set.of("low-loyalty-low-frequency", "high-loyalty-high-frequency", "any"),
                Set.copyOf(retail.sopTemplates().stream().map(t -> t.facets().get("categoryType")).toList()));
        EditionContent education = content("education");
        assertEquals(Set.of("campus-manager", "course-advisor", "teacher"),
                Set.copyOf(education.roles().stream().map(EditionRole::id).toList()));
        assertEquals("课程顾问", role(education, "course-advisor", null).name());
        assertTrue(education.sopTemplates().stream().map(SopTemplate::id).toList()
                .containsAll(List.of("trial-follow-up", "renewal", "class-homework", "class-lesson-reminder", "class-renewal")));
        List<Map<String, Object>> classSends = new ArrayList<>();
        education.sopTemplates().stream().filter(t -> t.facets().containsKey("class")).forEach(t -> sends(t.sop(), "sendToGroups", classSends));
        assertEquals(3, classSends.size(), "each class group SOP posts into the class groups");
        assertTrue(classSends.stream().allMatch(s -> "${classGroups}".equals(s.get("groupChatIds"))));
    }
}
