package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The org model in the distribution: a bank-shaped org built through REST, realm users acting as
 * staff members, and what each may see and do through REST and the console — own customers for
 * an account manager, the branch's subtree for its head, nothing across branches, 403 with the
 * missing permission named, and no access once a staff member has left.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OrgIT extends InContainer {
    @Configuration
    public Option[] config() {
        return ExamOptions.distribution().toArray(new Option[0]);
    }

    private static long idOf(String json) {
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(json);
        assertTrue("no id in " + json, m.find());
        return Long.parseLong(m.group(1));
    }

    private HttpResponse<String> as(String user, String method, String path, String json) throws Exception {
        return request(method, path, json, user, "pw-" + user);
    }

    private void put(String path, String json) throws Exception {
        HttpResponse<String> r = asAdmin("PUT", path, json);
        assertEquals(r.body(), 200, r.statusCode());
    }

    private long customer(String name, String owner) throws Exception {
        HttpResponse<String> r = asAdmin("POST", "/customers", "{\"displayName\":\"" + name + "\","
                + "\"attributes\":{\"ownerStaff\":\"" + owner + "\"}}");
        assertEquals(r.body(), 201, r.statusCode());
        return idOf(r.body());
    }

    @Test
    public void staffSeeAndDoExactlyWhatTheirPositionAllowsThroughRestAndTheConsole() throws Exception {
        awaitHealthy();
        put("/org/units/hq", "{\"name\":\"总行\",\"kind\":\"head-office\"}");
        put("/org/units/sh", "{\"parentId\":\"hq\",\"name\":\"上海分行\",\"kind\":\"branch\"}");
        put("/org/units/sh-pd", "{\"parentId\":\"sh\",\"name\":\"浦东支行\",\"kind\":\"sub-branch\"}");
        put("/org/units/bj", "{\"parentId\":\"hq\",\"name\":\"北京分行\",\"kind\":\"branch\"}");
        HttpResponse<String> cycle = asAdmin("PUT", "/org/units/sh", "{\"parentId\":\"sh-pd\",\"name\":\"上海分行\",\"kind\":\"branch\"}");
        assertEquals(cycle.body(), 400, cycle.statusCode());
        assertTrue(cycle.body(), cycle.body().contains("\"field\":\"parentId\""));
        put("/org/staff/am-zhou", "{\"name\":\"周经理\",\"orgUnitId\":\"sh-pd\",\"positions\":[\"account-manager\"],"
                + "\"roleIds\":[\"staff\"],\"wecomUserId\":\"zhou.wx\"}");
        put("/org/staff/sh-head", "{\"name\":\"上海分行行长\",\"orgUnitId\":\"sh\",\"positions\":[\"manager\"],"
                + "\"roleIds\":[\"unit-manager\"]}");
        put("/org/staff/am-wang", "{\"name\":\"王经理\",\"orgUnitId\":\"bj\",\"roleIds\":[\"staff\"]}");
        realmAccounts("siyu-operator", "am-zhou", "sh-head", "am-wang"); // named like the staff records
        long zhous = customer("周的客户", "zhou.wx");
        long wangs = customer("王的客户", "am-wang");
        customer("总行客户", "nobody");

        HttpResponse<String> me = as("am-zhou", "GET", "/org/me", null);
        assertTrue(me.body(), me.body().contains("\"staffId\":\"am-zhou\"") && me.body().contains("\"scope\":\"OWN\""));
        HttpResponse<String> own = as("am-zhou", "GET", "/customers", null);
        assertTrue(own.body(), own.body().contains("\"total\":1") && own.body().contains("周的客户"));
        assertEquals(404, as("am-zhou", "GET", "/customers/" + wangs, null).statusCode());
        HttpResponse<String> segment = as("am-zhou", "POST", "/segments", "{\"name\":\"x\",\"condition\":"
                + "{\"type\":\"attribute\",\"attribute\":\"region\",\"operator\":\"EQ\",\"values\":[\"上海\"]}}");
        assertEquals(segment.body(), 403, segment.statusCode());
        assertTrue(segment.body(), segment.body().contains("segment.manage"));

        HttpResponse<String> byOwner = as("am-zhou", "POST", "/segments/breakdown", "{\"rows\":\"ownerStaff\"}");
        assertEquals(byOwner.body(), 200, byOwner.statusCode());
        assertTrue(byOwner.body(), byOwner.body().contains("\"total\":1") && byOwner.body().contains("zhou.wx"));
        HttpResponse<String> branch = as("sh-head", "GET", "/customers", null);
        assertTrue(branch.body(), branch.body().contains("\"total\":1") && branch.body().contains("周的客户"));
        HttpResponse<String> noOrgManage = as("sh-head", "PUT", "/org/staff/am-new",
                "{\"name\":\"新人\",\"orgUnitId\":\"sh-pd\",\"roleIds\":[\"staff\"]}");
        assertEquals(noOrgManage.body(), 403, noOrgManage.statusCode());

        assertEquals(404, as("am-wang", "GET", "/customers/" + zhous, null).statusCode());
        assertEquals(404, as("am-wang", "PUT", "/customers/" + zhous, "{\"displayName\":\"改\"}").statusCode());
        HttpResponse<String> crossHandover = as("sh-head", "POST", "/org/handovers",
                "{\"fromStaffId\":\"am-wang\",\"toStaffId\":\"am-zhou\",\"customerIds\":[" + wangs + "]}");
        assertEquals(crossHandover.body(), 403, crossHandover.statusCode());

        HttpResponse<String> board = asAdmin("GET", "/org/units/hq/leaderboard?days=7", null);
        assertEquals(board.body(), 200, board.statusCode());
        Matcher sh = Pattern.compile("\\{[^}]*\"unitId\":\"sh\"[^}]*}").matcher(board.body());
        assertTrue(board.body(), sh.find());
        assertTrue(sh.group(), sh.group().contains("\"customers\":1") && sh.group().contains("\"newCustomers\":1"));
        assertEquals(403, as("sh-head", "GET", "/org/units/hq/leaderboard", null).statusCode());
        String ranked = execute("siyu:org-leaderboard --days 7 hq");
        assertTrue(ranked, ranked.contains("上海分行 (sh)") && ranked.contains("北京分行 (bj)"));
        String tree = execute("siyu:org-units");
        assertTrue(tree, tree.contains("浦东支行") && tree.contains("4 units"));
        String staff = execute("siyu:staff-list --subtree sh");
        assertTrue(staff, staff.contains("am-zhou") && staff.contains("sh-head") && !staff.contains("am-wang"));

        put("/org/staff/am-wang", "{\"name\":\"王经理\",\"orgUnitId\":\"bj\",\"roleIds\":[\"staff\"],\"active\":false}");
        HttpResponse<String> left = as("am-wang", "GET", "/customers", null);
        assertEquals(left.body(), 403, left.statusCode());
        assertFalse(left.body(), left.body().contains("王的客户"));
    }
}
