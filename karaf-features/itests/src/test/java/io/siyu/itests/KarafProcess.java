package io.siyu.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A copy of the Siyu distribution run as its own process, the way an operator runs it
 * ({@code bin/karaf server}), so tests can stop and start it again.
 */
final class KarafProcess implements AutoCloseable {
    static final String ADMIN_PASSWORD = "it-Secret-2026";

    final Path home;
    final int httpPort = ExamOptions.freePort();
    final int sshPort = ExamOptions.freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    KarafProcess(String name) throws IOException {
        Path assembly = ExamOptions.DISTRIBUTION_DIR.toPath().resolve("assembly");
        home = Path.of("target", "process", name + "-" + System.nanoTime()).toAbsolutePath();
        copy(assembly, home);
        for (String script : new String[] {"karaf", "start", "stop", "client", "inc", "setenv", "status"}) {
            home.resolve("bin").resolve(script).toFile().setExecutable(true);
        }
        setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(httpPort));
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(ExamOptions.freePort()));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(ExamOptions.freePort()));
    }

    /** Boots PostgreSQL instead of Derby, with the given data source settings. */
    void usePostgres(String url, String user) throws IOException {
        Path features = home.resolve("etc/org.apache.karaf.features.cfg");
        String cfg = Files.readString(features);
        if (!cfg.contains("siyu-persistence-derby")) {
            throw new IllegalStateException("distribution no longer boots siyu-persistence-derby: " + features);
        }
        Files.writeString(features, cfg.replace("siyu-persistence-derby", "siyu-persistence-postgresql"));
        Files.deleteIfExists(home.resolve("etc/org.ops4j.datasource-siyu.cfg"));
        Files.writeString(home.resolve("etc/org.ops4j.datasource-siyu-postgresql.cfg"), String.join("\n",
                "osgi.jdbc.driver.name = PostgreSQL JDBC Driver", "url = " + url, "user = " + user, "password = ",
                "dataSourceName = siyu", "pool = dbcp2", "xa = false", ""));
    }

    private boolean demo;

    /** Starts with {@code -Dsiyu.demo=true}, as {@code ./siyu run --demo} does. */
    void withDemoData() {
        demo = true;
    }

    void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        Map<String, String> env = pb.environment();
        env.put("SIYU_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        if (demo) {
            env.put("EXTRA_JAVA_OPTS", "-Dsiyu.demo=true");
        }
        process = pb.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + process.exitValue() + "; see " + home.resolve("console.out"));
            }
            try {
                if (get("/health", false).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Siyu did not become UP within 120 s; see " + home.resolve("data/log/karaf.log"));
    }

    /**
     * Stops the way Ctrl-C does (SIGTERM runs Karaf's shutdown hook) and waits until the JVM is
     * gone, so a following start does not find the old node still holding the lock and the port.
     */
    void stop() throws Exception {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                all.forEach(ProcessHandle::destroyForcibly);
                throw new IllegalStateException("Karaf did not stop within 60 s");
            }
        }
        process = null;
    }

    /** Kills the node like a power cut: kill -9 of the JVM and its launcher, no shutdown hook. */
    void kill() throws Exception {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().get(60, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Adds features to the ones the node boots (next to its edition, after the core). */
    void bootAlso(String... features) throws IOException {
        Path cfg = home.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg);
        java.util.regex.Matcher edition = java.util.regex.Pattern.compile("siyu-edition-[a-z]+(/[^,\\s]*)?").matcher(text);
        if (!edition.find()) {
            throw new IllegalStateException("no siyu-edition-* boot feature in " + cfg);
        }
        Files.writeString(cfg, text.substring(0, edition.end()) + ", " + String.join(", ", features)
                + text.substring(edition.end()));
    }

    /** Writes a configuration file into the node's etc/. */
    void etc(String file, String content) throws IOException {
        Files.writeString(home.resolve("etc").resolve(file), content);
    }

    HttpResponse<String> get(String path, boolean auth) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET(), auth);
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), true);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, boolean auth) throws IOException, InterruptedException {
        if (auth) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    String base() {
        return "http://localhost:" + httpPort + "/siyu/api/v1";
    }

    /** Runs console commands through the distribution's own SSH client, in batch mode. */
    String console(String commands) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", Integer.toString(sshPort),
                "-u", "admin", "-p", ADMIN_PASSWORD, "-b").directory(home.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = pb.start();
        client.getOutputStream().write((commands + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("console client hung; output so far: " + out);
        }
        return out;
    }

    private void setProperty(String file, String key, String value) throws IOException {
        Path p = home.resolve(file);
        String text = Files.readString(p);
        String replaced = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "\\s*=.*$",
                java.util.regex.Matcher.quoteReplacement(key + " = " + value));
        Files.writeString(p, replaced.equals(text) ? text + "\n" + key + " = " + value + "\n" : replaced);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals("data") && dir.getParent().equals(from)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
