package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/** The Siyu distribution as shipped: REST and console end to end, and editions added and removed live. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends InContainer {
    private static final List<String> CORE_BUNDLES = List.of("io.siyu.core-api", "io.siyu.store-jpa", "io.siyu.core",
            "io.siyu.rest", "io.siyu.shell");

    @Configuration
    public Option[] config() {
        return ExamOptions.distribution().toArray(new Option[0]);
    }

    private static long idOf(String json) {
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(json);
        assertTrue("no id in " + json, m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    public void healthIsUpOnDerbyWithTheRetailEditionAndNeedsNoCredentials() throws Exception {
        HttpResponse<String> health = awaitHealthy();
        assertEquals(200, health.statusCode());
        String body = health.body();
        assertTrue(body, body.contains("\"status\":\"UP\""));
        assertTrue(body, body.contains("\"store\":\"derby\""));
        assertTrue(body, body.contains("\"edition\":\"retail\""));
        assertTrue(body, body.contains("\"version\":\"" + ExamOptions.VERSION + "\""));
        assertTrue(body, body.contains("\"channels\":[]"));
    }

    @Test
    public void wrongCredentialsAre401ProblemsWithoutStackTraces() throws Exception {
        awaitHealthy();
        HttpResponse<String> wrong = request("GET", "/customers", null, "admin", "not-the-password");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals("application/problem+json", wrong.headers().firstValue("Content-Type").orElse(""));
        assertTrue(wrong.body(), wrong.body().contains("\"status\":401"));
        assertFalse(wrong.body(), wrong.body().contains("Exception"));
        HttpResponse<String> none = request("GET", "/customers", null, null, null);
        assertEquals(401, none.statusCode());
    }

    @Test
    public void customerCreatedThroughRestIsSeenByTheConsoleAndCanBeUpdatedAndDeleted() throws Exception {
        awaitHealthy();
        HttpResponse<String> tag = asAdmin("POST", "/tags", "{\"group\":\"层级\",\"name\":\"IT-核心\"}");
        assertEquals(tag.body(), 201, tag.statusCode());
        long tagId = idOf(tag.body());

        HttpResponse<String> created = asAdmin("POST", "/customers", "{\"displayName\":\"集成测试客户\","
                + "\"identities\":[{\"type\":\"phone\",\"value\":\"139 1111 2222\"},"
                + "{\"type\":\"wecom\",\"namespace\":\"wwIT\",\"value\":\"wmIT001\"}],"
                + "\"tagIds\":[" + tagId + "],\"attributes\":{\"region\":\"杭州\",\"birthday\":\"1990-05-01\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        long id = idOf(created.body());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/customers/" + id));
        assertTrue(created.body(), created.body().contains("\"value\":\"+8613911112222\""));

        HttpResponse<String> read = asAdmin("GET", "/customers/" + id, null);
        assertEquals(200, read.statusCode());
        assertTrue(read.body(), read.body().contains("IT-核心"));
        assertTrue(read.body(), read.body().contains("\"birthday\":\"1990-05-01\""));

        HttpResponse<String> found = asAdmin("GET", "/customers?q=wmIT001", null);
        assertTrue(found.body(), found.body().contains("\"total\":1"));
        HttpResponse<String> byTag = asAdmin("GET", "/customers?tag=" + tagId, null);
        assertTrue(byTag.body(), byTag.body().contains("集成测试客户"));

        String list = execute("siyu:customer-list 集成");
        assertTrue(list, list.contains("集成测试客户"));
        assertTrue(list, list.contains("phone:+8613911112222"));
        String show = execute("siyu:customer-show " + id);
        assertTrue(show, show.contains("wecom:wwIT:wmIT001"));
        assertTrue(show, show.contains("region = 杭州"));

        HttpResponse<String> updated = asAdmin("PUT", "/customers/" + id, "{\"displayName\":\"集成测试客户(改)\","
                + "\"identities\":[{\"type\":\"phone\",\"value\":\"+8613911112222\"}],\"version\":1}");
        assertEquals(updated.body(), 200, updated.statusCode());
        HttpResponse<String> stale = asAdmin("PUT", "/customers/" + id, "{\"displayName\":\"又改\",\"version\":1}");
        assertEquals(stale.body(), 409, stale.statusCode());

        assertEquals(204, asAdmin("DELETE", "/customers/" + id, null).statusCode());
        HttpResponse<String> gone = asAdmin("GET", "/customers/" + id, null);
        assertEquals(404, gone.statusCode());
        assertEquals("application/problem+json", gone.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    public void contentIsCheckedReviewedBySomeoneElseAndEveryReviewIsInAVerifiableAuditLog() throws Exception {
        awaitHealthy();
        assertEquals(200, asAdmin("PUT", "/org/units/it-hq", "{\"name\":\"IT 总行\",\"kind\":\"head-office\"}")
                .statusCode());
        HttpResponse<String> words = asAdmin("PUT", "/compliance/sensitive-words", "{\"words\":[\"保本\"]}");
        assertEquals(words.body(), 200, words.statusCode());

        HttpResponse<String> created = asAdmin("POST", "/contents", "{\"kind\":\"sms-template\",\"title\":\"IT 短信\","
                + "\"ownerUnitId\":\"it-hq\",\"labels\":[\"notice\"],\"content\":{\"providerTemplates\":{\"sms-tencent\":"
                + "\"1001\"},\"text\":\"本产品保本，详询{1}\",\"parameterNames\":[\"1\"],\"signName\":\"思语\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        long id = idOf(created.body());
        assertTrue(created.body(), created.body().contains("\"mainlandSegments\":1"));
        HttpResponse<String> refused = asAdmin("POST", "/contents/" + id + "/submit", null);
        assertEquals(refused.body(), 400, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("content.text") && refused.body().contains("保本"));

        HttpResponse<String> fixed = asAdmin("PUT", "/contents/" + id, "{\"kind\":\"sms-template\",\"title\":\"IT 短信\","
                + "\"content\":{\"providerTemplates\":{\"sms-tencent\":\"1001\"},\"text\":\"新品上市，详询{1}\","
                + "\"parameterNames\":[\"1\"],\"signName\":\"思语\"}}");
        assertEquals(fixed.body(), 200, fixed.statusCode());
        assertEquals(200, asAdmin("POST", "/contents/" + id + "/submit", null).statusCode());
        HttpResponse<String> own = asAdmin("POST", "/contents/" + id + "/approve", "{}");
        assertEquals(own.body(), 403, own.statusCode());
        assertTrue(own.body(), own.body().contains("maker-checker"));

        String pending = execute("siyu:content-list --state pending-review");
        assertTrue(pending, pending.contains("IT 短信"));
        String approved = execute("siyu:content-approve -m 同意 " + id);
        assertTrue(approved, approved.contains("approved"));
        HttpResponse<String> read = asAdmin("GET", "/contents/" + id, null);
        assertTrue(read.body(), read.body().contains("\"state\":\"approved\"") && read.body().contains("\"usable\":true"));
        String show = execute("siyu:content-show " + id);
        assertTrue(show, show.contains("SMS in mainland China") && show.contains("同意"));

        HttpResponse<String> audit = asAdmin("GET", "/audit?action=content.approve", null);
        assertTrue(audit.body(), audit.body().contains("\"subjectId\":\"" + id + "/v1\""));
        HttpResponse<String> verify = asAdmin("GET", "/audit/verify", null);
        assertTrue(verify.body(), verify.body().contains("\"intact\":true"));
        String console = execute("siyu:audit-verify");
        assertTrue(console, console.contains("Audit log intact"));
        String log = execute("siyu:audit --action content.submit");
        assertTrue(log, log.contains("content:" + id + "/v1"));
    }

    @Test
    public void badInputIs400WithEveryBadFieldAndStoresNothing() throws Exception {
        awaitHealthy();
        String before = asAdmin("GET", "/customers?limit=1", null).body();
        HttpResponse<String> bad = asAdmin("POST", "/customers", "{\"displayName\":\"\","
                + "\"identities\":[{\"type\":\"phone\",\"value\":\"12345\"},{\"type\":\"email\",\"value\":\"not-mail\"}],"
                + "\"attributes\":{\"9bad\":1}}");
        assertEquals(bad.body(), 400, bad.statusCode());
        for (String field : List.of("displayName", "identities[0].value", "identities[1].value", "attributes.9bad")) {
            assertTrue(field + " in " + bad.body(), bad.body().contains("\"field\":\"" + field + "\""));
        }
        HttpResponse<String> malformed = asAdmin("POST", "/customers", "{\"displayName\": ");
        assertEquals(400, malformed.statusCode());
        HttpResponse<String> wrongType = asAdmin("POST", "/customers", "{\"displayName\":\"x\",\"tagIds\":\"abc\"}");
        assertEquals(400, wrongType.statusCode());
        assertTrue(wrongType.body(), wrongType.body().contains("\"field\":\"tagIds\""));
        assertFalse(wrongType.body(), wrongType.body().contains("java."));
        assertEquals(before, asAdmin("GET", "/customers?limit=1", null).body());
    }

    @Test
    public void eventsAreIngestedIdempotentlyAndShowOnTheTimeline() throws Exception {
        awaitHealthy();
        HttpResponse<String> single = asAdmin("POST", "/events", "{\"id\":\"it-ev-1\",\"type\":\"article.view\","
                + "\"occurredAt\":\"2026-11-20T10:15:00+08:00\",\"channel\":\"wechat-oa/main\","
                + "\"identity\":{\"type\":\"oa\",\"namespace\":\"wxIT\",\"value\":\"oIT-reader\"},"
                + "\"properties\":{\"articleId\":\"a1\",\"source\":\"share\"}}");
        assertEquals(single.body(), 200, single.statusCode());
        assertTrue(single.body(), single.body().contains("\"accepted\":1") && single.body().contains("\"createdCustomers\":1"));

        String reader = asAdmin("GET", "/customers?q=oIT-reader", null).body();
        long id = idOf(reader);
        String batch = "[{\"id\":\"it-ev-2\",\"type\":\"order\",\"occurredAt\":\"2026-11-21T09:00:00Z\","
                + "\"customerId\":" + id + ",\"properties\":{\"amount\":199.5,\"items\":[\"sku-1\"]}},"
                + "{\"id\":\"it-ev-1\",\"type\":\"article.view\",\"occurredAt\":\"2026-11-20T02:15:00Z\","
                + "\"customerId\":" + id + "}]";
        HttpResponse<String> first = asAdmin("POST", "/events", batch);
        assertTrue(first.body(), first.body().contains("\"accepted\":1") && first.body().contains("\"duplicates\":1"));
        HttpResponse<String> retried = asAdmin("POST", "/events", batch);
        assertTrue(retried.body(), retried.body().contains("\"accepted\":0") && retried.body().contains("\"duplicates\":2"));

        String timeline = asAdmin("GET", "/customers/" + id + "/events", null).body();
        assertTrue(timeline, timeline.contains("\"total\":2"));
        assertTrue(timeline, timeline.indexOf("it-ev-2") < timeline.indexOf("it-ev-1"));
        assertTrue(timeline, timeline.contains("\"amount\":199.5"));
        String view360 = asAdmin("GET", "/customers/" + id + "?timelineLimit=1", null).body();
        assertTrue(view360, view360.contains("\"timeline\":{\"items\":[{\"id\":\"it-ev-2\"") && view360.contains("\"total\":2"));
        String show = execute("siyu:customer-show " + id);
        assertTrue(show, show.contains("Timeline (2 events"));
        assertTrue(show, show.contains("order"));

        HttpResponse<String> bad = asAdmin("POST", "/events", "[{\"id\":\"it-ev-3\",\"type\":\"order\","
                + "\"occurredAt\":\"2026-11-21T09:00:00Z\",\"customerId\":" + id + "},"
                + "{\"id\":\"it-ev-4\",\"type\":\"Bad Type\",\"occurredAt\":\"yesterday\",\"customerId\":" + id + "},"
                + "{\"id\":\"it-ev-5\",\"type\":\"order\",\"occurredAt\":\"2026-11-21T09:00:00Z\",\"customerId\":987654321}]");
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("events[1].occurredAt"));
        HttpResponse<String> unknownCustomer = asAdmin("POST", "/events", "[{\"id\":\"it-ev-6\",\"type\":\"order\","
                + "\"occurredAt\":\"2026-11-21T09:00:00Z\",\"customerId\":" + id + "},"
                + "{\"id\":\"it-ev-7\",\"type\":\"order\",\"occurredAt\":\"2026-11-21T09:00:00Z\",\"customerId\":987654321}]");
        assertEquals(unknownCustomer.body(), 400, unknownCustomer.statusCode());
        assertTrue(unknownCustomer.body(), unknownCustomer.body().contains("events[1].customerId"));
        assertTrue(asAdmin("GET", "/customers/" + id + "/events", null).body().contains("\"total\":2"));
    }

    @Test
    public void segmentsCountListAndExportTheirMembersAndRefuseBadConditionsByPath() throws Exception {
        awaitHealthy();
        HttpResponse<String> tag = asAdmin("POST", "/tags", "{\"group\":\"it-seg\",\"name\":\"vip\"}");
        assertEquals(tag.body(), 201, tag.statusCode());
        long tagId = idOf(tag.body());
        long a = idOf(asAdmin("POST", "/customers", "{\"displayName\":\"seg-a\",\"tagIds\":[" + tagId + "]}").body());
        long b = idOf(asAdmin("POST", "/customers", "{\"displayName\":\"seg-b\",\"tagIds\":[" + tagId + "]}").body());
        asAdmin("POST", "/customers", "{\"displayName\":\"seg-c\"}");
        String yesterday = java.time.Instant.now().minus(java.time.Duration.ofDays(1)).toString();
        HttpResponse<String> order = asAdmin("POST", "/events", "{\"id\":\"it-seg-order\",\"type\":\"order\","
                + "\"occurredAt\":\"" + yesterday + "\",\"customerId\":" + a + ",\"properties\":{\"amount\":300}}");
        assertEquals(order.body(), 200, order.statusCode());

        String vip = "{\"type\":\"tags\",\"match\":\"ANY\",\"tagIds\":[" + tagId + "]}";
        HttpResponse<String> count = asAdmin("POST", "/segments/count", "{\"condition\":" + vip + "}");
        assertEquals(count.body(), 200, count.statusCode());
        assertTrue(count.body(), count.body().contains("\"count\":2"));

        HttpResponse<String> defined = asAdmin("POST", "/segments", "{\"name\":\"it-vip-buyers\",\"condition\":"
                + "{\"type\":\"and\",\"conditions\":[" + vip + ",{\"type\":\"eventCount\",\"eventType\":\"order\","
                + "\"minCount\":1,\"lastDays\":30},{\"type\":\"totalAmount\",\"operator\":\"GE\",\"amount\":299.99}]}}");
        assertEquals(defined.body(), 201, defined.statusCode());
        assertTrue(defined.body(), defined.body().contains("\"count\":1"));
        long segment = idOf(defined.body());
        String members = asAdmin("GET", "/segments/" + segment + "/members", null).body();
        assertTrue(members, members.contains("seg-a") && !members.contains("seg-b"));
        HttpResponse<String> csv = asAdmin("GET", "/segments/" + segment + "/export", null);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body(), csv.body().contains("id,displayName") && csv.body().contains(a + ",seg-a"));

        HttpResponse<String> bad = asAdmin("POST", "/segments/count", "{\"condition\":{\"type\":\"or\",\"conditions\":["
                + "{\"type\":\"tags\",\"match\":\"SOME\",\"tagIds\":[" + tagId + "]},"
                + "{\"type\":\"eventCount\",\"eventType\":\"order\",\"lastDays\":0}]}}");
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("condition.conditions[0].match")
                && bad.body().contains("condition.conditions[1].lastDays"));
        HttpResponse<String> loop = asAdmin("PUT", "/segments/" + segment, "{\"name\":\"it-vip-buyers\",\"condition\":"
                + "{\"type\":\"inSegment\",\"segmentId\":" + segment + "}}");
        assertEquals(loop.body(), 400, loop.statusCode());

        assertTrue(asAdmin("GET", "/customers/" + b, null).body().contains("\"layer\":\"ORDINARY\""));
        String list = execute("siyu:segment-list");
        assertTrue(list, list.contains("it-vip-buyers"));
        String counted = execute("siyu:segment-count '" + vip + "'");
        assertTrue(counted, counted.contains("2 customers"));
    }

    @Test
    public void consentIsRecordedPerChannelAndAnOlderStatementDoesNotOverrideANewerOne() throws Exception {
        awaitHealthy();
        long id = idOf(asAdmin("POST", "/customers", "{\"displayName\":\"同意测试\"}").body());
        HttpResponse<String> in = asAdmin("POST", "/customers/" + id + "/consents",
                "{\"channelType\":\"sms\",\"state\":\"opted-in\",\"changedAt\":\"2026-11-01T08:00:00Z\",\"source\":\"form\"}");
        assertEquals(in.body(), 200, in.statusCode());
        asAdmin("POST", "/customers/" + id + "/consents",
                "{\"channelType\":\"sms\",\"state\":\"opted-out\",\"changedAt\":\"2026-11-03T08:00:00Z\",\"source\":\"sms-reply:TD\"}");
        HttpResponse<String> late = asAdmin("POST", "/customers/" + id + "/consents",
                "{\"channelType\":\"sms\",\"state\":\"opted-in\",\"changedAt\":\"2026-11-02T08:00:00Z\"}");
        assertTrue(late.body(), late.body().contains("\"state\":\"opted-out\""));
        String list = asAdmin("GET", "/customers/" + id + "/consents", null).body();
        assertTrue(list, list.contains("\"source\":\"sms-reply:TD\""));
        assertTrue(execute("siyu:customer-show " + id).contains("sms OPTED_OUT"));
        String view360 = asAdmin("GET", "/customers/" + id, null).body();
        assertTrue(view360, view360.contains("\"consents\":[{\"channelType\":\"sms\",\"state\":\"opted-out\""));
        assertEquals(400, asAdmin("GET", "/customers/" + id + "?timelineLimit=-1", null).statusCode());

        HttpResponse<String> bad = asAdmin("POST", "/customers/" + id + "/consents", "{\"channelType\":\"SMS!\",\"state\":\"maybe\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("\"field\":\"state\""));
        assertEquals(404, asAdmin("GET", "/customers/987654321/consents", null).statusCode());
        assertEquals(404, asAdmin("POST", "/customers/987654321/consents", "{\"channelType\":\"sms\",\"state\":\"opted-out\"}").statusCode());
    }

    @Test
    public void profilesMergeThroughRestAndConsoleAndTheMergeCanBeUndone() throws Exception {
        awaitHealthy();
        long a = idOf(asAdmin("POST", "/customers", "{\"displayName\":\"合并甲\",\"identities\":[{\"type\":\"phone\",\"value\":\"13900009001\"}],"
                + "\"attributes\":{\"region\":\"上海\"}}").body());
        long b = idOf(asAdmin("POST", "/customers", "{\"displayName\":\"合并乙\",\"identities\":[{\"type\":\"email\",\"value\":\"merge-it@example.com\"}],"
                + "\"attributes\":{\"region\":\"北京\"}}").body());
        HttpResponse<String> taken = asAdmin("POST", "/customers", "{\"displayName\":\"丙\",\"identities\":[{\"type\":\"phone\",\"value\":\"+8613900009001\"}]}");
        assertEquals(taken.body(), 409, taken.statusCode());
        assertTrue(taken.body(), taken.body().contains("identity-taken") && taken.body().contains("/identities"));

        // asked from the newer profile's side, the older one still survives
        HttpResponse<String> merged = asAdmin("POST", "/customers/" + b + "/merge", "{\"customerId\":" + a + "}");
        assertEquals(merged.body(), 200, merged.statusCode());
        long mergeId = idOf(merged.body());
        assertTrue(merged.body(), merged.body().contains("\"survivorId\":" + a) && merged.body().contains("\"reason\":\"explicit\""));
        HttpResponse<String> loop = asAdmin("POST", "/customers/" + a + "/merge", "{\"customerId\":" + b + "}");
        assertEquals(loop.body(), 400, loop.statusCode());
        assertTrue(loop.body(), loop.body().contains("\"field\":\"customerId\"") && loop.body().contains("merge loop"));

        HttpResponse<String> alias = asAdmin("GET", "/customers/" + b, null);
        assertEquals(alias.body(), 200, alias.statusCode());
        assertTrue(alias.body(), alias.body().contains("\"id\":" + a) && alias.body().contains("\"mergedInto\":" + a)
                && alias.body().contains("\"requestedId\":" + b) && alias.body().contains("merge-it@example.com"));
        assertTrue(alias.headers().firstValue("Content-Location").orElse("").endsWith("/customers/" + a));
        assertTrue(asAdmin("GET", "/customers/" + b + "/merges", null).body().contains("\"mergedId\":" + b));
        String show = execute("siyu:customer-show " + a);
        assertTrue(show, show.contains("Merges:") && show.contains("#" + mergeId));

        HttpResponse<String> undone = asAdmin("POST", "/merges/" + mergeId + "/undo", null);
        assertEquals(undone.body(), 200, undone.statusCode());
        assertTrue(undone.body(), undone.body().contains("\"undoneBy\":\"admin\""));
        assertEquals(409, asAdmin("POST", "/merges/" + mergeId + "/undo", null).statusCode());
        assertTrue(asAdmin("GET", "/customers/" + b, null).body().contains("\"displayName\":\"合并乙\""));

        String console = execute("siyu:customer-merge " + a + " " + b);
        assertTrue(console, console.contains("merged into customer " + a));
        Matcher consoleMerge = Pattern.compile("Merge (\\d+)").matcher(console);
        assertTrue(console, consoleMerge.find());
        assertTrue(execute("siyu:merge-undo " + consoleMerge.group(1)).contains("is back"));

        HttpResponse<String> linked = asAdmin("POST", "/customers/" + a + "/identities", "{\"type\":\"unionid\",\"value\":\"oIT-union\"}");
        assertEquals(linked.body(), 200, linked.statusCode());
        assertTrue(linked.body(), linked.body().contains("oIT-union"));
        HttpResponse<String> read = asAdmin("POST", "/events", "{\"id\":\"it-merge-1\",\"type\":\"article.view\","
                + "\"occurredAt\":\"2026-11-20T10:15:00Z\",\"identity\":{\"type\":\"visitor\",\"value\":\"it-v-1\"}}");
        assertTrue(read.body(), read.body().contains("\"createdCustomers\":1"));
        HttpResponse<String> visitor = asAdmin("POST", "/events", "[{\"id\":\"it-merge-2\",\"type\":\"form.submit\",\"occurredAt\":\"2026-11-20T10:20:00Z\","
                + "\"identity\":{\"type\":\"unionid\",\"value\":\"oIT-union\"},\"identities\":[{\"type\":\"visitor\",\"value\":\"it-v-1\"}]}]");
        assertEquals(visitor.body(), 200, visitor.statusCode());
        String timeline = asAdmin("GET", "/customers/" + a + "/events", null).body();
        assertTrue(timeline, timeline.contains("it-merge-1") && timeline.contains("it-merge-2"));
        String history = asAdmin("GET", "/customers/" + a + "/merges", null).body();
        assertTrue(history, history.contains("\"reason\":\"visitor-identified\"") && history.contains("it-v-1"));

        HttpResponse<String> strategies = asAdmin("PUT", "/settings/merge-strategies", "{\"default\":\"oldest\",\"attributes\":{\"region\":\"most-recent\"}}");
        assertEquals(strategies.body(), 200, strategies.statusCode());
        assertTrue(asAdmin("GET", "/settings/merge-strategies", null).body().contains("\"region\":\"most-recent\""));
        HttpResponse<String> badStrategy = asAdmin("PUT", "/settings/merge-strategies", "{\"default\":\"loudest\"}");
        assertEquals(400, badStrategy.statusCode());
        assertTrue(badStrategy.body(), badStrategy.body().contains("\"field\":\"default\""));
    }

    @Test
    public void anUnknownAttributeIs400UntilDefinedThroughTheApiOrTheConsole() throws Exception {
        awaitHealthy();
        String body = "{\"displayName\":\"属性测试\",\"attributes\":{\"itHobby\":\"围棋\"}}";
        HttpResponse<String> unknown = asAdmin("POST", "/customers", body);
        assertEquals(unknown.body(), 400, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("\"field\":\"attributes.itHobby\""));
        assertTrue(unknown.body(), unknown.body().contains("define it first"));

        HttpResponse<String> defined = asAdmin("POST", "/attributes", "{\"name\":\"itHobby\",\"label\":\"爱好\",\"type\":\"text\"}");
        assertEquals(defined.body(), 201, defined.statusCode());
        assertTrue(defined.headers().firstValue("Location").orElse("").endsWith("/attributes/itHobby"));
        HttpResponse<String> created = asAdmin("POST", "/customers", body);
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.body(), created.body().contains("\"itHobby\":\"围棋\""));

        String schema = asAdmin("GET", "/attributes", null).body();
        assertTrue(schema, schema.contains("\"name\":\"gender\"") && schema.contains("\"name\":\"itHobby\""));
        assertEquals(400, asAdmin("DELETE", "/attributes/gender", null).statusCode());
        assertEquals(409, asAdmin("DELETE", "/attributes/itHobby", null).statusCode());
        assertEquals(204, asAdmin("DELETE", "/attributes/itHobby?purge=true", null).statusCode());
        assertEquals(404, asAdmin("GET", "/attributes/itHobby", null).statusCode());

        String console = execute("siyu:attribute-define --values gold,silver --label 等级 itTier enum");
        assertTrue(console, console.contains("itTier"));
        String tier = asAdmin("GET", "/attributes/itTier", null).body();
        assertTrue(tier, tier.contains("\"allowedValues\":[\"gold\",\"silver\"]"));
        HttpResponse<String> notAllowed = asAdmin("POST", "/customers", "{\"displayName\":\"x\",\"attributes\":{\"itTier\":\"bronze\"}}");
        assertEquals(notAllowed.body(), 400, notAllowed.statusCode());
        assertTrue(notAllowed.body(), notAllowed.body().contains("gold, silver"));
        String list = execute("siyu:attribute-list");
        assertTrue(list, list.contains("itTier") && list.contains("sourceChannel"));
    }

    private HttpResponse<String> postCsv(String path, String csv) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/csv; charset=UTF-8")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("admin:" + adminPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv, java.nio.charset.StandardCharsets.UTF_8)).build();
        return java.net.http.HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    public void csvImportDryRunReportsRowErrorsAndStoresNothingThenTheRealImportReachesOneHundredPercent() throws Exception {
        awaitHealthy();
        String csv = "\uFEFFdisplayName,identity:phone,identity:email,tags,attr:region\r\n"
                + "导入甲,13977770001,jia@example.com,层级/核心用户,上海\r\n"
                + "导入乙,12345,yi@example.com,,北京\r\n"
                + "导入丙,13977770003,not-mail,,\r\n"
                + "\"导入, 丁\",13977770004,,,杭州\r\n";

        HttpResponse<String> dry = postCsv("/imports/customers?dryRun=true&createTags=true", csv);
        assertEquals(dry.body(), 200, dry.statusCode());
        assertTrue(dry.body(), dry.body().contains("\"rowsRead\":4"));
        assertTrue(dry.body(), dry.body().contains("\"rowsFailed\":2"));
        assertTrue(dry.body(), dry.body().contains("\"row\":3,\"column\":\"identity:phone\""));
        assertTrue(dry.body(), dry.body().contains("\"row\":4,\"column\":\"identity:email\""));
        assertTrue(asAdmin("GET", "/customers?q=13977770001", null).body().contains("\"total\":0"));

        HttpResponse<String> unknownColumn = postCsv("/imports/customers", "displayName,colour\n甲,red\n");
        assertEquals(unknownColumn.body(), 400, unknownColumn.statusCode());
        assertTrue(unknownColumn.body(), unknownColumn.body().contains("row 1, column 2 (colour)"));
        HttpResponse<String> unbalanced = postCsv("/imports/customers", "displayName,identity:phone\n甲,\"139\n");
        assertEquals(unbalanced.body(), 400, unbalanced.statusCode());
        assertTrue(unbalanced.body(), unbalanced.body().contains("row 2, column 2"));

        HttpResponse<String> started = postCsv("/imports/customers?createTags=true", csv);
        assertEquals(started.body(), 202, started.statusCode());
        String location = started.headers().firstValue("Location").orElse("");
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]+)\"").matcher(started.body());
        assertTrue(started.body(), id.find());
        assertTrue(location, location.endsWith("/imports/" + id.group(1)));
        HttpResponse<String> done = eventually(Duration.ofSeconds(60), () -> asAdmin("GET", "/imports/" + id.group(1), null),
                r -> r.body().contains("\"state\":\"done\""));
        assertTrue(done.body(), done.body().contains("\"percent\":100"));
        assertTrue(done.body(), done.body().contains("\"created\":2"));
        assertTrue(done.body(), done.body().contains("\"rowsFailed\":2"));
        String jia = asAdmin("GET", "/customers?q=13977770001", null).body();
        assertTrue(jia, jia.contains("导入甲") && jia.contains("核心用户"));
        assertTrue(asAdmin("GET", "/customers?q=导入, 丁".replace(" ", "%20").replace(",", "%2C"), null).body().contains("\"total\":1"));
        assertTrue(asAdmin("GET", "/customers?q=yi@example.com", null).body().contains("\"total\":0"));

        String status = execute("siyu:import-status " + id.group(1));
        assertTrue(status, status.contains("2 created") && status.contains("identity:phone"));
    }

    @Test
    public void tagsComeInGroupsAutoTagsFollowTheirRuleAndBulkTaggingIsOnTheTimeline() throws Exception {
        awaitHealthy();
        HttpResponse<String> group = asAdmin("POST", "/tag-groups", "{\"name\":\"IT-购买\",\"order\":1}");
        assertEquals(group.body(), 201, group.statusCode());
        long groupId = idOf(group.body());
        HttpResponse<String> auto = asAdmin("POST", "/tags", "{\"groupId\":" + groupId + ",\"name\":\"IT-复购\","
                + "\"kind\":\"auto\",\"rule\":{\"eventType\":\"order\",\"minCount\":2}}");
        assertEquals(auto.body(), 201, auto.statusCode());
        long autoId = idOf(auto.body());
        HttpResponse<String> noRule = asAdmin("POST", "/tags", "{\"group\":\"IT-购买\",\"name\":\"IT-无\",\"kind\":\"auto\"}");
        assertEquals(noRule.body(), 400, noRule.statusCode());
        assertTrue(noRule.body(), noRule.body().contains("\"field\":\"rule\""));

        assertEquals(200, asAdmin("POST", "/events", "[{\"id\":\"it-tag-o1\",\"type\":\"order\","
                + "\"occurredAt\":\"2026-11-20T09:00:00Z\",\"identity\":{\"type\":\"phone\",\"value\":\"139 2222 3333\"}},"
                + "{\"id\":\"it-tag-o2\",\"type\":\"order\",\"occurredAt\":\"2026-11-21T09:00:00Z\","
                + "\"identity\":{\"type\":\"phone\",\"value\":\"13922223333\"}}]").statusCode());
        long id = idOf(asAdmin("GET", "/customers?q=13922223333", null).body());
        assertTrue(asAdmin("GET", "/customers/" + id + "?timelineLimit=0", null).body().contains("IT-复购"));
        String timeline = asAdmin("GET", "/customers/" + id + "/events", null).body();
        assertTrue(timeline, timeline.contains("\"type\":\"tag.added\"") && timeline.contains("\"by\":\"rule:" + autoId + "\""));
        HttpResponse<String> byHand = asAdmin("POST", "/tags/" + autoId + "/customers",
                "{\"customerIds\":[" + id + "],\"action\":\"remove\"}");
        assertEquals(byHand.body(), 400, byHand.statusCode());
        assertTrue(byHand.body(), byHand.body().contains("\"field\":\"tagId\""));

        long vip = idOf(asAdmin("POST", "/tags", "{\"group\":\"IT-层级\",\"name\":\"IT-VIP\"}").body());
        HttpResponse<String> unknown = asAdmin("POST", "/tags/" + vip + "/customers",
                "{\"customerIds\":[" + id + ",987654321],\"action\":\"add\"}");
        assertEquals(unknown.body(), 400, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("\"field\":\"customerIds\"") && unknown.body().contains("987654321"));
        assertFalse(asAdmin("GET", "/customers/" + id + "?timelineLimit=0", null).body().contains("IT-VIP"));
        HttpResponse<String> bulk = asAdmin("POST", "/tags/" + vip + "/customers", "{\"customerIds\":[" + id + "],\"action\":\"add\"}");
        assertEquals(bulk.body(), "{\"requested\":1,\"changed\":1}", bulk.body());
        assertTrue(asAdmin("GET", "/customers/" + id + "/events", null).body().contains("\"by\":\"admin\""));
        HttpResponse<String> bySegment = asAdmin("POST", "/tags/" + vip + "/customers", "{\"segmentId\":987654321,\"action\":\"add\"}");
        if (bundleContext.getServiceReference("io.siyu.api.segment.SegmentService") == null) {
            assertEquals(bySegment.body(), 503, bySegment.statusCode());
        } else {
            assertEquals(bySegment.body(), 400, bySegment.statusCode());
            assertTrue(bySegment.body(), bySegment.body().contains("\"field\":\"segmentId\""));
        }

        String groups = asAdmin("GET", "/tag-groups", null).body();
        assertTrue(groups, groups.contains("\"name\":\"IT-购买\"") && groups.contains("\"customers\":1"));
        String list = execute("siyu:tag-list");
        assertTrue(list, list.contains("IT-VIP") && list.contains("order ≥2"));
        assertTrue(execute("siyu:tag-remove " + id + " " + vip).contains("removed"));
        assertFalse(asAdmin("GET", "/customers/" + id + "?timelineLimit=0", null).body().contains("IT-VIP"));
        assertEquals(409, asAdmin("DELETE", "/tag-groups/" + groupId, null).statusCode());
        assertEquals(204, asAdmin("DELETE", "/tag-groups/" + groupId + "?force=true", null).statusCode());
        assertFalse(asAdmin("GET", "/customers/" + id + "?timelineLimit=0", null).body().contains("IT-复购"));
    }

    @Test
    public void infoCommandShowsVersionEditionStoreAndFeatures() throws Exception {
        awaitHealthy();
        String info = execute("siyu:info");
        assertTrue(info, info.contains("UP"));
        assertTrue(info, info.contains(ExamOptions.VERSION));
        assertTrue(info, info.contains("retail"));
        assertTrue(info, info.contains("derby"));
        assertTrue(info, info.contains("siyu-rest"));
        String channels = execute("siyu:channel-list");
        assertTrue(channels, channels.contains("No channel adapters are running"));
        String featureList = execute("feature:list -i");
        assertTrue(featureList, featureList.contains("siyu-core"));
    }

    @Test
    public void editionInstallsAndUninstallsLiveWithoutRestartingOrRefreshingTheCore() throws Exception {
        awaitHealthy();
        Map<String, Long> idsBefore = coreBundles();
        Map<String, Long> modifiedBefore = coreLastModified();
        List<String> coreEvents = new ArrayList<>();
        BundleListener listener = (BundleEvent e) -> {
            if (CORE_BUNDLES.contains(e.getBundle().getSymbolicName())) {
                coreEvents.add(e.getBundle().getSymbolicName() + " event " + e.getType());
            }
        };
        bundleContext.addBundleListener(listener);
        try {
            features.installFeature("siyu-edition-bank", EnumSet.noneOf(FeaturesService.Option.class));
            String withBank = eventually(Duration.ofSeconds(30), () -> request("GET", "/health", null, null, null).body(),
                    b -> b.contains("\"edition\":\"bank,retail\""));
            assertTrue(withBank, withBank.contains("\"edition\":\"bank,retail\""));
            assertTrue(execute("siyu:info").contains("bank,retail"));
            String bankSchema = asAdmin("GET", "/attributes/assetTier", null).body();
            assertTrue(bankSchema, bankSchema.contains("\"edition\":\"bank\""));

            features.uninstallFeature("siyu-edition-bank", EnumSet.noneOf(FeaturesService.Option.class));
            String without = eventually(Duration.ofSeconds(30), () -> request("GET", "/health", null, null, null).body(),
                    b -> b.contains("\"edition\":\"retail\""));
            assertTrue(without, without.contains("\"edition\":\"retail\""));
            assertEquals(404, asAdmin("GET", "/attributes/assetTier", null).statusCode());
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertEquals("core bundles were stopped, started or refreshed", List.of(), coreEvents);
        assertEquals(idsBefore, coreBundles());
        assertEquals(modifiedBefore, coreLastModified());
        assertAllBundlesActive();
    }

    @Test
    public void backupStreamsAZipOverRestAndTheConsoleAndARestoreIntoAUsedInstanceIsRefused() throws Exception {
        awaitHealthy();
        assertEquals(201, asAdmin("POST", "/tags", "{\"group\":\"IT-备份\",\"name\":\"backup-tag\"}").statusCode());
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(
                ("admin:" + adminPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<byte[]> backup = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/backup"))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, backup.statusCode());
        assertEquals("application/zip", backup.headers().firstValue("Content-Type").orElse(""));
        assertTrue(backup.headers().firstValue("Content-Disposition").orElse("").contains("siyu-backup-"));
        Map<String, String> entries = new TreeMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(backup.body()))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertTrue(entries.keySet().toString(), entries.get("manifest.json").contains("\"format\" : \"siyu-backup\""));
        assertTrue(entries.get("tables/tag.jsonl"), entries.get("tables/tag.jsonl").contains("backup-tag"));

        HttpResponse<String> used = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/restore"))
                .header("Authorization", auth).header("Content-Type", "application/zip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(backup.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(used.body(), 409, used.statusCode());
        assertTrue(used.body(), used.body().contains("empty instance"));
        HttpResponse<String> cut = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/restore"))
                .header("Authorization", auth).header("Content-Type", "application/zip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOf(backup.body(), backup.body().length / 2)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(cut.body(), 400, cut.statusCode());
        assertTrue(cut.body(), cut.body().contains("\"field\":\"archive\"") && cut.body().contains("truncated"));

        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("karaf.data"), "it-backup.zip");
        java.nio.file.Files.deleteIfExists(file);
        String out = execute("siyu:backup " + file);
        assertTrue(out, out.contains("Backed up") && out.contains("customer_event"));
        assertTrue(java.nio.file.Files.size(file) > 0);
    }

    private Map<String, Long> coreBundles() {
        Map<String, Long> ids = new TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (CORE_BUNDLES.contains(b.getSymbolicName())) {
                assertEquals(b.getSymbolicName() + " active", Bundle.ACTIVE, b.getState());
                ids.put(b.getSymbolicName(), b.getBundleId());
            }
        }
        assertEquals(CORE_BUNDLES.size(), ids.size());
        return ids;
    }

    private Map<String, Long> coreLastModified() {
        Map<String, Long> modified = new TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (CORE_BUNDLES.contains(b.getSymbolicName())) {
                modified.put(b.getSymbolicName(), b.getLastModified());
            }
        }
        return modified;
    }
}
