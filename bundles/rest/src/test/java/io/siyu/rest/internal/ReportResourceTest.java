package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class ReportResourceTest {
    static final ReportResource.Table LOOP = new ReportResource.Table("loop", "私域闭环", List.of("entryPoint", "leads"),
            List.of(List.of("门店海报, 徐汇", 3L), List.of("=HYPERLINK(\"x\")", 1L)));
    static final ReportResource.Table DAYS = new ReportResource.Table("new-customers", "新增客户",
            List.of("date", "new_customers"), List.of(List.of("2026-11-22", 2L)));

    @Test
    void oneModuleIsACsvWithABomQuotedCellsAndNoFormulas() {
        String csv = new String(ReportResource.csv(List.of(LOOP)), StandardCharsets.UTF_8);
        assertEquals("\uFEFFentryPoint,leads\r\n\"门店海报, 徐汇\",3\r\n\"'=HYPERLINK(\"\"x\"\")\",1\r\n", csv);
        assertEquals("'-1", ReportResource.cell("-1"), "text that looks like a formula is not run");
    }

    @Test
    void severalModulesInOneCsvAreSectionsWithTheirTitles() {
        String csv = new String(ReportResource.csv(List.of(DAYS, LOOP)), StandardCharsets.UTF_8);
        assertEquals("\uFEFF# new-customers: 新增客户\r\ndate,new_customers\r\n2026-11-22,2\r\n\r\n# loop: 私域闭环\r\n"
                + "entryPoint,leads\r\n\"门店海报, 徐汇\",3\r\n\"'=HYPERLINK(\"\"x\"\")\",1\r\n", csv);
    }

    @Test
    void severalModulesInAZipAreOneCsvEach() throws IOException {
        List<String> names = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(ReportResource.zip(List.of(DAYS, LOOP))),
                StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
                bodies.add(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("new-customers.csv", "loop.csv"), names);
        assertEquals(new String(ReportResource.csv(List.of(LOOP)), StandardCharsets.UTF_8), bodies.get(1));
    }

    @Test
    void aDashboardBecomesOneLinePerFigure() {
        Dashboards.DashboardJson d = new Dashboards.DashboardJson("layers", "retail", "分层运营", "", "Asia/Shanghai",
                "2026-11-01", "2026-11-30", List.of(
                        new Dashboards.WidgetJson("core", "核心用户", "count", Map.of(), 12L, null, null, null, null, null,
                                null, null),
                        new Dashboards.WidgetJson("stores", "门店排行", "leaderboard", Map.of(), null, null,
                                List.of(new Dashboards.RowJson("xuhui", "徐汇店", null, Map.of("newCustomers", 3L))),
                                List.of("newCustomers"), null, null, null, null)),
                "2026-11-30T00:00:00Z");
        List<List<Object>> rows = new ArrayList<>();
        ReportResource.dashboardRows(d, rows);
        assertEquals(List.of(List.of("core", "核心用户", "count", "", "", "count", 12L),
                List.of("stores", "门店排行", "leaderboard", "xuhui", "徐汇店", "newCustomers", 3L)), rows);
    }
}
