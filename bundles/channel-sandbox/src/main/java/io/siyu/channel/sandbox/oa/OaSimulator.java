package io.siyu.channel.sandbox.oa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.kit.SafeXml;
import io.siyu.channel.kit.WxCrypto;
import io.siyu.channel.sandbox.ProviderSimulator;
import io.siyu.channel.sandbox.SentCallback;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.oa.OaSandboxConfig.AccountType;
import io.siyu.channel.sandbox.oa.OaState.Delivery;
import io.siyu.channel.sandbox.oa.OaState.Follower;
import io.siyu.channel.sandbox.oa.OaState.MassSend;
import io.siyu.channel.sandbox.oa.OaState.PendingJob;
import io.siyu.channel.sandbox.oa.OaState.QrCode;
import io.siyu.channel.sandbox.oa.OaState.Tag;
import io.siyu.channel.sandbox.oa.OaState.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The WeChat Official Account (公众号) server as its documentation describes it (see
 * {@code channels.md} §3), for one account: access tokens that expire and are replaced by the next
 * fetch, the per-minute frequency limit, template messages to followers with their
 * TEMPLATESENDJOBFINISH event, mass messages by tag with the account type's quota and their
 * MASSSENDJOBFINISH event, user tags with the platform's limits, user info, parameter QR codes, and
 * callbacks signed (plain mode) or signed and encrypted (safe mode) like the platform's.
 *
 * <p>Paths below the mount point:
 * <ul>
 * <li>{@code /cgi-bin/...}: the platform's API, {@code errcode}/{@code errmsg} in every error and
 * HTTP 200 even for errors, as the platform does.</li>
 * <li>{@code /control/...}: sandbox only, standing in for what WeChat users do (follow, scan a
 * parameter QR code, unfollow, write to the account, refuse its messages) and for inspection
 * ({@code GET control/state}). Plain HTTP statuses; no access token.</li>
 * </ul>
 *
 * <p>Thread-safe: one lock around the state; callbacks are POSTed after it is released, because the
 * receiver may call the API (user/info) before it answers.
 */
public final class OaSimulator extends ProviderSimulator<OaState> {
    public static final ZoneId QUOTA_ZONE = ZoneId.of("Asia/Shanghai");
    public static final int MAX_TAGS = 100;
    public static final int MAX_TAG_NAME_BYTES = 30;
    public static final int MAX_BATCH_OPENIDS = 50;
    public static final int MAX_TAGS_PER_FOLLOWER = 20;
    public static final int MAX_USER_GET = 10_000;
    public static final int MAX_SCENE_STR = 64;
    public static final long MAX_TEMP_QR_SECONDS = 2_592_000;
    public static final long DEFAULT_TEMP_QR_SECONDS = 30;
    /** After a new token is fetched the old one keeps working this long, as documented. */
    public static final Duration TOKEN_OVERLAP = Duration.ofMinutes(5);
    /** How long a template message's {@code client_msg_id} keeps a repeated send from going out again. */
    public static final Duration CLIENT_MSG_ID_WINDOW = Duration.ofMinutes(10);
    /** A mass send's {@code clientmsgid} is remembered this long; a repeat answers 45065 with the first msg_id. */
    public static final Duration CLIENT_MSG_ID_MASS_WINDOW = Duration.ofHours(24);
    public static final int MAX_CLIENT_MSG_ID_BYTES = 64;
    /** The {@code FromUserName} of MASSSENDJOBFINISH events (the platform's samples show an openid there). */
    public static final String MASS_JOB_SENDER = "oSiyuSandboxMassJobSender000";
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{20,512}");
    private static final char[] TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();
    /** Reserved by the platform: 0, 1 (黑名单) and 2 (星标组) cannot be changed or deleted. */
    private static final long MAX_SYSTEM_TAG = 2;

    private final OaSandboxConfig config;
    private final WxCrypto crypto; // null in plain mode
    private final ScheduledExecutorService scheduler;

    // guarded by this
    /** Admitted calls per API since start (or reset), for tests that count provider calls. */
    private final Map<String, Integer> calls = new LinkedHashMap<>();
    private final Deque<String> jobFaults = new ArrayDeque<>();

    public OaSimulator(OaSandboxConfig config, Clock clock) {
        super("Official Account", " rid: sandbox", clock, config.stateFile(), config.callsPerMinute(), OaState.class,
                OaState::new);
        this.config = config;
        this.crypto = config.safeMode() ? new WxCrypto(config.token(), config.encodingAesKey(), config.appId()) : null;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siyu-sandbox-oa-jobs");
            t.setDaemon(true);
            return t;
        });
        for (PendingJob job : state.pendingJobs) {
            schedule(job);
        }
    }

    public OaSandboxConfig config() {
        return config;
    }

    /**
     * The next template or mass job finishes with {@code status} (e.g. {@code failed: system failed},
     * {@code sendfail}, {@code err(30003)}) instead of success.
     */
    public synchronized void failNextJob(String status) {
        jobFaults.add(Objects.requireNonNull(status, "status"));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        super.close();
    }

    // ------------------------------------------------------------------ the platform API

    private static final Set<String> GET_APIS = Set.of("token", "tags/get", "user/info", "user/get", "showqrcode");
    private static final Set<String> POST_APIS = Set.of("message/template/send", "message/mass/sendall",
            "tags/create", "tags/update", "tags/delete", "tags/members/batchtagging", "tags/members/batchuntagging",
            "qrcode/create", "datacube/getusersummary", "datacube/getusercumulate", "datacube/getuserread");

    /** The datacube (statistics) API lives at {@code /datacube/...}, next to {@code /cgi-bin/}. */
    @Override
    protected String apiName(String path) {
        return path.startsWith("datacube/") ? path : super.apiName(path);
    }

    @Override
    protected SimResponse api(SimRequest request, String api) {
        List<PendingJob> jobs = new ArrayList<>();
        SimResponse answer;
        synchronized (this) {
            answer = apiLocked(request, api, jobs);
        }
        jobs.forEach(this::schedule);
        return answer;
    }

    private SimResponse apiLocked(SimRequest request, String api, List<PendingJob> jobs) {
        if (!GET_APIS.contains(api) && !POST_APIS.contains(api)) {
            return SimResponse.json(404, "{\"errcode\":404,\"errmsg\":\"no such api in the Official Account sandbox: "
                    + api.replace("\"", "") + "\"}");
        }
        if (api.equals("showqrcode")) {
            // served by mp.weixin.qq.com, without token or frequency limit
            return showQrCode(request);
        }
        Instant now = now();
        if (!admit(now)) {
            return error(45009, "reach max api minute quota limit");
        }
        boolean get = GET_APIS.contains(api);
        if (!request.method().equals(get ? "GET" : "POST")) {
            return get ? error(43001, "require GET method") : error(43002, "require POST method");
        }
        calls.merge(api, 1, Integer::sum);
        SimResponse injected = injectedFault(api);
        if (injected != null) {
            return injected;
        }
        if (api.equals("token")) {
            return token(request, now);
        }
        SimResponse tokenProblem = checkToken(request.param("access_token"), now);
        if (tokenProblem != null) {
            return tokenProblem;
        }
        JsonNode body = !get ? apiBody(request) : null;
        if (!get && body == null) {
            return error(47001, "data format error");
        }
        switch (api) {
            case "message/template/send":
                return templateSend(body, now, jobs);
            case "message/mass/sendall":
                return massSendAll(body, now, jobs);
            case "tags/create":
                return tagCreate(body);
            case "tags/get":
                return tagGet();
            case "tags/update":
                return tagUpdate(body);
            case "tags/delete":
                return tagDelete(body);
            case "tags/members/batchtagging":
                return batchTagging(body, true);
            case "tags/members/batchuntagging":
                return batchTagging(body, false);
            case "user/info":
                return userInfo(request);
            case "user/get":
                return userGet(request);
            case "qrcode/create":
                return qrCreate(body, now);
            case "datacube/getusersummary":
            case "datacube/getusercumulate":
            case "datacube/getuserread":
                return SimResponse.json(200, new OaDatacube(mapper).answer(api, body, state, now).toString());
            default:
                throw new IllegalStateException(api);
        }
    }

    private SimResponse token(SimRequest request, Instant now) {
        if (!"client_credential".equals(request.param("grant_type"))) {
            return error(40002, "invalid grant_type");
        }
        String appId = request.param("appid");
        if (appId == null || appId.isEmpty()) {
            return error(41002, "appid missing");
        }
        if (!appId.equals(config.appId())) {
            return error(40013, "invalid appid");
        }
        String secret = request.param("secret");
        if (secret == null || secret.isEmpty()) {
            return error(41004, "appsecret missing");
        }
        if (secret.length() != config.appSecret().length()) {
            return error(40125, "invalid appsecret");
        }
        if (!secret.equals(config.appSecret())) {
            return error(40001, "AppSecret error or AppSecret does not belong to this account");
        }
        long nowMs = now.toEpochMilli();
        state.tokens.values().removeIf(t -> t.expiresAt < nowMs - Duration.ofDays(1).toMillis());
        // a new fetch replaces the token; the old one keeps working for the documented overlap
        long overlapEnd = nowMs + TOKEN_OVERLAP.toMillis();
        for (Token old : state.tokens.values()) {
            if (old.revokedAt == 0) {
                old.revokedAt = overlapEnd;
            }
        }
        Token token = new Token();
        token.expiresAt = nowMs + config.tokenTtlSeconds() * 1000;
        String value = randomText(TOKEN_CHARS, 128);
        state.tokens.put(value, token);
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
        Token token = state.tokens.get(value);
        long nowMs = now.toEpochMilli();
        if (token == null || token.revokedAt != 0 && token.revokedAt <= nowMs) {
            return error(40001, "invalid credential, access_token is invalid or not latest");
        }
        if (token.expiresAt <= nowMs) {
            return error(42001, "access_token expired");
        }
        return null;
    }

    private SimResponse templateSend(JsonNode body, Instant now, List<PendingJob> jobs) {
        String openid = body.path("touser").asText("");
        Follower follower = state.followers.get(openid);
        if (openid.isEmpty() || follower == null) {
            return error(40003, "invalid openid");
        }
        if (!follower.subscribed) {
            return error(43004, "require subscribe");
        }
        String templateId = body.path("template_id").asText("");
        if (templateId.isEmpty() || !config.templateIds().isEmpty() && !config.templateIds().contains(templateId)) {
            return error(40037, "invalid template_id");
        }
        JsonNode data = body.path("data");
        if (!data.isMissingNode() && !data.isObject()) {
            return error(47001, "data format error");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isObject() || !field.getValue().has("value")) {
                return error(47003, "argument invalid! data." + field.getKey() + ".value empty");
            }
        }
        JsonNode mini = body.path("miniprogram");
        if (!mini.isMissingNode() && (!mini.isObject() || mini.path("appid").asText("").isEmpty())) {
            return error(47003, "argument invalid! miniprogram.appid empty");
        }
        String clientMsgId = body.path("client_msg_id").asText("");
        if (!clientMsgId.isEmpty()) {
            // documented: one message per openid + client_msg_id, guaranteed for 10 minutes
            long since = now.minus(CLIENT_MSG_ID_WINDOW).toEpochMilli();
            for (Delivery d : state.deliveries) {
                if (d.kind.equals("template") && openid.equals(d.openid) && clientMsgId.equals(d.clientMsgId)
                        && d.at > since) {
                    ObjectNode again = ok();
                    again.put("msgid", Long.parseLong(d.msgid));
                    return json(again);
                }
            }
        }
        long msgid = 200_000_000L + ++state.sequence;
        String status = follower.blocked ? "failed:user block" : jobFaults.isEmpty() ? "success" : jobFaults.poll();
        addDelivery("template", Long.toString(msgid), openid, now, templateId, status).clientMsgId =
                clientMsgId.isEmpty() ? null : clientMsgId;
        Map<String, Object> xml = event(now, openid, "TEMPLATESENDJOBFINISH");
        xml.put("MsgID", msgid);
        xml.put("Status", status);
        jobs.add(pending("TEMPLATESENDJOBFINISH", Long.toString(msgid), openid, xml, now));
        dirty = true;
        ObjectNode ok = ok();
        ok.put("msgid", msgid);
        return json(ok);
    }

    private SimResponse massSendAll(JsonNode body, Instant now, List<PendingJob> jobs) {
        JsonNode filter = body.path("filter");
        if (!filter.isObject()) {
            return error(47001, "data format error: filter required");
        }
        boolean toAll = filter.path("is_to_all").asBoolean(false);
        Long tagId = null;
        if (!toAll) {
            if (!filter.hasNonNull("tag_id") || !filter.get("tag_id").canConvertToLong()
                    && !filter.get("tag_id").asText().matches("[0-9]{1,18}")) {
                return error(47001, "data format error: filter.tag_id required unless is_to_all");
            }
            tagId = filter.get("tag_id").asLong();
            if (!state.tags.containsKey(tagId)) {
                return error(45159, "invalid tag id");
            }
        }
        String msgType = body.path("msgtype").asText("");
        String text;
        switch (msgType) {
            case "text":
                text = body.path("text").path("content").asText("");
                if (text.isEmpty()) {
                    return error(47003, "argument invalid! text.content empty");
                }
                break;
            case "mpnews":
            case "image":
            case "voice":
            case "mpvideo":
                text = body.path(msgType).path("media_id").asText("");
                if (text.isEmpty()) {
                    return error(40007, "invalid media_id");
                }
                break;
            default:
                return error(40008, "invalid message type");
        }
        String clientMsgId = body.path("clientmsgid").asText("");
        if (clientMsgId.getBytes(StandardCharsets.UTF_8).length > MAX_CLIENT_MSG_ID_BYTES) {
            return error(45067, "clientmsgid exceeds " + MAX_CLIENT_MSG_ID_BYTES + " bytes");
        }
        if (!clientMsgId.isEmpty()) {
            long since = now.minus(CLIENT_MSG_ID_MASS_WINDOW).getEpochSecond();
            for (MassSend earlier : state.massSends) {
                if (clientMsgId.equals(earlier.clientMsgId) && earlier.createTime > since) {
                    ObjectNode exists = mapper.createObjectNode();
                    exists.put("errcode", 45065);
                    exists.put("errmsg", "clientmsgid exist rid: sandbox");
                    exists.put("msg_id", earlier.msgId);
                    return json(exists);
                }
            }
        }
        LocalDate today = LocalDate.ofInstant(now, QUOTA_ZONE);
        if (config.accountType() == AccountType.SUBSCRIPTION) {
            for (MassSend m : state.massSends) {
                if (LocalDate.ofInstant(Instant.ofEpochSecond(m.createTime), QUOTA_ZONE).equals(today)) {
                    return error(45028, "has no masssend quota");
                }
            }
        }
        List<Follower> targets = new ArrayList<>();
        for (Follower f : state.followers.values()) {
            if (f.subscribed && (toAll || f.tagIds.contains(tagId))) {
                targets.add(f);
            }
        }
        String month = month(now);
        List<Follower> eligible = new ArrayList<>();
        for (Follower f : targets) {
            if (!f.blocked && !overMonthlyQuota(f.openid, month)) {
                eligible.add(f);
            }
        }
        MassSend m = new MassSend();
        m.msgId = 1_000 + ++state.sequence;
        m.msgDataId = 2_247_480_000L + state.sequence;
        m.createTime = now.getEpochSecond();
        m.tagId = tagId;
        m.clientMsgId = clientMsgId.isEmpty() ? null : clientMsgId;
        m.msgType = msgType;
        m.text = text;
        m.totalCount = targets.size();
        m.filterCount = eligible.size();
        m.status = jobFaults.isEmpty() ? "sendsuccess" : jobFaults.poll();
        boolean sent = m.status.equals("sendsuccess");
        m.sentCount = sent ? eligible.size() : 0;
        m.errorCount = sent ? 0 : eligible.size();
        state.massSends.add(m);
        if (sent) {
            for (Follower f : eligible) {
                addDelivery("mass", Long.toString(m.msgId), f.openid, now, text, "success");
            }
        }
        Map<String, Object> xml = event(now, MASS_JOB_SENDER, "MASSSENDJOBFINISH");
        xml.put("MsgID", m.msgId);
        xml.put("Status", m.status);
        xml.put("TotalCount", m.totalCount);
        xml.put("FilterCount", m.filterCount);
        xml.put("SentCount", m.sentCount);
        xml.put("ErrorCount", m.errorCount);
        Map<String, Object> copyright = new LinkedHashMap<>();
        copyright.put("Count", 0);
        copyright.put("CheckState", 1);
        xml.put("CopyrightCheckResult", copyright);
        jobs.add(pending("MASSSENDJOBFINISH", Long.toString(m.msgId), null, xml, now));
        dirty = true;
        ObjectNode ok = ok();
        ok.put("errmsg", "send job submission success");
        ok.put("msg_id", m.msgId);
        ok.put("msg_data_id", m.msgDataId);
        return json(ok);
    }

    private boolean overMonthlyQuota(String openid, String month) {
        if (config.accountType() != AccountType.SERVICE || config.massPerMonth() == 0) {
            return false;
        }
        int received = 0;
        for (Delivery d : state.deliveries) {
            if (d.kind.equals("mass") && d.openid.equals(openid) && month.equals(d.month) && "success".equals(d.status)) {
                received++;
            }
        }
        return received >= config.massPerMonth();
    }

    private SimResponse tagCreate(JsonNode body) {
        String name = body.path("tag").path("name").asText("").strip();
        if (name.isEmpty()) {
            return error(47003, "argument invalid! tag.name empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_TAG_NAME_BYTES) {
            return error(45158, "tag name too long");
        }
        for (Tag t : state.tags.values()) {
            if (t.name.equals(name)) {
                return error(45157, "invalid tag name: duplicate");
            }
        }
        if (state.tags.size() >= MAX_TAGS) {
            return error(45056, "too many tags");
        }
        Tag tag = new Tag();
        tag.id = state.nextTagId++;
        tag.name = name;
        state.tags.put(tag.id, tag);
        dirty = true;
        ObjectNode answer = mapper.createObjectNode();
        ObjectNode t = answer.putObject("tag");
        t.put("id", tag.id);
        t.put("name", tag.name);
        return json(answer);
    }

    private SimResponse tagGet() {
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode tags = answer.putArray("tags");
        for (Tag t : state.tags.values()) {
            ObjectNode o = tags.addObject();
            o.put("id", t.id);
            o.put("name", t.name);
            o.put("count", state.followers.values().stream().filter(f -> f.tagIds.contains(t.id)).count());
        }
        return json(answer);
    }

    private SimResponse tagUpdate(JsonNode body) {
        long id = body.path("tag").path("id").asLong(-1);
        String name = body.path("tag").path("name").asText("").strip();
        if (id >= 0 && id <= MAX_SYSTEM_TAG) {
            return error(45058, "can't modify sys tag");
        }
        Tag tag = state.tags.get(id);
        if (tag == null) {
            return error(45159, "invalid tag id");
        }
        if (name.isEmpty()) {
            return error(47003, "argument invalid! tag.name empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_TAG_NAME_BYTES) {
            return error(45158, "tag name too long");
        }
        for (Tag t : state.tags.values()) {
            if (t.id != id && t.name.equals(name)) {
                return error(45157, "invalid tag name: duplicate");
            }
        }
        tag.name = name;
        dirty = true;
        return json(ok());
    }

    private SimResponse tagDelete(JsonNode body) {
        long id = body.path("tag").path("id").asLong(-1);
        if (id >= 0 && id <= MAX_SYSTEM_TAG) {
            return error(45058, "can't modify sys tag");
        }
        if (state.tags.remove(id) == null) {
            return error(45159, "invalid tag id");
        }
        state.followers.values().forEach(f -> f.tagIds.remove(Long.valueOf(id)));
        dirty = true;
        return json(ok());
    }

    private SimResponse batchTagging(JsonNode body, boolean add) {
        JsonNode list = body.path("openid_list");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_BATCH_OPENIDS) {
            return error(40032, "invalid openid_list size: 1 to " + MAX_BATCH_OPENIDS + " openids");
        }
        long tagId = body.path("tagid").asLong(-1);
        if (!state.tags.containsKey(tagId)) {
            return error(45159, "invalid tag id");
        }
        List<Follower> followers = new ArrayList<>();
        for (JsonNode n : list) {
            Follower f = state.followers.get(n.asText());
            if (f == null) {
                return error(40003, "invalid openid");
            }
            followers.add(f);
        }
        if (add) {
            for (Follower f : followers) {
                if (!f.tagIds.contains(tagId) && f.tagIds.size() >= MAX_TAGS_PER_FOLLOWER) {
                    return error(45059, "fans have too many tags");
                }
            }
        }
        for (Follower f : followers) {
            if (add && !f.tagIds.contains(tagId)) {
                f.tagIds.add(tagId);
            } else if (!add) {
                f.tagIds.remove(Long.valueOf(tagId));
            }
        }
        dirty = true;
        return json(ok());
    }

    private SimResponse userInfo(SimRequest request) {
        String openid = request.param("openid");
        Follower f = openid == null ? null : state.followers.get(openid);
        if (f == null) {
            return error(40003, "invalid openid");
        }
        ObjectNode info = mapper.createObjectNode();
        info.put("subscribe", f.subscribed ? 1 : 0);
        info.put("openid", f.openid);
        if (f.subscribed) {
            info.put("language", "zh_CN");
            // since 2021 the platform no longer hands out nicknames and avatars here
            info.put("nickname", f.nickname == null ? "" : f.nickname);
            info.put("headimgurl", "");
            info.put("subscribe_time", f.subscribeTime);
        }
        if (f.unionid != null && !f.unionid.isEmpty()) {
            info.put("unionid", f.unionid);
        }
        if (f.subscribed) {
            info.put("remark", "");
            info.put("groupid", 0);
            ArrayNode tags = info.putArray("tagid_list");
            f.tagIds.forEach(tags::add);
            info.put("subscribe_scene", f.subscribeScene);
            info.put("qr_scene", 0);
            info.put("qr_scene_str", f.qrSceneStr == null ? "" : f.qrSceneStr);
        }
        return json(info);
    }

    private SimResponse userGet(SimRequest request) {
        String next = request.param("next_openid");
        List<String> subscribed = new ArrayList<>();
        state.followers.values().stream().filter(f -> f.subscribed).forEach(f -> subscribed.add(f.openid));
        int start = 0;
        if (next != null && !next.isEmpty()) {
            int at = subscribed.indexOf(next);
            if (at < 0) {
                return error(40003, "invalid next_openid");
            }
            start = at + 1;
        }
        List<String> page = subscribed.subList(Math.min(start, subscribed.size()),
                Math.min(start + MAX_USER_GET, subscribed.size()));
        ObjectNode answer = mapper.createObjectNode();
        answer.put("total", subscribed.size());
        answer.put("count", page.size());
        ArrayNode ids = answer.putObject("data").putArray("openid");
        page.forEach(ids::add);
        answer.put("next_openid", page.isEmpty() ? "" : page.get(page.size() - 1));
        return json(answer);
    }

    private SimResponse qrCreate(JsonNode body, Instant now) {
        String action = body.path("action_name").asText("");
        JsonNode scene = body.path("action_info").path("scene");
        boolean permanent = action.equals("QR_LIMIT_SCENE") || action.equals("QR_LIMIT_STR_SCENE");
        boolean strScene = action.equals("QR_STR_SCENE") || action.equals("QR_LIMIT_STR_SCENE");
        if (!permanent && !action.equals("QR_SCENE") && !action.equals("QR_STR_SCENE")) {
            return error(40053, "invalid action_name");
        }
        String sceneStr = null;
        long sceneId = 0;
        if (strScene) {
            sceneStr = scene.path("scene_str").asText("");
            if (sceneStr.isEmpty() || sceneStr.length() > MAX_SCENE_STR) {
                return error(40053, "invalid action info: scene_str must be 1 to " + MAX_SCENE_STR + " characters");
            }
        } else {
            sceneId = scene.path("scene_id").asLong(0);
            if (sceneId <= 0 || permanent && sceneId > 100_000 || sceneId > 0xFFFFFFFFL) {
                return error(40053, "invalid action info: scene_id out of range");
            }
        }
        long expireSeconds = 0;
        if (!permanent) {
            expireSeconds = body.path("expire_seconds").asLong(DEFAULT_TEMP_QR_SECONDS);
            expireSeconds = Math.max(1, Math.min(expireSeconds, MAX_TEMP_QR_SECONDS));
        } else {
            // a permanent code for a scene is the same code every time it is asked for
            for (QrCode q : state.qrCodes.values()) {
                if (q.expiresAt == 0 && q.actionName.equals(action) && Objects.equals(q.sceneStr, sceneStr)
                        && q.sceneId == sceneId) {
                    return json(qrJson(q));
                }
            }
        }
        QrCode code = new QrCode();
        code.ticket = "gQ" + randomText(TOKEN_CHARS, 94).replace('-', 'A').replace('_', 'B') + "==";
        code.actionName = action;
        code.sceneStr = sceneStr;
        code.sceneId = sceneId;
        code.expiresAt = permanent ? 0 : now.toEpochMilli() + expireSeconds * 1000;
        code.url = "http://weixin.qq.com/q/" + randomText(TOKEN_CHARS, 22).replace('-', 'x').replace('_', 'y');
        state.qrCodes.put(code.ticket, code);
        dirty = true;
        ObjectNode answer = qrJson(code);
        if (!permanent) {
            answer.put("expire_seconds", expireSeconds);
        }
        return json(answer);
    }

    private ObjectNode qrJson(QrCode q) {
        ObjectNode answer = mapper.createObjectNode();
        answer.put("ticket", q.ticket);
        answer.put("url", q.url);
        return answer;
    }

    private SimResponse showQrCode(SimRequest request) {
        QrCode code = request.param("ticket") == null ? null : state.qrCodes.get(request.param("ticket"));
        if (code == null) {
            return SimResponse.text(404, "no such ticket");
        }
        return SimResponse.text(200, "QR code " + code.url + " for scene "
                + (code.sceneStr != null ? code.sceneStr : Long.toString(code.sceneId)));
    }

    // ------------------------------------------------------------------ sandbox control

    @Override
    protected SimResponse control(SimRequest request, String action) {
        if (request.method().equals("GET")) {
            switch (action) {
                case "state":
                    return stateView(request);
                case "callbacks":
                    return callbackLog();
                default:
                    return problem(404, "no such control endpoint: GET " + action);
            }
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
        try {
            at(body, now());
        } catch (RuntimeException e) {
            return problem(400, "at: " + e.getMessage());
        }
        switch (action) {
            case "subscribe":
                return subscribe(body, false);
            case "scan":
                return subscribe(body, true);
            case "unsubscribe":
                return unsubscribe(body);
            case "message":
                return message(body);
            case "redeliver":
                return redeliver(body);
            case "block":
                return block(body);
            case "finish-jobs":
                return finishJobs();
            case "fail":
                return fail(body);
            case "fail-job":
                return failJob(body);
            case "advance":
                return advanceControl(body);
            case "read":
                return read(body);
            case "reset":
                return reset();
            default:
                return problem(404, "no such control endpoint: POST " + action);
        }
    }

    /**
     * A WeChat user follows the account, or scans a parameter QR code ({@code scan}). A follower who
     * scans gets a {@code SCAN} event with the bare scene; anyone else follows, and the
     * {@code subscribe} event carries {@code qrscene_<scene>}, as the documentation describes.
     */
    private SimResponse subscribe(JsonNode body, boolean scan) {
        String scene = text(body, "scene");
        if (scan && scene == null) {
            return problem(400, "scene required");
        }
        if (scene != null && scene.length() > MAX_SCENE_STR) {
            return problem(400, "scene longer than " + MAX_SCENE_STR + " characters");
        }
        String sealedXml;
        String openid;
        String kind;
        ObjectNode answer = mapper.createObjectNode();
        synchronized (this) {
            Instant now = at(body, now());
            openid = text(body, "openid");
            if (openid == null) {
                openid = "o" + randomText(TOKEN_CHARS, 27);
            }
            Follower f = state.followers.get(openid);
            String ticket = scene == null ? null : ticketFor(scene);
            if (scan && f != null && f.subscribed) {
                Map<String, Object> xml = event(now, openid, "SCAN");
                xml.put("EventKey", scene);
                xml.put("Ticket", ticket);
                sealedXml = SafeXml.write(xml);
                kind = "SCAN";
            } else {
                if (f != null && f.subscribed) {
                    return problem(409, "already a follower: " + openid);
                }
                if (f == null) {
                    f = new Follower();
                    f.openid = openid;
                    state.followers.put(openid, f);
                }
                String unionid = text(body, "unionid");
                if (unionid != null) {
                    f.unionid = unionid;
                }
                String nickname = text(body, "nickname");
                if (nickname != null) {
                    f.nickname = nickname;
                }
                f.subscribed = true;
                f.subscribeTime = now.getEpochSecond();
                f.subscribeScene = scene == null ? "ADD_SCENE_SEARCH" : "ADD_SCENE_QR_CODE";
                String subscribeScene = text(body, "subscribe_scene");
                if (scene == null && subscribeScene != null) {
                    f.subscribeScene = subscribeScene;
                }
                f.qrSceneStr = scene == null ? "" : scene;
                history(f, now, true);
                Map<String, Object> xml = event(now, openid, "subscribe");
                xml.put("EventKey", scene == null ? "" : "qrscene_" + scene);
                if (ticket != null) {
                    xml.put("Ticket", ticket);
                }
                sealedXml = SafeXml.write(xml);
                kind = "subscribe";
                dirty = true;
            }
            answer.put("openid", openid);
            answer.put("unionid", f.unionid);
            answer.put("event", kind);
        }
        return respond(deliver(kind, openid, sealedXml), answer);
    }

    /**
     * When a sandbox control says it happened: {@code at} (ISO instant or epoch seconds) not after
     * the simulator's now, for seeding a history; otherwise now.
     */
    private static Instant at(JsonNode body, Instant now) {
        JsonNode at = body.path("at");
        if (at.isMissingNode() || at.isNull()) {
            return now;
        }
        Instant t = at.isNumber() ? Instant.ofEpochSecond(at.asLong()) : Instant.parse(at.asText());
        if (t.isAfter(now)) {
            throw new IllegalArgumentException("at is after the sandbox's now " + now);
        }
        return t;
    }

    private void history(Follower f, Instant at, boolean subscribe) {
        OaState.FollowChange c = new OaState.FollowChange();
        c.openid = f.openid;
        c.at = at.getEpochSecond();
        c.subscribe = subscribe;
        c.source = OaDatacube.source(f.subscribeScene);
        state.followHistory.add(c);
    }

    /**
     * Article reads for getuserread: {@code {"openid", "source" (0 session, 1 friends, 2 moments, 4 history,
     * 5 other, 6 top stories, 7 search), "count", "share", "at"}}.
     */
    private SimResponse read(JsonNode body) {
        int source = body.path("source").asInt(0);
        if (!java.util.Set.of(0, 1, 2, 4, 5, 6, 7).contains(source)) {
            return problem(400, "source must be one of 0, 1, 2, 4, 5, 6, 7");
        }
        int count = body.path("count").asInt(1);
        if (count < 1 || count > 10_000) {
            return problem(400, "count must be between 1 and 10000");
        }
        synchronized (this) {
            Instant at;
            try {
                at = at(body, now());
            } catch (RuntimeException e) {
                return problem(400, e.getMessage());
            }
            String openid = text(body, "openid");
            for (int i = 0; i < count; i++) {
                OaState.ArticleRead r = new OaState.ArticleRead();
                r.openid = openid == null ? "o" + randomText(TOKEN_CHARS, 27) : openid;
                r.at = at.getEpochSecond();
                r.source = source;
                r.share = body.path("share").asBoolean(false);
                state.articleReads.add(r);
            }
            dirty = true;
        }
        return SimResponse.json(200, "{\"recorded\":" + count + "}");
    }

    /** The ticket of the permanent code for {@code scene}, made if nobody asked for one yet. */
    private String ticketFor(String scene) {
        for (QrCode q : state.qrCodes.values()) {
            if (scene.equals(q.sceneStr) || q.sceneStr == null && scene.equals(Long.toString(q.sceneId))) {
                return q.ticket;
            }
        }
        QrCode code = new QrCode();
        code.ticket = "gQ" + randomText(TOKEN_CHARS, 94).replace('-', 'A').replace('_', 'B') + "==";
        code.actionName = "QR_LIMIT_STR_SCENE";
        code.sceneStr = scene;
        code.url = "http://weixin.qq.com/q/" + randomText(TOKEN_CHARS, 22).replace('-', 'x').replace('_', 'y');
        state.qrCodes.put(code.ticket, code);
        return code.ticket;
    }

    private SimResponse unsubscribe(JsonNode body) {
        String openid = text(body, "openid");
        String xml;
        synchronized (this) {
            Follower f = openid == null ? null : state.followers.get(openid);
            if (f == null || !f.subscribed) {
                return problem(404, "not a follower: " + openid);
            }
            f.subscribed = false;
            dirty = true;
            Instant at = at(body, now());
            history(f, at, false);
            Map<String, Object> event = event(at, openid, "unsubscribe");
            event.put("EventKey", "");
            xml = SafeXml.write(event);
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("openid", openid);
        return respond(deliver("unsubscribe", openid, xml), answer);
    }

    /** A follower writes to the account: {@code {"openid","content"}} or {@code {"openid","image":"url"}}. */
    private SimResponse message(JsonNode body) {
        String openid = text(body, "openid");
        String content = text(body, "content");
        String image = text(body, "image");
        if (content == null && image == null) {
            return problem(400, "content or image required");
        }
        String xml;
        long msgId;
        synchronized (this) {
            Follower f = openid == null ? null : state.followers.get(openid);
            if (f == null || !f.subscribed) {
                return problem(409, "only followers can write to the account: " + openid);
            }
            msgId = 24_000_000_000_000_000L + ++state.sequence;
            dirty = true;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ToUserName", config.originalId());
            m.put("FromUserName", openid);
            m.put("CreateTime", now().getEpochSecond());
            if (content != null) {
                m.put("MsgType", "text");
                m.put("Content", content);
            } else {
                m.put("MsgType", "image");
                m.put("PicUrl", image);
                m.put("MediaId", "media_" + randomText(TOKEN_CHARS, 16));
            }
            m.put("MsgId", msgId);
            xml = SafeXml.write(m);
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("openid", openid);
        answer.put("msgId", Long.toString(msgId));
        return respond(deliver(content != null ? "text" : "image", openid, xml), answer);
    }

    /**
     * Sends a past callback again ({@code index} 0 = the last one), {@code times} times. By default
     * byte for byte, with the same timestamp, nonce and signature, as the platform's retries after a
     * 5-second timeout look to the receiver; {@code "reseal": true} signs it anew.
     */
    private SimResponse redeliver(JsonNode body) {
        int back = body.path("index").asInt(0);
        int times = Math.max(1, Math.min(body.path("times").asInt(1), 3));
        boolean reseal = body.path("reseal").asBoolean(false);
        SentCallback past = pastCallback(back);
        if (past == null) {
            return problem(404, "no callback " + back + " back");
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("kind", past.kind());
        ArrayNode replies = answer.putArray("callbacks");
        for (int i = 0; i < times; i++) {
            SentCallback sent;
            if (reseal) {
                sent = deliver(past.kind(), past.query().get("openid"), past.plainXml());
            } else {
                sent = resend(past);
            }
            replies.add(replyJson(sent));
        }
        answer.set("callback", replies.get(replies.size() - 1));
        return SimResponse.json(200, answer.toString());
    }

    private synchronized SimResponse block(JsonNode body) {
        String openid = text(body, "openid");
        Follower f = openid == null ? null : state.followers.get(openid);
        if (f == null) {
            return problem(404, "no such follower: " + openid);
        }
        f.blocked = body.path("blocked").asBoolean(true);
        dirty = true;
        ObjectNode answer = mapper.createObjectNode();
        answer.put("openid", openid);
        answer.put("blocked", f.blocked);
        return SimResponse.json(200, answer.toString());
    }

    /** Delivers every job-finish event not delivered yet, now, oldest first. */
    private SimResponse finishJobs() {
        List<PendingJob> due;
        synchronized (this) {
            due = new ArrayList<>(state.pendingJobs);
        }
        ArrayNode delivered = mapper.createArrayNode();
        for (PendingJob job : due) {
            SentCallback sent = deliverJob(job);
            if (sent != null) {
                ObjectNode o = replyJson(sent);
                o.put("event", job.event);
                o.put("msgid", job.msgid);
                delivered.add(o);
            }
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("delivered", delivered.size());
        answer.set("callbacks", delivered);
        return SimResponse.json(200, answer.toString());
    }

    private SimResponse fail(JsonNode body) {
        String api = text(body, "api");
        if (api == null || !body.path("errcode").canConvertToInt()) {
            return problem(400, "api and errcode required");
        }
        failNext(api, body.path("errcode").asInt(), Math.max(1, body.path("times").asInt(1)));
        return SimResponse.json(200, "{}");
    }

    private SimResponse failJob(JsonNode body) {
        String status = text(body, "status");
        if (status == null) {
            return problem(400, "status required, e.g. \"failed: system failed\" or \"sendfail\"");
        }
        for (int i = Math.max(1, body.path("times").asInt(1)); i > 0; i--) {
            failNextJob(status);
        }
        return SimResponse.json(200, "{}");
    }

    private synchronized SimResponse reset() {
        state = new OaState();
        resetShared();
        calls.clear();
        jobFaults.clear();
        dirty = true;
        return SimResponse.json(200, "{}");
    }

    private SimResponse stateView(SimRequest request) {
        synchronized (this) {
            String only = request.param("openid");
            boolean detail = "true".equals(request.param("detail"));
            ObjectNode view = mapper.createObjectNode();
            view.put("now", now().toString());
            view.put("appid", config.appId());
            view.put("mode", config.safeMode() ? "safe" : "plain");
            view.put("accountType", config.accountType().configName());
            view.put("followers", state.followers.values().stream().filter(f -> f.subscribed).count());
            Map<String, Map<String, Integer>> received = new LinkedHashMap<>();
            ArrayNode deliveries = mapper.createArrayNode();
            for (Delivery d : state.deliveries) {
                if (only != null && !only.equals(d.openid)) {
                    continue;
                }
                if ("success".equals(d.status)) {
                    received.computeIfAbsent(d.openid, k -> new LinkedHashMap<>()).merge(d.kind, 1, Integer::sum);
                }
                deliveries.add(mapper.valueToTree(d));
            }
            view.put("delivered", deliveries.size());
            view.set("received", mapper.valueToTree(received));
            view.set("deliveries", deliveries);
            ArrayNode tags = view.putArray("tags");
            for (Tag t : state.tags.values()) {
                ObjectNode o = tags.addObject();
                o.put("id", t.id);
                o.put("name", t.name);
                o.put("count", state.followers.values().stream().filter(f -> f.tagIds.contains(t.id)).count());
            }
            view.set("mass", mapper.valueToTree(state.massSends));
            ArrayNode pending = view.putArray("pendingJobs");
            for (PendingJob j : state.pendingJobs) {
                ObjectNode o = pending.addObject();
                o.put("event", j.event);
                o.put("msgid", j.msgid);
                o.put("openid", j.openid);
            }
            if (detail || only != null) {
                ArrayNode list = view.putArray("followerList");
                state.followers.values().stream().filter(f -> only == null || only.equals(f.openid))
                        .forEach(f -> list.add(mapper.valueToTree(f)));
            }
            view.put("callbacks", sentCallbacks().size());
            view.put("tokens", state.tokens.size());
            view.set("calls", mapper.valueToTree(calls));
            return SimResponse.json(200, view.toString());
        }
    }

    private SimResponse callbackLog() {
        ArrayNode list = mapper.createArrayNode();
        for (SentCallback c : sentCallbacks()) {
            ObjectNode o = replyJson(c);
            o.put("at", c.at().toString());
            o.put("kind", c.kind());
            list.add(o);
        }
        return SimResponse.json(200, list.toString());
    }

    // ------------------------------------------------------------------ callbacks

    private Map<String, Object> event(Instant now, String from, String event) {
        Map<String, Object> xml = new LinkedHashMap<>();
        xml.put("ToUserName", config.originalId());
        xml.put("FromUserName", from);
        xml.put("CreateTime", now.getEpochSecond());
        xml.put("MsgType", "event");
        xml.put("Event", event);
        return xml;
    }

    private PendingJob pending(String event, String msgid, String openid, Map<String, Object> xml, Instant now) {
        PendingJob job = new PendingJob();
        job.event = event;
        job.msgid = msgid;
        job.openid = openid;
        job.xml = SafeXml.write(xml);
        job.dueAt = now.toEpochMilli() + Math.max(0, config.jobFinishDelayMillis());
        state.pendingJobs.add(job);
        return job;
    }

    private void schedule(PendingJob job) {
        if (config.jobFinishDelayMillis() >= 0) {
            scheduler.schedule(() -> {
                deliverJob(job);
                flush();
            }, config.jobFinishDelayMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Delivers a job-finish event unless it was delivered already; null then. */
    private SentCallback deliverJob(PendingJob job) {
        synchronized (this) {
            if (!state.pendingJobs.remove(job)) {
                return null;
            }
            dirty = true;
        }
        return deliver(job.event, job.openid, job.xml);
    }

    /**
     * Seals the message the way the platform does and POSTs it. Plain mode: the XML as it is, with
     * {@code signature} = SHA1 of the sorted token, timestamp and nonce in the query. Safe mode:
     * {@code <xml><ToUserName/><Encrypt/></xml>} encrypted with the EncodingAESKey and receiveid =
     * AppID, {@code msg_signature} over the ciphertext and {@code encrypt_type=aes} besides.
     */
    private SentCallback deliver(String kind, String openid, String plainXml) {
        String timestamp = Long.toString(now().getEpochSecond());
        String nonce = Long.toString(100_000_000L + (random.nextLong() & Long.MAX_VALUE) % 900_000_000L);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("signature", WxCrypto.plainSignature(config.token(), timestamp, nonce));
        query.put("timestamp", timestamp);
        query.put("nonce", nonce);
        if (openid != null) {
            query.put("openid", openid);
        }
        byte[] body;
        if (crypto == null) {
            body = plainXml.getBytes(StandardCharsets.UTF_8);
        } else {
            String encrypted = crypto.encrypt(plainXml);
            query.put("encrypt_type", "aes");
            query.put("msg_signature", crypto.signature(timestamp, nonce, encrypted));
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("ToUserName", config.originalId());
            envelope.put("Encrypt", encrypted);
            body = SafeXml.write(envelope).getBytes(StandardCharsets.UTF_8);
        }
        return post(config.callbackUrl(), kind, query, body, plainXml);
    }

    private SimResponse respond(SentCallback sent, ObjectNode answer) {
        answer.set("callback", replyJson(sent));
        return SimResponse.json(200, answer.toString());
    }

    private Delivery addDelivery(String kind, String msgid, String openid, Instant now, String text, String status) {
        Delivery d = new Delivery();
        d.kind = kind;
        d.msgid = msgid;
        d.openid = openid;
        d.at = now.toEpochMilli();
        d.month = month(now);
        d.day = LocalDate.ofInstant(now, QUOTA_ZONE).toString();
        d.text = text;
        d.status = status;
        state.deliveries.add(d);
        return d;
    }

    private static String month(Instant now) {
        return LocalDate.ofInstant(now, QUOTA_ZONE).toString().substring(0, 7);
    }

    // ------------------------------------------------------------------ helpers

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText().strip();
    }

    @Override
    public String toString() {
        return "OaSimulator[" + config + "]";
    }
}
