package io.siyu.channel.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the WeCom and Official Account simulators share: the movable clock, the per-minute
 * frequency window, injected faults, the callback log and transport, the state file, and answers
 * in the platforms' {@code errcode}/{@code errmsg} shape. Each provider's protocol stays in its own
 * package.
 *
 * <p>Paths below the mount point: {@code /cgi-bin/...} goes to {@link #api}, {@code /control/...}
 * to {@link #control}. One lock (the simulator) guards the state; callbacks are POSTed after it is
 * released, because the receiver may call the API back before it answers.
 *
 * @param <S> the provider-side state, a Jackson bean written to the state file
 */
public abstract class ProviderSimulator<S> implements Simulator, AutoCloseable {
    private static final int CALLBACK_LOG = 200;

    protected final ObjectMapper mapper = new ObjectMapper();
    protected final SecureRandom random = new SecureRandom();
    private final String name;
    private final String errmsgSuffix;
    private final Clock baseClock;
    private final Path stateFile;
    private final int callsPerMinute;
    private volatile CallbackTransport transport = CallbackTransport.http();

    // guarded by this
    protected S state;
    /** Set by every change of {@link #state}; the state file is written after the request. */
    protected boolean dirty;
    private Duration offset = Duration.ZERO;
    private Instant windowStart;
    private int windowCalls;
    private final Map<String, Deque<Integer>> faults = new HashMap<>();
    private final Deque<SentCallback> callbacks = new ArrayDeque<>();

    /**
     * @param name the provider, in the 404 answers
     * @param errmsgSuffix what the platform appends to its errmsg (a hint or request id)
     * @param stateFile null keeps the state in memory
     */
    protected ProviderSimulator(String name, String errmsgSuffix, Clock clock, Path stateFile, int callsPerMinute,
            Class<S> stateType, Supplier<S> emptyState) {
        this.name = name;
        this.errmsgSuffix = errmsgSuffix;
        this.baseClock = Objects.requireNonNull(clock, "clock");
        this.stateFile = stateFile;
        this.callsPerMinute = callsPerMinute;
        this.state = load(stateType, emptyState);
    }

    /** The platform's API below {@code cgi-bin/} (or where {@link #apiName} says). */
    protected abstract SimResponse api(SimRequest request, String api);

    /**
     * Which API a path (below the mount point, without leading or trailing slashes; never below
     * {@code control/}) names, or null for none: what follows {@code cgi-bin/} for the WeChat-style
     * platforms. Providers whose API lives elsewhere (the SMS APIs at the root) override it.
     */
    protected String apiName(String path) {
        return path.startsWith("cgi-bin/") ? path.substring("cgi-bin/".length()) : null;
    }

    /** The sandbox's own controls below {@code control/}; plain HTTP statuses. */
    protected abstract SimResponse control(SimRequest request, String action);

    @Override
    public final SimResponse handle(SimRequest request) {
        String path = trim(request.path());
        try {
            if (path.startsWith("control/")) {
                return withErrcode(control(request, path.substring("control/".length())));
            }
            String api = apiName(path);
            if (api != null) {
                return api(request, api);
            }
            return SimResponse.json(404, "{\"errcode\":404,\"errmsg\":\"no such path in the " + name + " sandbox\"}");
        } finally {
            flush();
        }
    }

    @Override
    public void close() {
        flush();
    }

    /** Where callbacks go; tests may deliver them to an adapter directly. */
    public void callbackTransport(CallbackTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The simulator's time: the clock it was given, moved on by {@link #advance}. */
    public synchronized Instant now() {
        return baseClock.instant().plus(offset);
    }

    /** Moves the simulator's time forward, e.g. to let tokens expire. */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        offset = offset.plus(by);
    }

    /** The next {@code times} calls of {@code api} (a path below {@code cgi-bin/}) answer {@code errcode}. */
    public synchronized void failNext(String api, int errcode, int times) {
        Deque<Integer> queue = faults.computeIfAbsent(api, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(errcode);
        }
    }

    /** The error injected for this call of {@code api}, or null. Call holding the lock. */
    protected SimResponse injectedFault(String api) {
        Deque<Integer> injected = faults.get(api);
        return injected == null || injected.isEmpty() ? null : error(injected.poll(), "injected by the sandbox");
    }

    /** The frequency limit: every call counts, and once over the limit every call fails until the minute is over. */
    protected boolean admit(Instant now) {
        if (windowStart == null || !now.isBefore(windowStart.plusSeconds(60))) {
            windowStart = now;
            windowCalls = 0;
        }
        windowCalls++;
        return windowCalls <= callsPerMinute;
    }

    /** Forgets the injected faults, the frequency window and the callback log ({@code control/reset}). */
    protected synchronized void resetShared() {
        faults.clear();
        callbacks.clear();
        windowStart = null;
        windowCalls = 0;
    }

    /** A POST's body as a JSON object, or null when it is not one (the platforms answer 47001). */
    protected JsonNode apiBody(SimRequest request) {
        try {
            JsonNode body = mapper.readTree(request.body());
            return body != null && body.isObject() ? body : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code POST control/advance {"seconds"}}: moves the clock forward and answers the new time. */
    protected SimResponse advanceControl(JsonNode body) {
        long seconds = body.path("seconds").asLong(0);
        if (seconds < 0) {
            return problem(400, "time only moves forward");
        }
        advance(Duration.ofSeconds(seconds));
        ObjectNode answer = mapper.createObjectNode();
        answer.put("now", now().toString());
        return SimResponse.json(200, answer.toString());
    }

    // ------------------------------------------------------------------ callbacks

    /** POSTs a sealed callback and logs it. */
    protected SentCallback post(String url, String kind, Map<String, String> query, byte[] body, String plainXml) {
        CallbackTransport.Reply reply = transport.post(url, query, body);
        SentCallback sent = new SentCallback(now(), kind, url, Map.copyOf(query), body, plainXml, reply);
        record(sent);
        return sent;
    }

    /** POSTs a JSON callback (the SMS providers' pushes) and logs it. */
    protected SentCallback postJson(String url, String kind, byte[] body) {
        CallbackTransport.Reply reply = transport.post(url, Map.of(), body, SimResponse.JSON);
        SentCallback sent = new SentCallback(now(), kind, url, Map.of(), body, null, reply);
        record(sent);
        return sent;
    }

    /** Sends a past JSON callback again byte for byte, as a provider retries a push, and logs it. */
    protected SentCallback resendJson(SentCallback past) {
        CallbackTransport.Reply reply = transport.post(past.url(), past.query(), past.body(), SimResponse.JSON);
        SentCallback sent = new SentCallback(now(), past.kind(), past.url(), past.query(), past.body(), null, reply);
        record(sent);
        return sent;
    }

    /** Sends a past callback again byte for byte (same timestamp, nonce and signature) and logs it. */
    protected SentCallback resend(SentCallback past) {
        CallbackTransport.Reply reply = transport.post(past.url(), past.query(), past.body());
        SentCallback sent = new SentCallback(now(), past.kind(), past.url(), past.query(), past.body(),
                past.plainXml(), reply);
        record(sent);
        return sent;
    }

    /** The callback {@code back} callbacks ago (0 = the last), or null when there is none. */
    protected synchronized SentCallback pastCallback(int back) {
        if (back < 0 || back >= callbacks.size()) {
            return null;
        }
        Iterator<SentCallback> it = callbacks.descendingIterator();
        SentCallback past = it.next();
        for (int i = 0; i < back; i++) {
            past = it.next();
        }
        return past;
    }

    /** The callback log, oldest first. */
    protected synchronized List<SentCallback> sentCallbacks() {
        return List.copyOf(callbacks);
    }

    private synchronized void record(SentCallback sent) {
        callbacks.addLast(sent);
        while (callbacks.size() > CALLBACK_LOG) {
            callbacks.removeFirst();
        }
    }

    /** What the receiver answered a callback: url, status, body. */
    protected ObjectNode replyJson(SentCallback sent) {
        ObjectNode cb = mapper.createObjectNode();
        cb.put("url", sent.url());
        cb.put("status", sent.reply().status());
        cb.put("body", sent.reply().body() == null ? "" : sent.reply().body());
        return cb;
    }

    // ------------------------------------------------------------------ state file

    private S load(Class<S> type, Supplier<S> empty) {
        if (stateFile == null || !Files.exists(stateFile)) {
            return empty.get();
        }
        try {
            return mapper.readValue(stateFile.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox state " + stateFile, e);
        }
    }

    /** Writes the state file after every change, atomically, so a killed node loses nothing it answered. */
    protected synchronized void flush() {
        Path file = stateFile;
        if (!dirty || file == null) {
            dirty = false;
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            mapper.writeValue(tmp.toFile(), state);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox state " + file, e);
        }
    }

    // ------------------------------------------------------------------ answers

    /** Control answers carry errcode/errmsg too (0 on success, the HTTP status otherwise), like the API's. */
    private SimResponse withErrcode(SimResponse r) {
        try {
            JsonNode node = mapper.readTree(r.body());
            if (!(node instanceof ObjectNode o) || o.has("errcode")) {
                return r;
            }
            ObjectNode out = mapper.createObjectNode();
            boolean ok = r.status() / 100 == 2;
            out.put("errcode", ok ? 0 : r.status());
            out.put("errmsg", ok ? "ok" : o.path("error").asText("error"));
            out.setAll(o);
            return SimResponse.json(r.status(), out.toString());
        } catch (IOException e) {
            return r;
        }
    }

    // public: the providers' helpers in their packages (e.g. WeCom's CustomerRelations) answer with them too

    /** {@code {"errcode":0,"errmsg":"ok"}}, to add to. */
    public ObjectNode ok() {
        ObjectNode ok = mapper.createObjectNode();
        ok.put("errcode", 0);
        ok.put("errmsg", "ok");
        return ok;
    }

    public SimResponse json(ObjectNode node) {
        return SimResponse.json(200, node.toString());
    }

    /** The platforms answer their errors with HTTP 200 and an errcode. */
    public SimResponse error(int errcode, String errmsg) {
        ObjectNode e = mapper.createObjectNode();
        e.put("errcode", errcode);
        e.put("errmsg", errmsg + errmsgSuffix);
        return SimResponse.json(200, e.toString());
    }

    /** A control answer with an HTTP status other than 200. */
    public SimResponse problem(int status, String message) {
        ObjectNode e = mapper.createObjectNode();
        e.put("error", message);
        return SimResponse.json(status, e.toString());
    }

    protected String randomText(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    private static String trim(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
