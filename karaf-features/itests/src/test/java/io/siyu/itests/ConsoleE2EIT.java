package io.siyu.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The operator console end to end: the distribution started as an operator starts it (retail edition,
 * demo data, embedded Derby, the WeCom demo account on the provider sandbox, as {@code ./siyu run}
 * sets it up), and Debian's Chromium, driven headless by Playwright ({@code bundles/console/e2e}),
 * logging in, reading the dashboard charts, finding a customer, counting a segment and planning and
 * accepting a mass send. The script checks every figure it reads against the REST API; its screenshots
 * are left in {@code target/console-e2e/}.
 */
public class ConsoleE2EIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("siyu.chromium", "/usr/bin/chromium"));
    private static final Path CONSOLE_MODULE = Path.of(System.getProperty("siyu.console.dir", "../../bundles/console"))
            .toAbsolutePath().normalize();

    @Test
    public void anOperatorLogsInReadsTheDashboardCountsASegmentAndPlansAMassSend() throws Exception {
        assertTrue("Debian's Chromium is needed at " + CHROMIUM + ": apt-get install -y chromium (.ci/run does it)",
                Files.isExecutable(CHROMIUM));
        assertTrue("playwright-core is installed by the siyu-console build (npm ci) in " + CONSOLE_MODULE,
                Files.isDirectory(CONSOLE_MODULE.resolve("node_modules/playwright-core")));
        Path out = Path.of("target", "console-e2e").toAbsolutePath();
        Files.createDirectories(out);

        try (KarafProcess node = new KarafProcess("console")) {
            node.withDemoData();
            node.bootAlso("siyu-channel-sandbox", "siyu-channel-wecom");
            node.etc("io.siyu.channel.sandbox.cfg", "callbackUrl = http://localhost:" + node.httpPort
                    + "/siyu/callback/wecom/demo\nstateFile = sandbox/wecom-state.json\n");
            node.etc("io.siyu.channel.wecom-demo.cfg", String.join("\n", "corpId = wwsandbox0000000001",
                    "secret = sandbox-corp-secret", "token = sandboxtoken",
                    "encodingAesKey = abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                    "apiBase = http://localhost:" + node.httpPort + "/siyu/sandbox/wecom", "resultPollSeconds = 10", ""));
            node.start();
            awaitBody(node, "/customers?limit=1", "\"total\":10,");
            awaitBody(node, "/channels/wecom/demo", "\"channel\":\"wecom/demo\"");

            ProcessBuilder pb = new ProcessBuilder("node", "e2e/console.e2e.mjs")
                    .directory(CONSOLE_MODULE.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.resolve("e2e.log").toFile());
            Map<String, String> env = pb.environment();
            env.put("SIYU_URL", "http://localhost:" + node.httpPort);
            env.put("SIYU_USER", "admin");
            env.put("SIYU_PASSWORD", KarafProcess.ADMIN_PASSWORD);
            env.put("SIYU_CHANNEL", "wecom/demo");
            env.put("CHROMIUM", CHROMIUM.toString());
            env.put("SCREENSHOTS", out.toString());
            Process e2e = pb.start();
            boolean finished = e2e.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                e2e.descendants().forEach(ProcessHandle::destroyForcibly);
                e2e.destroyForcibly();
            }
            String log = Files.readString(out.resolve("e2e.log"), StandardCharsets.UTF_8);
            assertTrue("the browser test did not finish within 5 minutes:\n" + log, finished);
            assertEquals("browser test failed (screenshots in " + out + "):\n" + log, 0, e2e.exitValue());
            assertTrue(log, log.contains(" passed, 0 failed"));
            assertTrue("screenshots were taken", Files.exists(out.resolve("03-dashboard.png"))
                    && Files.exists(out.resolve("07-mass-send-plan.png")));
        }
    }

    private static void awaitBody(KarafProcess node, String path, String expected) throws IOException, InterruptedException {
        String body = "";
        for (int i = 0; i < 120 && !body.contains(expected); i++) {
            body = node.get(path, true).body();
            if (!body.contains(expected)) {
                Thread.sleep(500);
            }
        }
        assertTrue(path + " never answered with " + expected + ": " + body, body.contains(expected));
    }
}
