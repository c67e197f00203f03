package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceReference;

/**
 * Each edition installed alone on the distribution and its main flow (retail, education), and the
 * bank edition installed into a running node: its declared content and roles appear over REST,
 * the console and {@link EditionRegistry#roles()}; switching the operating model changes the roles;
 * a preset applied becomes a segment; uninstalling withdraws the edition and keeps the data, and the
 * core bundles are never stopped, refreshed or replaced.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EditionIT extends InContainer {
    @Configuration
    public Option[] config() {
        return ExamOptions.distribution().toArray(new Option[0]);
    }

    private Role role(String id) {
        ServiceReference<EditionRegistry> ref = bundleContext.getServiceReference(EditionRegistry.class);
        EditionRegistry registry = bundleContext.getService(ref);
        try {
            return registry.roles().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue("no " + field + " in " + json, m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    public void theBankEditionComesWithItsContentSwitchesModelAndLeavesItsDataWhenUninstalled() throws Exception {
        awaitHealthy();
        Map<String, Long> coreIds = HotSwap.coreBundles(this);
        List<String> coreEvents = new ArrayList<>();
        BundleListener listener = (BundleEvent e) -> {
            if (HotSwap.CORE_BUNDLES.contains(e.getBundle().getSymbolicName())) {
                coreEvents.add(e.getBundle().getSymbolicName() + " event " + e.getType());
            }
        };
        bundleContext.addBundleListener(listener);
        long segmentId;
        try {
            features.installFeature("siyu-edition-bank", EnumSet.noneOf(FeaturesService.Option.class));
            HttpResponse<String> bank = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/editions/bank", null),
                    r -> r.statusCode() == 200);
            assertEquals(bank.body(), 200, bank.statusCode());
            for (String expected : List.of("\"operatingModel\":{\"id\":\"hq-direct\"", "\"id\":\"sub-branch\"",
                    "\"id\":\"account-manager\",\"name\":\"客户经理\"", "\"id\":\"tier-private\"", "\"id\":\"maturity-reminder\"",
                    "理财非存款，产品有风险，投资须谨慎", "\"bank.tier.private.min\"")) {
                assertTrue(expected + " in " + bank.body(), bank.body().contains(expected));
            }
            String list = asAdmin("GET", "/editions", null).body();
            assertTrue(list, list.contains("\"id\":\"bank\"") && list.contains("\"id\":\"retail\""));
            assertEquals(404, asAdmin("GET", "/editions/insurance", null).statusCode());

            Role branchManager = role("branch-manager");
            assertNotNull(branchManager);
            assertFalse(branchManager.grants(Permission.CONTENT_APPROVE));
            assertNotNull("the retail edition's roles are there too", role("shopping-guide"));

            HttpResponse<String> bad = asAdmin("PUT", "/editions/bank/operating-model", "{\"model\":\"branch-led\"}");
            assertEquals(bad.body(), 400, bad.statusCode());
            assertTrue(bad.body(), bad.body().contains("\"field\":\"model\""));
            HttpResponse<String> switched = asAdmin("PUT", "/editions/bank/operating-model", "{\"model\":\"manager-led\"}");
            assertEquals(switched.body(), 200, switched.statusCode());
            assertTrue(role("branch-manager").grants(Permission.CONTENT_APPROVE));
            assertTrue(execute("siyu:edition-model bank").contains("* manager-led"));
            String info = execute("siyu:edition-info bank");
            assertTrue(info, info.contains("Roles under manager-led") && info.contains("客户经理"));
            assertTrue(execute("siyu:edition-model bank branch-managed").contains("now runs as branch-managed"));
            assertTrue(execute("siyu:edition-list").contains("branch-managed"));

            HttpResponse<String> applied = asAdmin("POST", "/editions/bank/segment-presets/wealth-product-holders/apply", "{}");
            assertEquals(applied.body(), 201, applied.statusCode());
            segmentId = number(applied.body(), "id");
            HttpResponse<String> again = asAdmin("POST", "/editions/bank/segment-presets/wealth-product-holders/apply", null);
            assertEquals(again.body(), 200, again.statusCode());
            assertEquals(segmentId, number(again.body(), "id"));
            String tags = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/tags", null).body(),
                    b -> b.contains("私行客户") && b.contains("C3 平衡型"));
            assertTrue(tags, tags.contains("C3 平衡型"));

            features.uninstallFeature("siyu-edition-bank", EnumSet.noneOf(FeaturesService.Option.class));
            HttpResponse<String> gone = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/editions/bank", null),
                    r -> r.statusCode() == 404);
            assertEquals(gone.body(), 404, gone.statusCode());
            assertEquals(null, role("branch-manager"));
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertEquals(200, asAdmin("GET", "/segments/" + segmentId, null).statusCode());
        assertTrue(asAdmin("GET", "/tags", null).body().contains("私行客户"));
        assertEquals("core bundles were stopped, started or refreshed", List.of(), coreEvents);
        assertEquals(coreIds, HotSwap.coreBundles(this));
        assertAllBundlesActive();
    }

    /** Leaves exactly {@code edition} installed among the editions and waits until the registry says so. */
    private void alone(String edition) throws Exception {
        for (String other : List.of("retail", "bank", "education")) {
            if (!other.equals(edition) && features.isInstalled(features.getFeature("siyu-edition-" + other))) {
                features.uninstallFeature("siyu-edition-" + other, EnumSet.noneOf(FeaturesService.Option.class));
            }
        }
        if (!features.isInstalled(features.getFeature("siyu-edition-" + edition))) {
            features.installFeature("siyu-edition-" + edition, EnumSet.noneOf(FeaturesService.Option.class));
        }
        HttpResponse<String> list = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/editions", null),
                r -> r.body().contains("\"id\":\"" + edition + "\"") && List.of("retail", "bank", "education").stream()
                        .filter(e -> !e.equals(edition)).noneMatch(e -> r.body().contains("\"id\":\"" + e + "\"")));
        assertTrue(list.body(), list.body().contains("\"id\":\"" + edition + "\""));
    }

    private HttpResponse<String> as(String user, String method, String path, String json) throws Exception {
        return request(method, path, json, user, "pw-" + user);
    }

    private long customer(String json) throws Exception {
        HttpResponse<String> c = asAdmin("POST", "/customers", json);
        assertEquals(c.body(), 201, c.statusCode());
        return number(c.body(), "id");
    }

    private long activeSop(String edition, String template, String parameters) throws Exception {
        HttpResponse<String> applied = asAdmin("POST", "/editions/" + edition + "/sop-templates/" + template + "/apply",
                "{\"parameters\":" + parameters + "}");
        assertEquals(applied.body(), 201, applied.statusCode());
        long sop = number(applied.body(), "id");
        HttpResponse<String> active = asAdmin("POST", "/sops/" + sop + "/activate", null);
        assertTrue(active.body(), active.body().contains("\"state\":\"active\""));
        return sop;
    }

    /**
     * The education edition alone: a form turns a parent into a lead with a first-call task for
     * their course advisor; the advisor's call, recorded through REST, moves the lead to trial
     * booked, closes the task and plans the next follow-up, all on the timeline; the console records
     * the next step; the funnel counts it; class group SOPs take the class's groups.
     */
    @Test
    public void theEducationEditionAloneRunsTheLeadsPipelineWithFollowUpsAndClassGroupSops() throws Exception {
        awaitHealthy();
        try {
            alone("education");
            assertEquals(200, asAdmin("PUT", "/org/units/edu-campus", "{\"name\":\"徐汇校区\",\"kind\":\"campus\"}").statusCode());
            HttpResponse<String> advisor = asAdmin("PUT", "/org/staff/advisor-it", "{\"name\":\"测试顾问\","
                    + "\"orgUnitId\":\"edu-campus\",\"positions\":[\"course-advisor\"],\"roleIds\":[\"course-advisor\"]}");
            assertEquals(advisor.body(), 200, advisor.statusCode());
            realmAccounts("siyu-operator", "advisor-it");

            long newLead = activeSop("education", "new-lead", "{\"channel\":\"wecom/main\"}");
            long lead = customer("{\"displayName\":\"钱妈妈\",\"attributes\":{\"ownerStaff\":\"advisor-it\","
                    + "\"child\":\"钱多多\",\"grade\":\"三年级\"}}");
            HttpResponse<String> form = asAdmin("POST", "/events", "{\"id\":\"it-edu-form-1\",\"type\":\"form.submit\","
                    + "\"occurredAt\":\"2026-11-20T02:00:00Z\",\"customerId\":" + lead + ",\"properties\":{\"form\":\"trial-lesson\"}}");
            assertTrue(form.body(), form.statusCode() < 300);
            HttpResponse<String> tasks = eventually(Duration.ofSeconds(60),
                    () -> as("advisor-it", "GET", "/tasks?staff=advisor-it&state=open", null),
                    r -> r.body().contains("新线索首呼"));
            assertTrue(tasks.body(), tasks.body().contains("新线索首呼"));
            long call = number(tasks.body(), "id");
            assertTrue(asAdmin("GET", "/sops/" + newLead + "/instances", null).body().contains("\"customerId\":" + lead));

            HttpResponse<String> badStage = as("advisor-it", "POST", "/customers/" + lead + "/follow-ups",
                    "{\"method\":\"call\",\"note\":\"约试听\",\"attributes\":{\"stage\":\"maybe\"}}");
            assertEquals(badStage.body(), 400, badStage.statusCode());
            assertTrue(badStage.body(), badStage.body().contains("\"field\":\"attributes.stage\""));
            HttpResponse<String> followUp = as("advisor-it", "POST", "/customers/" + lead + "/follow-ups",
                    "{\"method\":\"call\",\"note\":\"家长想周六上午试听\",\"outcome\":\"约了试听\","
                    + "\"attributes\":{\"stage\":\"trial-booked\",\"trialDate\":\"2026-12-05\"},"
                    + "\"completesTaskId\":" + call + ",\"nextAt\":\"2099-12-04T10:00:00Z\",\"nextNote\":\"试听前确认\"}");
            assertEquals(followUp.body(), 201, followUp.statusCode());
            assertTrue(followUp.body(), followUp.body().contains("\"stage\":\"trial-booked\"") && followUp.body().contains("nextTaskId"));
            String profile = as("advisor-it", "GET", "/customers/" + lead + "?timelineLimit=50", null).body();
            assertTrue(profile, profile.contains("\"type\":\"follow.up\"") && profile.contains("家长想周六上午试听"));
            assertTrue(profile, profile.contains("\"type\":\"attribute.changed\"") && profile.contains("\"from\":\"new\""));
            String open = as("advisor-it", "GET", "/tasks?staff=advisor-it&state=open", null).body();
            assertTrue(open, open.contains("试听前确认") && !open.contains("新线索首呼"));

            String console = execute("siyu:follow-up --method visit --set stage=trial-done " + lead + " 孩子来试听了");
            assertTrue(console, console.contains("stage → trial-done"));
            HttpResponse<String> funnel = asAdmin("POST", "/segments/breakdown", "{\"rows\":\"stage\"}");
            assertTrue(funnel.body(), funnel.body().contains("trial-done"));

            HttpResponse<String> noGroups = asAdmin("POST", "/editions/education/sop-templates/class-homework/apply",
                    "{\"parameters\":{\"teacher\":\"teacher-wang\",\"classGroups\":\"  \"}}");
            assertEquals(noGroups.body(), 400, noGroups.statusCode());
            long homework = activeSop("education", "class-homework",
                    "{\"teacher\":\"teacher-wang\",\"classGroups\":[\"wrIT-class-3a\",\"wrIT-class-3b\"]}");
            String sop = asAdmin("GET", "/sops/" + homework, null).body();
            assertTrue(sop, sop.contains("\"type\":\"sendToGroups\"") && sop.contains("wrIT-class-3b"));
        } finally {
            alone("retail");
        }
    }

    /**
     * The retail edition alone: a points balance reported by the membership system lands on the
     * member's profile; a coupon issued starts the coupon reminder, which waits for the redemption;
     * the store leaderboard counts the store's customers.
     */
    @Test
    public void theRetailEditionAloneKeepsPointsRemindsOfCouponsAndRanksStores() throws Exception {
        awaitHealthy();
        alone("retail");
        assertEquals(200, asAdmin("PUT", "/org/units/it-brand", "{\"name\":\"测试品牌\",\"kind\":\"brand\"}").statusCode());
        assertEquals(200, asAdmin("PUT", "/org/units/it-store", "{\"parentId\":\"it-brand\",\"name\":\"静安店\",\"kind\":\"store\"}").statusCode());
        assertEquals(200, asAdmin("PUT", "/org/staff/guide-it", "{\"name\":\"导购小林\",\"orgUnitId\":\"it-store\","
                + "\"positions\":[\"shopping-guide\"],\"roleIds\":[\"shopping-guide\"]}").statusCode());
        long member = customer("{\"displayName\":\"会员小周\",\"attributes\":{\"ownerStaff\":\"guide-it\"}}");

        HttpResponse<String> points = asAdmin("POST", "/events", "[{\"id\":\"it-pts-1\",\"type\":\"points.changed\","
                + "\"occurredAt\":\"2026-11-20T02:00:00Z\",\"customerId\":" + member + ",\"properties\":{\"delta\":120,\"balance\":120}},"
                + "{\"id\":\"it-pts-2\",\"type\":\"points.changed\",\"occurredAt\":\"2026-11-21T02:00:00Z\",\"customerId\":"
                + member + ",\"properties\":{\"delta\":-20,\"balance\":100}}]");
        assertTrue(points.body(), points.statusCode() < 300);
        String profile = eventually(Duration.ofSeconds(30), () -> asAdmin("GET", "/customers/" + member, null).body(),
                b -> b.contains("\"memberPoints\":100"));
        assertTrue(profile, profile.contains("\"memberPoints\":100"));

        long reminder = activeSop("retail", "coupon-reminder", "{\"channel\":\"wecom/main\"}");
        HttpResponse<String> coupon = asAdmin("POST", "/events", "{\"id\":\"it-coupon-1\",\"type\":\"coupon.issued\","
                + "\"occurredAt\":\"2026-11-21T03:00:00Z\",\"customerId\":" + member + ",\"properties\":{\"couponId\":\"C-100\"}}");
        assertTrue(coupon.body(), coupon.statusCode() < 300);
        String waiting = eventually(Duration.ofSeconds(60), () -> asAdmin("GET", "/sops/" + reminder + "/instances", null).body(),
                b -> b.contains("\"customerId\":" + member) && b.contains("\"state\":\"waiting\""));
        assertTrue(waiting, waiting.contains("\"state\":\"waiting\""));
        Matcher instance = Pattern.compile("\"id\":(\\d+),\"sopId\"").matcher(waiting);
        assertTrue(waiting, instance.find());
        String paused = execute("siyu:sop-instances --instance " + instance.group(1) + " --do pause");
        assertTrue(paused, paused.contains("paused"));
        String resumed = execute("siyu:sop-instances --instance " + instance.group(1) + " --do resume");
        assertTrue(resumed, resumed.contains("waiting") && resumed.contains("redeemed"));
        String stopped = execute("siyu:sop-instances -i " + instance.group(1) + " -d stop");
        assertTrue(stopped, stopped.contains("stopped"));

        HttpResponse<String> board = asAdmin("GET", "/org/units/it-brand/leaderboard?days=7", null);
        assertEquals(board.body(), 200, board.statusCode());
        assertTrue(board.body(), board.body().contains("\"unitId\":\"it-store\"") && board.body().contains("\"customers\":1"));
        assertAllBundlesActive();
    }

    /**
     * The bank edition alone, its three operating models through REST as the staff themselves and the
     * switch through the console: who may define segments, create content and define SOPs is exactly
     * what each model gives their role, and nobody reads across branches.
     */
    @Test
    public void theBankOperatingModelsDecideWhatEachRoleMayDoThroughRest() throws Exception {
        awaitHealthy();
        try {
            alone("bank");
            String[][] units = {{"m-hq", null, "总行", "head-office"}, {"m-sh", "m-hq", "上海分行", "branch"},
                    {"m-sh-pd", "m-sh", "浦东支行", "sub-branch"}, {"m-bj", "m-hq", "北京分行", "branch"}};
            for (String[] u : units) {
                HttpResponse<String> put = asAdmin("PUT", "/org/units/" + u[0], "{" + (u[1] == null ? "" : "\"parentId\":\""
                        + u[1] + "\",") + "\"name\":\"" + u[2] + "\",\"kind\":\"" + u[3] + "\"}");
                assertEquals(put.body(), 200, put.statusCode());
            }
            String[][] staff = {{"m-hq-op", "m-hq", "hq-operator"}, {"m-sh-op", "m-sh", "branch-operator"},
                    {"m-sh-mgr", "m-sh", "branch-manager"}, {"m-am-li", "m-sh-pd", "account-manager"}};
            for (String[] s : staff) {
                HttpResponse<String> put = asAdmin("PUT", "/org/staff/" + s[0], "{\"name\":\"" + s[0] + "\",\"orgUnitId\":\""
                        + s[1] + "\",\"roleIds\":[\"" + s[2] + "\"]}");
                assertEquals(put.body(), 200, put.statusCode());
            }
            realmAccounts("siyu-operator", "m-hq-op", "m-sh-op", "m-sh-mgr", "m-am-li");
            long bjCustomer = customer("{\"displayName\":\"北京客户\",\"attributes\":{\"ownerStaff\":\"nobody-bj\"}}");

            // expected status per model (hq-direct, manager-led, branch-managed) and user, as docs/editions.md says
            Map<String, int[]> segment = Map.of("m-hq-op", new int[] {201, 201, 201}, "m-sh-op", new int[] {403, 201, 201},
                    "m-sh-mgr", new int[] {403, 201, 201}, "m-am-li", new int[] {403, 403, 403});
            Map<String, int[]> content = Map.of("m-hq-op", new int[] {201, 403, 403}, "m-sh-op", new int[] {403, 201, 201},
                    "m-sh-mgr", new int[] {403, 403, 403}, "m-am-li", new int[] {403, 201, 403});
            Map<String, int[]> sop = Map.of("m-hq-op", new int[] {201, 403, 403}, "m-sh-op", new int[] {403, 201, 201},
                    "m-sh-mgr", new int[] {403, 403, 403}, "m-am-li", new int[] {403, 403, 403});
            List<String> models = List.of("hq-direct", "manager-led", "branch-managed");
            List<String> wrong = new ArrayList<>();
            for (int m = 0; m < models.size(); m++) {
                String model = models.get(m);
                if (model.equals("manager-led")) {
                    assertTrue(execute("siyu:edition-model bank manager-led").contains("now runs as manager-led"));
                } else {
                    HttpResponse<String> switched = asAdmin("PUT", "/editions/bank/operating-model", "{\"model\":\"" + model + "\"}");
                    assertEquals(switched.body(), 200, switched.statusCode());
                }
                for (String user : segment.keySet()) {
                    String tag = user + "-" + model;
                    check(wrong, model, user, "segment", segment.get(user)[m], as(user, "POST", "/segments",
                            "{\"name\":\"" + tag + "\",\"condition\":{\"type\":\"attribute\",\"attribute\":\"region\","
                            + "\"operator\":\"EQ\",\"values\":[\"上海\"]}}"));
                    check(wrong, model, user, "content", content.get(user)[m], as(user, "POST", "/contents",
                            "{\"kind\":\"text\",\"title\":\"" + tag + "\",\"content\":{\"text\":\"网点周六正常营业 " + tag + "\"}}"));
                    check(wrong, model, user, "sop", sop.get(user)[m], as(user, "POST", "/sops", "{\"name\":\"" + tag + "\","
                            + "\"trigger\":{\"type\":\"event\",\"eventType\":\"form.submit\"},\"steps\":[{\"id\":\"t\","
                            + "\"type\":\"perform\",\"action\":{\"type\":\"createTask\",\"title\":\"回访\"}}]}"));
                    if (!user.equals("m-hq-op")) {
                        check(wrong, model, user, "read across branches", 404, as(user, "GET", "/customers/" + bjCustomer, null));
                    }
                }
            }
            assertEquals("model, user, action: expected but got", List.of(), wrong);
        } finally {
            // the model is a stored setting: leave the default for the other tests
            asAdmin("PUT", "/editions/bank/operating-model", "{\"model\":\"hq-direct\"}");
            alone("retail");
        }
    }

    private static void check(List<String> wrong, String model, String user, String action, int expected,
            HttpResponse<String> got) {
        if (got.statusCode() != expected) {
            wrong.add(model + ", " + user + ", " + action + ": " + expected + " but " + got.statusCode() + " " + got.body());
        }
    }
}

