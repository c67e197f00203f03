package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * A customer created through REST is still there, in REST and in the console, after the node is
 * stopped and started again: on embedded Derby and on PostgreSQL.
 */
public class RestartIT {

    @Test
    public void customerSurvivesARestartOnDerby() throws Exception {
        try (KarafProcess node = new KarafProcess("derby")) {
            survivesRestart(node, "derby");
        }
    }

    @Test
    public void demoDataIsLoadedOnceAndKeptAcrossRestarts() throws Exception {
        try (KarafProcess node = new KarafProcess("demo")) {
            node.withDemoData();
            node.start();
            String first = eventuallyTotal(node, "\"total\":10,");
            assertTrue(first, first.contains("王芳"));
            assertTrue(first, first.contains("\"birthday\":\"1990-05-01\""));
            node.stop();
            node.start();
            // loaded once per database: a second start adds nothing
            Thread.sleep(2000);
            String again = node.get("/customers?limit=1", true).body();
            assertTrue(again, again.contains("\"total\":10,"));
        }
    }

    private static String eventuallyTotal(KarafProcess node, String expected) throws Exception {
        String body = "";
        for (int i = 0; i < 60 && !body.contains(expected); i++) {
            body = node.get("/customers?limit=1", true).body();
            Thread.sleep(500);
        }
        return body;
    }

    @Test
    public void customerSurvivesARestartOnPostgresql() throws Exception {
        String url = System.getProperty("siyu.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("siyu.test.pg.user", "postgres");
        String schema = "siyu_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try (KarafProcess node = new KarafProcess("postgresql")) {
            node.usePostgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user);
            survivesRestart(node, "postgresql");
        }
    }

    private static void survivesRestart(KarafProcess node, String store) throws Exception {
        node.start();
        String health = node.get("/health", false).body();
        assertTrue(health, health.contains("\"store\":\"" + store + "\""));

        HttpResponse<String> vip = node.post("/attributes", "{\"name\":\"vip\",\"type\":\"boolean\"}");
        assertEquals(vip.body(), 201, vip.statusCode());
        HttpResponse<String> created = node.post("/customers", "{\"displayName\":\"重启后仍在\","
                + "\"identities\":[{\"type\":\"email\",\"value\":\"Restart@Example.com\"}],\"attributes\":{\"vip\":true}}");
        assertEquals(created.body(), 201, created.statusCode());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        assertTrue(id.find());

        node.stop();
        node.start();

        HttpResponse<String> read = node.get("/customers/" + id.group(1), true);
        assertEquals(read.body(), 200, read.statusCode());
        assertTrue(read.body(), read.body().contains("重启后仍在"));
        assertTrue(read.body(), read.body().contains("restart@example.com"));
        assertTrue(read.body(), read.body().contains("\"vip\":true"));
        assertEquals(200, node.get("/attributes/vip", true).statusCode());
        String list = node.console("siyu:customer-list");
        assertTrue(list, list.contains("重启后仍在"));
        String info = node.console("siyu:info");
        assertTrue(info, info.contains(store));
    }
}
