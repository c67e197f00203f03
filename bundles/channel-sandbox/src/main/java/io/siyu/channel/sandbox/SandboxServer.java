package io.siyu.channel.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.siyu.channel.sandbox.wecom.WeComSandboxConfig;
import io.siyu.channel.sandbox.wecom.WeComSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox on a plain JDK HTTP server bound to the loopback address, for tests of the adapters:
 * each simulator is mounted under {@code /<name>}, so an adapter's API base is {@link #base(String)}.
 * Requests are served on several threads because a simulator's callback may make the adapter call
 * back into the simulator before the request that caused it has been answered.
 */
public final class SandboxServer implements AutoCloseable {
    public static final String WECOM = "wecom";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Simulator> mounts;

    private SandboxServer(HttpServer server, ExecutorService executor, Map<String, Simulator> mounts) {
        this.server = server;
        this.executor = executor;
        this.mounts = mounts;
    }

    /** A WeCom simulator on the system clock at {@code /wecom}; port 0 picks a free port. */
    public static SandboxServer start(int port, WeComSandboxConfig config) {
        return start(port, Map.of(WECOM, new WeComSimulator(config, Clock.systemUTC())));
    }

    /** The given simulators, each at {@code /<name>}. */
    public static SandboxServer start(int port, Map<String, ? extends Simulator> simulators) {
        Map<String, Simulator> mounts = new LinkedHashMap<>(simulators);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "siyu-sandbox-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException(e);
        }
        SandboxServer sandbox = new SandboxServer(server, executor, mounts);
        mounts.forEach((name, simulator) -> server.createContext("/" + name,
                exchange -> sandbox.serve(name, simulator, exchange)));
        server.setExecutor(executor);
        server.start();
        return sandbox;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** e.g. {@code http://127.0.0.1:41234/wecom}: the {@code apiBase} of an adapter under test. */
    public String base(String mount) {
        return "http://127.0.0.1:" + port() + "/" + mount;
    }

    public Simulator simulator(String mount) {
        return mounts.get(mount);
    }

    /** The WeCom simulator mounted at {@code /wecom}. */
    public WeComSimulator wecom() {
        return (WeComSimulator) mounts.get(WECOM);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        mounts.values().forEach(s -> {
            if (s instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a simulator only flushes its state file; nothing to do about a failure here
                }
            }
        });
    }

    private void serve(String mount, Simulator simulator, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(SimulatorServlet.MAX_BODY_BYTES + 1);
            }
            if (body.length > SimulatorServlet.MAX_BODY_BYTES) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            String path = exchange.getRequestURI().getRawPath().substring(mount.length() + 1);
            SimResponse answer;
            try {
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> {
                    if (!v.isEmpty()) {
                        headers.putIfAbsent(k, v.get(0));
                    }
                });
                answer = simulator.handle(new SimRequest(exchange.getRequestMethod(), base(mount),
                        java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8),
                        SimRequest.parseQuery(exchange.getRequestURI().getRawQuery()), body, headers));
            } catch (RuntimeException e) {
                answer = SimResponse.text(500, "sandbox failure: " + e);
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            byte[] out = answer.body();
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }
}
