package io.siyu.channel.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.sandbox.SmsSandboxState.Sms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the Tencent Cloud and Aliyun SMS simulators share: the API at the mount point's root, a
 * per-second request limit, failures injected for the next calls or for one number, the SMS
 * accepted (one entry per number), status reports pushed after a delay or on request, replies
 * pushed as a customer would send them, and the controls:
 * <ul>
 * <li>{@code GET control/state[?phone=+86…]}: the accepted SMS;</li>
 * <li>{@code POST control/fail {"code","times"}} (the next calls) or {@code {"phone","code","times"}}
 * (that number in the next calls);</li>
 * <li>{@code POST control/report {"phone"?, "id"?, "success"?, "code"?}}: pushes the status reports of
 * the matching SMS not reported yet;</li>
 * <li>{@code POST control/reply {"phone","text"}}: pushes a customer's reply;</li>
 * <li>{@code POST control/redeliver {"index"?}}: pushes a past callback again, byte for byte;</li>
 * <li>{@code GET control/callbacks}, {@code POST control/advance {"seconds"}}, {@code POST control/reset}.</li>
 * </ul>
 * Thread-safe: one lock around the state; pushes are made after it is released.
 */
public abstract class SmsSimulator extends ProviderSimulator<SmsSandboxState> {
    private final int callsPerSecond;
    private final String callbackUrl;
    private final long reportDelayMillis;
    private final ScheduledExecutorService scheduler;

    // guarded by this
    private long windowSecond = Long.MIN_VALUE;
    private int windowCalls;
    private final Deque<String> callFaults = new ArrayDeque<>();
    private final Map<String, Deque<String>> numberFaults = new HashMap<>();
    private int calls;

    /**
     * @param reportDelayMillis how long after a send its status reports are pushed; negative: only on
     *        {@code control/report}
     */
    protected SmsSimulator(String name, Clock clock, Path stateFile, int callsPerSecond, String callbackUrl,
            long reportDelayMillis) {
        super(name, "", clock, stateFile, Integer.MAX_VALUE, SmsSandboxState.class, SmsSandboxState::new);
        this.callsPerSecond = callsPerSecond;
        this.callbackUrl = callbackUrl;
        this.reportDelayMillis = reportDelayMillis;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siyu-sandbox-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
    }

    /** The report push of {@code sms}, as the provider formats it (one element of its JSON array). */
    protected abstract ObjectNode reportJson(Sms sms, boolean success, String code, Instant at);

    /** The push of a customer's reply, as the provider formats it. */
    protected abstract JsonNode replyJson(String phone, String text, String signName, long sequence, Instant at);

    @Override
    protected String apiName(String path) {
        return path.isEmpty() ? "" : null;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        super.close();
    }

    /** The next call fails as a whole with the provider's {@code code}. */
    public synchronized void failNextCall(String code) {
        callFaults.add(code);
    }

    /** {@code phone} (E.164) fails with {@code code} in the next call that names it. */
    public synchronized void failNumber(String phone, String code) {
        numberFaults.computeIfAbsent(phone, k -> new ArrayDeque<>()).add(code);
    }

    /** Counts the call against the per-second limit; false when over it. Call holding the lock. */
    protected boolean admitThisSecond(Instant now) {
        calls++;
        long second = now.getEpochSecond();
        if (second != windowSecond) {
            windowSecond = second;
            windowCalls = 0;
        }
        return ++windowCalls <= callsPerSecond;
    }

    /** The whole-call failure injected for this call, or null. Call holding the lock. */
    protected String callFault() {
        return callFaults.poll();
    }

    /** The failure injected for this number in this call, or null. Call holding the lock. */
    protected String numberFault(String phone) {
        Deque<String> q = numberFaults.get(phone);
        return q == null ? null : q.poll();
    }

    /** Records an accepted SMS. Call holding the lock. */
    protected Sms accept(String id, String phone, String signName, String template, List<String> params,
            String clientRef, Instant at) {
        Sms sms = new Sms();
        sms.id = id;
        sms.phone = phone;
        sms.signName = signName;
        sms.template = template;
        sms.params = new ArrayList<>(params);
        sms.clientRef = clientRef;
        sms.at = at.toString();
        state.sent.add(sms);
        dirty = true;
        return sms;
    }

    /** Schedules the status reports of a call's SMS, if reports are automatic. Call after releasing the lock. */
    protected void reportLater(List<Sms> accepted) {
        if (reportDelayMillis < 0 || accepted.isEmpty()) {
            return;
        }
        scheduler.schedule(() -> report(accepted.stream().map(s -> s.id + "\n" + s.phone).toList(), true, null),
                reportDelayMillis, TimeUnit.MILLISECONDS);
    }

    /** Pushes the reports of the SMS named by "id\nphone" not reported yet. */
    private SentCallback report(List<String> keys, boolean success, String code) {
        ArrayNode pushed = mapper.createArrayNode();
        synchronized (this) {
            Instant now = now();
            for (Sms s : state.sent) {
                if (!s.reported && keys.contains(s.id + "\n" + s.phone)) {
                    pushed.add(reportJson(s, success, code, now));
                    s.reported = true;
                    dirty = true;
                }
            }
        }
        flush();
        return pushed.isEmpty() ? null : postJson(callbackUrl, "report", bytes(pushed));
    }

    // ------------------------------------------------------------------ controls

    @Override
    protected SimResponse control(SimRequest request, String action) {
        JsonNode body = mapper.createObjectNode();
        if (request.method().equals("POST") && request.body().length > 0) {
            try {
                body = mapper.readTree(request.body());
            } catch (IOException e) {
                return problem(400, "body is not JSON");
            }
            if (body == null || !body.isObject()) {
                return problem(400, "body must be a JSON object");
            }
        }
        switch (request.method() + " " + action) {
            case "GET state":
                return stateView(request.param("phone"));
            case "GET callbacks":
                return callbackLog();
            case "POST fail":
                return fail(body);
            case "POST report":
                return reportControl(body);
            case "POST reply":
                return replyControl(body);
            case "POST redeliver":
                return redeliver(body);
            case "POST advance":
                return advanceControl(body);
            case "POST reset":
                return reset();
            default:
                return problem(404, "no control " + request.method() + " " + action);
        }
    }

    private SimResponse stateView(String phone) {
        synchronized (this) {
            ObjectNode view = mapper.createObjectNode();
            view.put("now", now().toString());
            view.put("calls", calls);
            ArrayNode sent = view.putArray("sent");
            for (Sms s : state.sent) {
                if (phone == null || phone.equals(s.phone)) {
                    sent.add(mapper.valueToTree(s));
                }
            }
            view.put("count", sent.size());
            return SimResponse.json(200, view.toString());
        }
    }

    private SimResponse callbackLog() {
        ArrayNode list = mapper.createArrayNode();
        for (SentCallback c : sentCallbacks()) {
            ObjectNode o = list.addObject();
            o.put("at", c.at().toString());
            o.put("kind", c.kind());
            o.put("url", c.url());
            o.put("status", c.reply().status());
            o.put("body", new String(c.body(), StandardCharsets.UTF_8));
        }
        return SimResponse.json(200, list.toString());
    }

    private SimResponse fail(JsonNode body) {
        String code = body.path("code").asText("");
        int times = body.path("times").asInt(1);
        if (code.isEmpty() || times < 1) {
            return problem(400, "give the provider's code and times >= 1");
        }
        String phone = body.path("phone").asText("");
        synchronized (this) {
            Deque<String> q = phone.isEmpty() ? callFaults : numberFaults.computeIfAbsent(phone, k -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                q.add(code);
            }
        }
        return SimResponse.json(200, "{}");
    }

    private SimResponse reportControl(JsonNode body) {
        String phone = body.path("phone").asText("");
        String id = body.path("id").asText("");
        List<String> keys = new ArrayList<>();
        synchronized (this) {
            for (Sms s : state.sent) {
                if (!s.reported && (phone.isEmpty() || phone.equals(s.phone)) && (id.isEmpty() || id.equals(s.id))) {
                    keys.add(s.id + "\n" + s.phone);
                }
            }
        }
        if (keys.isEmpty()) {
            return problem(404, "no SMS waiting for its report matches");
        }
        SentCallback sent = report(keys, body.path("success").asBoolean(true), body.path("code").asText(null));
        return delivered(sent, keys.size());
    }

    private SimResponse replyControl(JsonNode body) {
        String phone = body.path("phone").asText("");
        String text = body.path("text").asText(null);
        if (!phone.matches("\\+[1-9][0-9]{6,14}") || text == null) {
            return problem(400, "give the customer's phone in E.164 and the text of the reply");
        }
        JsonNode push;
        synchronized (this) {
            String sign = state.sent.stream().filter(s -> s.phone.equals(phone)).reduce((a, b) -> b)
                    .map(s -> s.signName).orElse("");
            push = replyJson(phone, text, sign, ++state.sequence, now());
            dirty = true;
        }
        flush();
        return delivered(postJson(callbackUrl, "reply", bytes(push)), 1);
    }

    private SimResponse redeliver(JsonNode body) {
        SentCallback past = pastCallback(body.path("index").asInt(0));
        if (past == null) {
            return problem(404, "no such past callback");
        }
        return delivered(resendJson(past), 1);
    }

    private SimResponse delivered(SentCallback sent, int items) {
        ObjectNode answer = mapper.createObjectNode();
        answer.put("items", items);
        answer.put("status", sent == null ? 0 : sent.reply().status());
        answer.put("reply", sent == null ? "" : sent.reply().body());
        return SimResponse.json(200, answer.toString());
    }

    private SimResponse reset() {
        synchronized (this) {
            state = new SmsSandboxState();
            dirty = true;
            callFaults.clear();
            numberFaults.clear();
            calls = 0;
            windowSecond = Long.MIN_VALUE;
        }
        resetShared();
        return SimResponse.json(200, "{}");
    }

    protected byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    protected String randomHex(int length) {
        return randomText("0123456789abcdef".toCharArray(), length);
    }
}
