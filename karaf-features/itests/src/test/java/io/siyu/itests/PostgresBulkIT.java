package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The PostgreSQL bulk paths inside Karaf: the store bundle reaches PgJDBC's COPY API through the
 * pooled data source (the driver's packages are imported dynamically), for an event batch and a
 * CSV import, and the rows land in the database.
 */
public class PostgresBulkIT {

    @Test
    public void eventBatchesAndImportsUseCopyThroughThePooledDataSource() throws Exception {
        String url = System.getProperty("siyu.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("siyu.test.pg.user", "postgres");
        String schema = "siyu_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try (KarafProcess node = new KarafProcess("pg-bulk")) {
            node.usePostgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user);
            node.start();

            HttpResponse<String> batch = node.post("/events", "[{\"id\":\"it-bulk-1\",\"type\":\"store.visit\","
                    + "\"occurredAt\":\"2026-11-20T10:15:00Z\",\"identity\":{\"type\":\"phone\",\"value\":\"13911110001\"},"
                    + "\"properties\":{\"note\":\"tab\\there\\nnext line \\\\ 中文\"}},"
                    + "{\"id\":\"it-bulk-2\",\"type\":\"order\",\"occurredAt\":\"2026-11-20T10:16:00Z\","
                    + "\"identity\":{\"type\":\"phone\",\"value\":\"13911110002\"},\"properties\":{\"amount\":88.5}},"
                    + "{\"id\":\"it-bulk-1\",\"type\":\"store.visit\",\"occurredAt\":\"2026-11-20T10:15:00Z\","
                    + "\"identity\":{\"type\":\"phone\",\"value\":\"13911110001\"}}]");
            assertEquals(batch.body(), 200, batch.statusCode());
            assertTrue(batch.body(), batch.body().contains("\"accepted\":2") && batch.body().contains("\"duplicates\":1")
                    && batch.body().contains("\"createdCustomers\":2"));

            HttpResponse<String> started = postCsv(node, "/imports/customers",
                    "displayName,identity:phone,identity:email,attr:region\n"
                    + "导入一,13922220001,one@example.com,上海\n导入二,13922220002,two@example.com,北京\n"
                    + "导入三,13911110001,three@example.com,杭州\n");
            assertEquals(started.body(), 202, started.statusCode());
            Matcher job = Pattern.compile("\"id\":\"([0-9a-f-]+)\"").matcher(started.body());
            assertTrue(started.body(), job.find());
            String done = "";
            for (int i = 0; i < 120 && !done.contains("\"state\":\"done\""); i++) {
                Thread.sleep(500);
                done = node.get("/imports/" + job.group(1), true).body();
            }
            assertTrue(done, done.contains("\"state\":\"done\"") && done.contains("\"created\":2") && done.contains("\"rowsFailed\":1"));

            String log = Files.readString(node.home.resolve("data/log/karaf.log"));
            assertTrue("COPY in use", log.contains("bulk writes (event batches, customer import) use PostgreSQL COPY"));
            assertFalse(log, log.contains("COPY API is not visible"));
        }
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            assertEquals(2, count(st, "SELECT COUNT(*) FROM " + schema + ".customer_event"));
            assertEquals(1, count(st, "SELECT COUNT(*) FROM " + schema + ".customer_event WHERE event_id = 'it-bulk-1'"
                    + " AND properties = '{\"note\":\"tab\\there\\nnext line \\\\ 中文\"}'"));
            assertEquals(1, count(st, "SELECT COUNT(*) FROM " + schema + ".customer_event WHERE amount = 88.5"));
            assertEquals(4, count(st, "SELECT COUNT(*) FROM " + schema + ".customer"));
            assertEquals(2, count(st, "SELECT COUNT(*) FROM " + schema + ".customer_attribute WHERE name = 'region'"));
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static HttpResponse<String> postCsv(KarafProcess node, String path, String csv) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.base() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/csv; charset=UTF-8")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + KarafProcess.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
