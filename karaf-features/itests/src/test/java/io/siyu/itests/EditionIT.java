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
 * The bank edition installed into a running node: its declared content and roles appear over REST,
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
        eventually(Duration.ofSeconds(90), () -> request("GET", "/health", null, null, null), r -> r.statusCode() == 200);
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
}
