package io.siyu.itests;

import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** What the container tests do inside Karaf: shell commands, REST calls, bundle checks. */
abstract class InContainer {
    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService features;

    @Inject
    protected SessionFactory sessionFactory;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Runs a console command as an administrator and returns what it printed. */
    protected String execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("admin"));
        // the roles of Karaf's admingroup, as the distribution's admin user has them
        for (String role : List.of("admin", "manager", "viewer", "systembundles")) {
            admin.getPrincipals().add(new RolePrincipal(role));
        }
        Session session = sessionFactory.create(System.in, out, out);
        try {
            Subject.doAs(admin, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    protected static String base() {
        return "http://localhost:" + System.getProperty("siyu.it.http.port") + "/siyu/api/v1";
    }

    protected static String adminPassword() throws Exception {
        return Files.readString(Path.of(System.getProperty("karaf.data"), "admin-password")).strip();
    }

    protected HttpResponse<String> request(String method, String path, String json, String user, String password)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    protected HttpResponse<String> asAdmin(String method, String path, String json) throws Exception {
        return request(method, path, json, "admin", adminPassword());
    }

    /**
     * Realm accounts with password {@code pw-<user>} and the realm role, appended to
     * users.properties, then waited for until each can log in. The distribution's realm encrypts
     * passwords by rewriting that file when it changes; a rewrite racing an append can drop the
     * append, so accounts that cannot log in after a while are appended again.
     */
    protected void realmAccounts(String realmRole, String... users) throws Exception {
        java.util.List<String> missing = new java.util.ArrayList<>(List.of(users));
        for (int attempt = 0; attempt < 4 && !missing.isEmpty(); attempt++) {
            StringBuilder accounts = new StringBuilder("\n");
            for (String user : missing) {
                accounts.append(user).append(" = pw-").append(user).append(',').append(realmRole).append('\n');
            }
            Files.writeString(Path.of(System.getProperty("karaf.etc"), "users.properties"), accounts,
                    java.nio.file.StandardOpenOption.APPEND);
            java.util.List<String> still = new java.util.ArrayList<>();
            for (String user : missing) {
                HttpResponse<String> me = eventually(Duration.ofSeconds(15),
                        () -> request("GET", "/org/me", null, user, "pw-" + user), r -> r.statusCode() == 200);
                if (me.statusCode() != 200) {
                    still.add(user);
                }
            }
            missing = still;
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("these realm accounts cannot log in: " + missing);
        }
    }

    /** Retries until the check passes or the time is up; returns the last result. */
    protected static <T> T eventually(Duration timeout, Callable<T> attempt, java.util.function.Predicate<T> done)
            throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception error = null;
        while (System.nanoTime() < end) {
            try {
                last = attempt.call();
                error = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                error = e;
            }
            Thread.sleep(250);
        }
        if (error != null) {
            throw error;
        }
        return last;
    }

    /**
     * Waits until the node reports UP (Karaf finished booting, store and services ready) and fails
     * with what it said and which bundles are not active if it does not within 90 s: a node that
     * never comes up is a failure, not something for the next assertion to trip over.
     */
    protected HttpResponse<String> awaitHealthy() throws Exception {
        HttpResponse<String> health = eventually(Duration.ofSeconds(90), () -> request("GET", "/health", null, null, null),
                r -> r.statusCode() == 200);
        if (health == null || health.statusCode() != 200) {
            fail("the node did not come up within 90 s: /health answered "
                    + (health == null ? "nothing" : health.statusCode() + " " + health.body())
                    + "; bundles not active: " + inactiveBundles() + "; karaf.log ends with:\n" + logTail(40));
        }
        return health;
    }

    /**
     * The last lines of the container's karaf.log (warnings and errors only, at the tests' log
     * level): why a bundle did not start is there and nowhere else once the container is gone.
     */
    protected static String logTail(int lines) {
        Path log = Path.of(System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log"), "karaf.log");
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (Exception e) {
            return "(" + log + " unreadable: " + e + ")";
        }
    }

    /** Bundles that are neither active nor fragments, with their state, for a readable failure. */
    protected List<String> inactiveBundles() {
        List<String> bad = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                bad.add(b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState());
            }
        }
        return bad;
    }

    protected void assertAllBundlesActive() throws Exception {
        List<String> bad = eventually(Duration.ofSeconds(60), this::inactiveBundles, List::isEmpty);
        if (!bad.isEmpty()) {
            fail("bundles not active: " + bad);
        }
    }
}
