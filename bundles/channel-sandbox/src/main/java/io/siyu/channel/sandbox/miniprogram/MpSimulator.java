package io.siyu.channel.sandbox.miniprogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.sandbox.ProviderSimulator;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.miniprogram.MpState.Delivery;
import io.siyu.channel.sandbox.miniprogram.MpState.Token;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A WeChat mini program's server side as documented (channels.md §4, subscribeMessage.send):
 * access tokens ({@code GET /cgi-bin/token}, replaced by the next fetch after a 5-minute overlap)
 * and {@code POST /cgi-bin/message/subscribe/send}, which takes one one-time grant of the user for
 * the template per message and answers the documented errors: 40003 unknown openid, 40037 unknown
 * template, 43101 no grant left (the user refused or the grant was used), 47003 template data empty
 * or breaking a rule ({@code thing.*} over 20 characters), 41030 a page the mini program does not
 * have, 45009 over the per-minute limit.
 *
 * <p>{@code /control/...} stands in for the user: {@code grant} ({@code {"openid","templateIds":[…]}},
 * one grant per accepted template, as wx.requestSubscribeMessage gives them), {@code fail},
 * {@code advance}, {@code reset}; {@code GET control/state} shows grants left and deliveries.
 */
public final class MpSimulator extends ProviderSimulator<MpState> {
    public static final Duration TOKEN_OVERLAP = Duration.ofMinutes(5);
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{20,512}");
    private static final char[] TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();
    private static final Set<String> STATES = Set.of("developer", "trial", "formal");
    private static final Set<String> LANGS = Set.of("zh_CN", "en_US", "zh_HK", "zh_TW");

    private final MpSandboxConfig config;

    public MpSimulator(MpSandboxConfig config, Clock clock) {
        super("mini program", " rid: sandbox", clock, config.stateFile(), config.callsPerMinute(), MpState.class,
                MpState::new);
        this.config = config;
    }

    public MpSandboxConfig config() {
        return config;
    }

    @Override
    protected synchronized SimResponse api(SimRequest request, String api) {
        boolean get = api.equals("token");
        if (!get && !api.equals("message/subscribe/send")) {
            return SimResponse.json(404, "{\"errcode\":404,\"errmsg\":\"no such api in the mini-program sandbox\"}");
        }
        Instant now = now();
        if (!admit(now)) {
            return error(45009, "reach max api minute quota limit");
        }
        if (!request.method().equals(get ? "GET" : "POST")) {
            return get ? error(43001, "require GET method") : error(43002, "require POST method");
        }
        SimResponse injected = injectedFault(api);
        if (injected != null) {
            return injected;
        }
        if (get) {
            return token(request, now);
        }
        SimResponse tokenProblem = checkToken(request.param("access_token"), now);
        if (tokenProblem != null) {
            return tokenProblem;
        }
        JsonNode body = apiBody(request);
        return body == null ? error(47001, "data format error") : send(body, now);
    }

    private SimResponse token(SimRequest request, Instant now) {
        if (!"client_credential".equals(request.param("grant_type"))) {
            return error(40002, "invalid grant_type");
        }
        if (!config.appId().equals(request.param("appid"))) {
            return error(40013, "invalid appid");
        }
        String secret = request.param("secret");
        if (secret == null || secret.length() != config.appSecret().length()) {
            return error(40125, "invalid appsecret");
        }
        if (!secret.equals(config.appSecret())) {
            return error(40001, "AppSecret error or AppSecret does not belong to this mini program");
        }
        long nowMs = now.toEpochMilli();
        state.tokens.values().removeIf(t -> t.expiresAt < nowMs - Duration.ofDays(1).toMillis());
        for (Token old : state.tokens.values()) {
            if (old.revokedAt == 0) {
                old.revokedAt = nowMs + TOKEN_OVERLAP.toMillis();
            }
        }
        Token t = new Token();
        t.expiresAt = nowMs + config.tokenTtlSeconds() * 1000;
        String value = randomText(TOKEN_CHARS, 128);
        state.tokens.put(value, t);
        dirty = true;
        ObjectNode ok = mapper.createObjectNode();
        ok.put("access_token", value);
        ok.put("expires_in", config.tokenTtlSeconds());
        return json(ok);
    }

    private SimResponse checkToken(String value, Instant now) {
        if (value == null || value.isEmpty()) {
            return error(41001, "access_token missing");
        }
        if (!TOKEN_SHAPE.matcher(value).matches()) {
            return error(40014, "invalid access_token");
        }
        Token t = state.tokens.get(value);
        long nowMs = now.toEpochMilli();
        if (t == null || t.revokedAt != 0 && t.revokedAt <= nowMs) {
            return error(40001, "invalid credential, access_token is invalid or not latest");
        }
        if (t.expiresAt <= nowMs) {
            return error(42001, "access_token expired");
        }
        return null;
    }

    private SimResponse send(JsonNode body, Instant now) {
        String openid = body.path("touser").asText("");
        if (openid.isEmpty() || !state.grants.containsKey(openid)) {
            return error(40003, "invalid openid");
        }
        String templateId = body.path("template_id").asText("");
        if (templateId.isEmpty() || !config.templateIds().isEmpty() && !config.templateIds().contains(templateId)) {
            return error(40037, "invalid template_id");
        }
        String page = body.path("page").asText("");
        String pagePath = page.contains("?") ? page.substring(0, page.indexOf('?')) : page;
        if (!page.isEmpty() && !config.pages().isEmpty() && !config.pages().contains(pagePath)) {
            return error(41030, "invalid page hint: [" + pagePath + "]");
        }
        String state = body.path("miniprogram_state").asText("formal");
        String lang = body.path("lang").asText("zh_CN");
        if (!STATES.contains(state) || !LANGS.contains(lang)) {
            return error(47003, "argument invalid! miniprogram_state or lang");
        }
        JsonNode data = body.path("data");
        if (!data.isObject() || data.size() == 0) {
            return error(47003, "argument invalid! data is empty");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String v = f.getValue().path("value").asText("");
            if (v.isEmpty()) {
                return error(47003, "argument invalid! data." + f.getKey() + ".value is empty");
            }
            if (f.getKey().startsWith("thing") && v.codePointCount(0, v.length()) > 20) {
                return error(47003, "argument invalid! data." + f.getKey() + ".value exceeds limit");
            }
            values.put(f.getKey(), v);
        }
        Map<String, Integer> grants = this.state.grants.get(openid);
        int left = grants.getOrDefault(templateId, 0);
        if (left <= 0) {
            return error(43101, "user refuse to accept the msg");
        }
        grants.put(templateId, left - 1);
        Delivery d = new Delivery();
        d.msgid = Long.toString(3_000_000_000L + ++this.state.sequence);
        d.openid = openid;
        d.templateId = templateId;
        d.page = page.isEmpty() ? null : page;
        d.state = state;
        d.lang = lang;
        d.data = values;
        d.at = now.toEpochMilli();
        this.state.deliveries.add(d);
        dirty = true;
        ObjectNode ok = ok();
        ok.put("msgid", Long.parseLong(d.msgid));
        return json(ok);
    }

    /** A user accepts templates in wx.requestSubscribeMessage: one more one-time grant each. */
    public synchronized void grant(String openid, Iterable<String> templateIds) {
        Map<String, Integer> grants = state.grants.computeIfAbsent(openid, k -> new LinkedHashMap<>());
        for (String t : templateIds) {
            grants.merge(t, 1, Integer::sum);
        }
        dirty = true;
    }

    /** Grants the user has left for the template. */
    public synchronized int grantsLeft(String openid, String templateId) {
        return state.grants.getOrDefault(openid, Map.of()).getOrDefault(templateId, 0);
    }

    /** How many messages reached the user. */
    public synchronized long delivered(String openid) {
        return state.deliveries.stream().filter(d -> d.openid.equals(openid)).count();
    }

    @Override
    protected SimResponse control(SimRequest request, String action) {
        if (request.method().equals("GET")) {
            return action.equals("state") ? stateView() : problem(404, "no such control endpoint: GET " + action);
        }
        if (!request.method().equals("POST")) {
            return problem(405, "control endpoints take GET or POST");
        }
        JsonNode body;
        try {
            body = request.body().length == 0 ? mapper.createObjectNode() : mapper.readTree(request.body());
        } catch (IOException e) {
            return problem(400, "body is not JSON");
        }
        if (body == null || !body.isObject()) {
            return problem(400, "body must be a JSON object");
        }
        switch (action) {
            case "grant": {
                String openid = body.path("openid").asText("");
                if (openid.isEmpty() || !body.path("templateIds").isArray()) {
                    return problem(400, "openid and templateIds required");
                }
                java.util.List<String> ids = new java.util.ArrayList<>();
                body.get("templateIds").forEach(n -> ids.add(n.asText()));
                grant(openid, ids);
                return SimResponse.json(200, "{}");
            }
            case "fail":
                if (!body.hasNonNull("api") || !body.path("errcode").canConvertToInt()) {
                    return problem(400, "api and errcode required");
                }
                failNext(body.get("api").asText(), body.get("errcode").asInt(), Math.max(1, body.path("times").asInt(1)));
                return SimResponse.json(200, "{}");
            case "advance":
                return advanceControl(body);
            case "reset":
                synchronized (this) {
                    state = new MpState();
                    resetShared();
                    dirty = true;
                }
                return SimResponse.json(200, "{}");
            default:
                return problem(404, "no such control endpoint: POST " + action);
        }
    }

    private synchronized SimResponse stateView() {
        ObjectNode view = mapper.createObjectNode();
        view.put("now", now().toString());
        view.put("appid", config.appId());
        view.set("grants", mapper.valueToTree(state.grants));
        view.put("delivered", state.deliveries.size());
        view.set("deliveries", mapper.valueToTree(state.deliveries));
        return SimResponse.json(200, view.toString());
    }
}
