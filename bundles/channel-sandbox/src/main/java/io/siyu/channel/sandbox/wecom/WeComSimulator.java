package io.siyu.channel.sandbox.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.kit.SafeXml;
import io.siyu.channel.kit.WxCrypto;
import io.siyu.channel.sandbox.ProviderSimulator;
import io.siyu.channel.sandbox.SentCallback;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.wecom.WeComState.Contact;
import io.siyu.channel.sandbox.wecom.WeComState.ContactWay;
import io.siyu.channel.sandbox.wecom.WeComState.Delivery;
import io.siyu.channel.sandbox.wecom.WeComState.Follow;
import io.siyu.channel.sandbox.wecom.WeComState.GroupChat;
import io.siyu.channel.sandbox.wecom.WeComState.MassMessage;
import io.siyu.channel.sandbox.wecom.WeComState.Result;
import io.siyu.channel.sandbox.wecom.WeComState.Task;
import io.siyu.channel.sandbox.wecom.WeComState.WelcomeCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The WeCom server as its documentation describes it (see {@code channels.md} §2), for one corp:
 * access tokens that really expire, the per-minute frequency limit, mass messages that wait for the
 * staff member's confirmation and then meet the per-customer daily receive quota, welcome codes
 * valid 20 seconds and once, channel codes, external contacts, and callbacks signed and encrypted
 * like the platform's.
 *
 * <p>Paths below the mount point:
 * <ul>
 * <li>{@code /cgi-bin/...}: the platform's API, {@code errcode}/{@code errmsg} in every answer and
 * HTTP 200 even for errors, as the platform does.</li>
 * <li>{@code /control/...}: sandbox only, standing in for what people do in the WeCom client (scan
 * a code, confirm a mass message, write a message) and for inspection ({@code GET control/state}).
 * Plain HTTP statuses; no access token.</li>
 * </ul>
 *
 * <p>Error codes: those in channels.md are the platform's. Where the documentation does not name a
 * code, the sandbox answers 40058 (invalid parameter) with an errmsg saying what is wrong; a
 * 45002 answers text over 4,000 bytes and 84061 an unknown external contact.
 *
 * <p>Thread-safe: one lock around the state; callbacks are POSTed after it is released, because the
 * receiver may call the API back before it answers.
 */
public final class WeComSimulator extends ProviderSimulator<WeComState> {
    public static final ZoneId QUOTA_ZONE = ZoneId.of("Asia/Shanghai");
    /** How long a welcome code may be used, per the documentation. */
    public static final Duration WELCOME_CODE_TTL = Duration.ofSeconds(20);
    public static final int MAX_EXTERNAL_USERIDS = 10_000;
    public static final int MAX_CHAT_IDS = 2_000;
    public static final int MAX_TEXT_BYTES = 4_000;
    public static final int MAX_ATTACHMENTS = 9;
    public static final int MAX_STATE_LENGTH = 30;
    public static final int MAX_RESULT_LIMIT = 1_000;
    public static final int MAX_LIST_LIMIT = 100;
    public static final int MAX_REMINDERS_PER_DAY = 3;
    private static final Set<String> ATTACHMENT_TYPES = Set.of("image", "link", "miniprogram", "video", "file");
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final WeComSandboxConfig config;
    private final WxCrypto crypto;
    /** Corp tags, follow users, group chats, moments and handovers. */
    private final CustomerRelations relations = new CustomerRelations(this);

    public WeComSimulator(WeComSandboxConfig config, Clock clock) {
        super("WeCom", ", hint: [sandbox]", clock, config.stateFile(), config.callsPerMinute(), WeComState.class,
                WeComState::new);
        this.config = config;
        this.crypto = new WxCrypto(config.token(), config.encodingAesKey(), config.corpId());
    }

    public WeComSandboxConfig config() {
        return config;
    }

    // CustomerRelations shares the state and the mapper

    WeComState state() {
        return state;
    }

    void changed() {
        dirty = true;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    // ------------------------------------------------------------------ the platform API

    @Override
    protected SimResponse api(SimRequest request, String api) {
        synchronized (this) {
            Instant now = now();
            if (!admit(now)) {
                return error(45009, "api freq out of limit");
            }
            SimResponse injected = injectedFault(api);
            if (injected != null) {
                return injected;
            }
            if (api.equals("gettoken")) {
                return method(request, "GET") ? getToken(request, now) : error(43001, "require GET method");
            }
            String wantedMethod = api.equals("externalcontact/get") || api.equals("externalcontact/list")
                    || CustomerRelations.isGet(api) ? "GET" : "POST";
            if (!isKnown(api) && !CustomerRelations.isKnown(api)) {
                return SimResponse.json(404, "{\"errcode\":404,\"errmsg\":\"no such api in the WeCom sandbox: "
                        + api.replace("\"", "") + "\"}");
            }
            if (!method(request, wantedMethod)) {
                return error(wantedMethod.equals("GET") ? 43001 : 43002, "require " + wantedMethod + " method");
            }
            SimResponse tokenProblem = checkToken(request.param("access_token"), now);
            if (tokenProblem != null) {
                return tokenProblem;
            }
            JsonNode body = wantedMethod.equals("POST") ? apiBody(request) : null;
            if (wantedMethod.equals("POST") && body == null) {
                return error(47001, "data format error");
            }
            return switch (api) {
                case "externalcontact/add_msg_template" -> addMsgTemplate(body, now);
                case "externalcontact/get_groupmsg_task" -> getGroupMsgTask(body);
                case "externalcontact/get_groupmsg_send_result" -> getGroupMsgSendResult(body);
                case "externalcontact/get_groupmsg_list_v2" -> getGroupMsgList(body);
                case "externalcontact/remind_groupmsg_send" -> remind(body, now);
                case "externalcontact/cancel_groupmsg_send" -> cancel(body);
                case "externalcontact/send_welcome_msg" -> sendWelcome(body, now);
                case "externalcontact/add_contact_way" -> addContactWay(request, body, now);
                case "externalcontact/get_contact_way" -> getContactWay(body);
                case "externalcontact/del_contact_way" -> delContactWay(body);
                case "externalcontact/get" -> getExternalContact(request);
                case "externalcontact/list" -> listExternalContacts(request);
                case "externalcontact/groupchat/statistic", "externalcontact/groupchat/statistic_group_by_day" ->
                        SimResponse.json(200, new GroupChatStatistic(mapper).answer(api, body, state, now).toString());
                default -> relations.api(api, request, body, now);
            };
        }
    }

    private static boolean isKnown(String api) {
        return switch (api) {
            case "externalcontact/add_msg_template", "externalcontact/get_groupmsg_task",
                    "externalcontact/get_groupmsg_send_result", "externalcontact/get_groupmsg_list_v2",
                    "externalcontact/remind_groupmsg_send", "externalcontact/cancel_groupmsg_send",
                    "externalcontact/send_welcome_msg", "externalcontact/add_contact_way",
                    "externalcontact/get_contact_way", "externalcontact/del_contact_way", "externalcontact/get",
                    "externalcontact/list", "externalcontact/groupchat/statistic",
                    "externalcontact/groupchat/statistic_group_by_day" -> true;
            default -> false;
        };
    }

    private SimResponse getToken(SimRequest request, Instant now) {
        String corpId = request.param("corpid");
        String secret = request.param("corpsecret");
        if (corpId == null || corpId.isEmpty()) {
            return error(41002, "corpid missing");
        }
        if (!corpId.equals(config.corpId())) {
            return error(40013, "invalid corpid");
        }
        if (secret == null || secret.isEmpty()) {
            return error(41004, "corpsecret missing");
        }
        if (!secret.equals(config.corpSecret())) {
            return error(40001, "invalid credential");
        }
        long nowMs = now.toEpochMilli();
        state.tokens.values().removeIf(expiresAt -> expiresAt < nowMs - Duration.ofDays(1).toMillis());
        // within its lifetime the platform hands out the same token again
        for (Map.Entry<String, Long> t : state.tokens.entrySet()) {
            if (t.getValue() > nowMs) {
                ObjectNode ok = ok();
                ok.put("access_token", t.getKey());
                ok.put("expires_in", Math.max(1, (t.getValue() - nowMs) / 1000));
                return json(ok);
            }
        }
        String token = randomText(64);
        state.tokens.put(token, nowMs + config.tokenTtlSeconds() * 1000);
        dirty = true;
        ObjectNode ok = ok();
        ok.put("access_token", token);
        ok.put("expires_in", config.tokenTtlSeconds());
        return json(ok);
    }

    private SimResponse checkToken(String token, Instant now) {
        if (token == null || token.isEmpty()) {
            return error(41001, "access_token missing");
        }
        Long expiresAt = state.tokens.get(token);
        if (expiresAt == null) {
            return error(40014, "invalid access_token");
        }
        if (expiresAt <= now.toEpochMilli()) {
            return error(42001, "access_token expired");
        }
        return null;
    }

    private SimResponse addMsgTemplate(JsonNode body, Instant now) {
        String chatType = body.path("chat_type").asText("single");
        if (!chatType.equals("single") && !chatType.equals("group")) {
            return error(40058, "invalid chat_type: single or group");
        }
        String sender = body.path("sender").asText("");
        if (sender.isEmpty()) {
            return error(40058, "sender required");
        }
        List<String> given = strings(body.path(chatType.equals("single") ? "external_userid" : "chat_id_list"));
        int max = chatType.equals("single") ? MAX_EXTERNAL_USERIDS : MAX_CHAT_IDS;
        if (given.size() > max) {
            return error(40058, (chatType.equals("single") ? "external_userid" : "chat_id_list")
                    + " has more than " + max + " entries");
        }
        SimResponse contentProblem = checkContent(body);
        if (contentProblem != null) {
            return contentProblem;
        }
        Set<String> targets = new LinkedHashSet<>(given);
        if (targets.isEmpty()) {
            // no list: every customer (group) of the sender, as the documentation says
            if (chatType.equals("single")) {
                state.contacts.values().stream().filter(c -> c.follow(sender) != null)
                        .forEach(c -> targets.add(c.externalUserId));
            } else {
                state.chats.values().stream().filter(g -> sender.equals(g.owner)).forEach(g -> targets.add(g.chatId));
            }
        }
        MassMessage m = new MassMessage();
        m.msgid = "msg" + randomText(26);
        m.chatType = chatType;
        m.sender = sender;
        m.createTime = now.getEpochSecond();
        m.text = body.path("text").path("content").isMissingNode() ? null : body.path("text").path("content").asText();
        m.attachments = body.has("attachments") ? body.get("attachments") : null;
        for (String target : targets) {
            boolean known = chatType.equals("single") ? state.contacts.containsKey(target) : state.chats.containsKey(target);
            if (!known) {
                m.failList.add(target);
                continue;
            }
            Result r = new Result();
            r.userid = sender;
            m.results.put(target, r);
        }
        Task task = new Task();
        m.tasks.put(sender, task);
        state.messages.put(m.msgid, m);
        dirty = true;
        ObjectNode ok = ok();
        ArrayNode fail = ok.putArray("fail_list");
        m.failList.forEach(fail::add);
        ok.put("msgid", m.msgid);
        return json(ok);
    }

    /** Text and attachments of a mass or welcome message, as the documentation limits them. */
    private SimResponse checkContent(JsonNode body) {
        JsonNode text = body.path("text");
        String content = text.path("content").asText("");
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            return error(45002, "content size out of limit: text over " + MAX_TEXT_BYTES + " bytes");
        }
        JsonNode attachments = body.path("attachments");
        if (!attachments.isMissingNode() && !attachments.isNull() && !attachments.isArray()) {
            return error(40058, "attachments must be an array");
        }
        if (attachments.size() > MAX_ATTACHMENTS) {
            return error(40058, "more than " + MAX_ATTACHMENTS + " attachments");
        }
        if (content.isEmpty() && attachments.size() == 0) {
            return error(40058, "text or attachments required");
        }
        for (JsonNode a : attachments) {
            String type = a.path("msgtype").asText("");
            if (!ATTACHMENT_TYPES.contains(type)) {
                return error(40008, "invalid msgtype: " + type);
            }
            JsonNode item = a.path(type);
            boolean complete = switch (type) {
                case "image" -> has(item, "media_id") || has(item, "pic_url");
                case "link" -> has(item, "title") && has(item, "url");
                case "miniprogram" -> has(item, "title") && has(item, "pic_media_id") && has(item, "appid")
                        && has(item, "page");
                default -> has(item, "media_id");
            };
            if (!complete) {
                return error(40058, "incomplete " + type + " attachment");
            }
        }
        return null;
    }

    private SimResponse getGroupMsgTask(JsonNode body) {
        MassMessage m = state.messages.get(body.path("msgid").asText(""));
        if (m == null) {
            return error(40058, "invalid msgid");
        }
        List<Map.Entry<String, Task>> tasks = new ArrayList<>(m.tasks.entrySet());
        int limit = limit(body, MAX_RESULT_LIMIT, 500);
        int from = cursor(body);
        ObjectNode ok = ok();
        ArrayNode list = ok.putArray("task_list");
        for (int i = from; i < Math.min(tasks.size(), from + limit); i++) {
            ObjectNode t = list.addObject();
            t.put("userid", tasks.get(i).getKey());
            t.put("status", tasks.get(i).getValue().status);
            if (tasks.get(i).getValue().sendTime > 0) {
                t.put("send_time", tasks.get(i).getValue().sendTime);
            }
        }
        ok.put("next_cursor", from + limit < tasks.size() ? encodeCursor(from + limit) : "");
        return json(ok);
    }

    private SimResponse getGroupMsgSendResult(JsonNode body) {
        MassMessage m = state.messages.get(body.path("msgid").asText(""));
        if (m == null) {
            return error(40058, "invalid msgid");
        }
        String userid = body.path("userid").asText("");
        if (userid.isEmpty()) {
            return error(40058, "userid required");
        }
        List<Map.Entry<String, Result>> results = new ArrayList<>();
        m.results.entrySet().stream().filter(e -> e.getValue().userid.equals(userid)).forEach(results::add);
        int limit = limit(body, MAX_RESULT_LIMIT, 500);
        int from = cursor(body);
        ObjectNode ok = ok();
        ArrayNode list = ok.putArray("send_list");
        for (int i = from; i < Math.min(results.size(), from + limit); i++) {
            Map.Entry<String, Result> e = results.get(i);
            ObjectNode r = list.addObject();
            r.put(m.chatType.equals("single") ? "external_userid" : "chat_id", e.getKey());
            r.put("userid", e.getValue().userid);
            r.put("status", e.getValue().status);
            if (e.getValue().sendTime > 0) {
                r.put("send_time", e.getValue().sendTime);
            }
        }
        ok.put("next_cursor", from + limit < results.size() ? encodeCursor(from + limit) : "");
        return json(ok);
    }

    private SimResponse getGroupMsgList(JsonNode body) {
        String chatType = body.path("chat_type").asText("single");
        if (!chatType.equals("single") && !chatType.equals("group")) {
            return error(40058, "invalid chat_type: single or group");
        }
        if (!body.path("start_time").canConvertToLong() || !body.path("end_time").canConvertToLong()) {
            return error(40058, "start_time and end_time required");
        }
        long start = body.path("start_time").asLong();
        long end = body.path("end_time").asLong();
        if (end < start || end - start > Duration.ofDays(31).toSeconds()) {
            return error(40058, "the time range must be ordered and at most 31 days");
        }
        String creator = body.path("creator").asText("");
        int filterType = body.path("filter_type").asInt(2);
        List<MassMessage> matches = new ArrayList<>();
        for (MassMessage m : state.messages.values()) {
            // the API creates enterprise mass messages (create_type 0); filter 1 asks for personal ones
            boolean typeMatches = filterType != 1;
            if (m.chatType.equals(chatType) && m.createTime >= start && m.createTime <= end && typeMatches
                    && (creator.isEmpty() || creator.equals(m.sender))) {
                matches.add(m);
            }
        }
        int limit = limit(body, MAX_LIST_LIMIT, 50);
        int from = cursor(body);
        ObjectNode ok = ok();
        ArrayNode list = ok.putArray("group_msg_list");
        for (int i = from; i < Math.min(matches.size(), from + limit); i++) {
            MassMessage m = matches.get(i);
            ObjectNode g = list.addObject();
            g.put("msgid", m.msgid);
            g.put("creator", m.sender);
            g.put("create_time", m.createTime);
            g.put("create_type", 0);
            if (m.text != null) {
                g.putObject("text").put("content", m.text);
            }
            if (m.attachments != null) {
                g.set("attachments", m.attachments);
            }
        }
        ok.put("next_cursor", from + limit < matches.size() ? encodeCursor(from + limit) : "");
        return json(ok);
    }

    private SimResponse remind(JsonNode body, Instant now) {
        MassMessage m = state.messages.get(body.path("msgid").asText(""));
        if (m == null) {
            return error(40058, "invalid msgid");
        }
        long dayAgo = now.minus(Duration.ofDays(1)).toEpochMilli();
        m.reminders.removeIf(at -> at <= dayAgo);
        if (m.reminders.size() >= MAX_REMINDERS_PER_DAY) {
            return error(40058, "a mass message can be reminded at most " + MAX_REMINDERS_PER_DAY + " times in 24 hours");
        }
        m.reminders.add(now.toEpochMilli());
        dirty = true;
        return json(ok());
    }

    private SimResponse cancel(JsonNode body) {
        MassMessage m = state.messages.get(body.path("msgid").asText(""));
        if (m == null) {
            return error(40058, "invalid msgid");
        }
        m.cancelled = true;
        dirty = true;
        return json(ok());
    }

    private SimResponse sendWelcome(JsonNode body, Instant now) {
        String code = body.path("welcome_code").asText("");
        WelcomeCode w = state.welcomeCodes.get(code);
        if (w == null || w.used || now.toEpochMilli() - w.issuedAt > WELCOME_CODE_TTL.toMillis()) {
            return error(41051, "welcome_code expired, used or invalid");
        }
        SimResponse contentProblem = checkContent(body);
        if (contentProblem != null) {
            return contentProblem;
        }
        w.used = true;
        Delivery d = new Delivery();
        d.kind = "welcome";
        d.msgid = code;
        d.target = w.externalUserId;
        d.userid = w.userid;
        d.at = now.toEpochMilli();
        d.day = LocalDate.ofInstant(now, QUOTA_ZONE).toString();
        d.text = body.path("text").path("content").asText(null);
        state.deliveries.add(d);
        dirty = true;
        return json(ok());
    }

    private SimResponse addContactWay(SimRequest request, JsonNode body, Instant now) {
        int type = body.path("type").asInt(0);
        int scene = body.path("scene").asInt(0);
        if (type != 1 && type != 2) {
            return error(40058, "type must be 1 (single) or 2 (multi)");
        }
        if (scene != 1 && scene != 2) {
            return error(40058, "scene must be 1 (mini program) or 2 (QR code)");
        }
        String stateText = body.path("state").asText("");
        if (stateText.length() > MAX_STATE_LENGTH) {
            return error(40058, "state longer than " + MAX_STATE_LENGTH + " characters");
        }
        List<String> users = strings(body.path("user"));
        List<Long> parties = new ArrayList<>();
        body.path("party").forEach(p -> parties.add(p.asLong()));
        if (users.isEmpty() && parties.isEmpty()) {
            return error(40058, "user or party required");
        }
        if (type == 1 && users.size() + parties.size() != 1) {
            return error(40058, "a single contact way has exactly one user");
        }
        if (users.size() > 100) {
            return error(40058, "at most 100 users");
        }
        ContactWay way = new ContactWay();
        way.configId = randomHex(32);
        way.type = type;
        way.scene = scene;
        way.style = body.path("style").asInt(1);
        way.remark = body.path("remark").asText("");
        way.skipVerify = body.path("skip_verify").asBoolean(true);
        way.state = stateText;
        way.users = users;
        way.parties = parties;
        way.temp = body.path("is_temp").asBoolean(false);
        way.expiresIn = body.path("expires_in").asLong(way.temp ? 7 * 86_400 : 0);
        way.createdAt = now.toEpochMilli();
        // a scannable stand-in for the QR image: the sandbox describes the code there
        way.qrCode = scene == 2 ? request.base() + "/control/qr/" + way.configId : null;
        state.contactWays.put(way.configId, way);
        dirty = true;
        ObjectNode ok = ok();
        ok.put("config_id", way.configId);
        if (way.qrCode != null) {
            ok.put("qr_code", way.qrCode);
        }
        return json(ok);
    }

    private SimResponse getContactWay(JsonNode body) {
        ContactWay way = state.contactWays.get(body.path("config_id").asText(""));
        if (way == null) {
            return error(40058, "invalid config_id");
        }
        ObjectNode ok = ok();
        ok.set("contact_way", contactWayJson(way));
        return json(ok);
    }

    private ObjectNode contactWayJson(ContactWay way) {
        ObjectNode c = mapper.createObjectNode();
        c.put("config_id", way.configId);
        c.put("type", way.type);
        c.put("scene", way.scene);
        c.put("style", way.style);
        c.put("remark", way.remark);
        c.put("skip_verify", way.skipVerify);
        c.put("state", way.state);
        if (way.qrCode != null) {
            c.put("qr_code", way.qrCode);
        }
        ArrayNode users = c.putArray("user");
        way.users.forEach(users::add);
        ArrayNode parties = c.putArray("party");
        way.parties.forEach(parties::add);
        c.put("is_temp", way.temp);
        c.put("expires_in", way.expiresIn);
        return c;
    }

    private SimResponse delContactWay(JsonNode body) {
        if (state.contactWays.remove(body.path("config_id").asText("")) == null) {
            return error(40058, "invalid config_id");
        }
        dirty = true;
        return json(ok());
    }

    private SimResponse getExternalContact(SimRequest request) {
        Contact c = state.contacts.get(Objects.requireNonNullElse(request.param("external_userid"), ""));
        if (c == null) {
            return error(84061, "not external contact");
        }
        ObjectNode ok = ok();
        ObjectNode ec = ok.putObject("external_contact");
        ec.put("external_userid", c.externalUserId);
        ec.put("name", c.name);
        ec.put("type", c.type);
        ec.put("avatar", "");
        ec.put("gender", c.gender);
        if (c.unionid != null) {
            ec.put("unionid", c.unionid);
        }
        ArrayNode follows = ok.putArray("follow_user");
        for (Follow f : c.follows) {
            ObjectNode o = follows.addObject();
            o.put("userid", f.userid);
            o.put("remark", f.remark);
            o.put("description", f.description);
            o.put("createtime", f.createtime);
            ArrayNode tags = o.putArray("tags");
            f.tags.forEach(t -> tags.addObject().put("tag_id", t).put("type", 1));
            o.putArray("remark_mobiles");
            o.put("add_way", f.addWay);
            o.put("oper_userid", c.externalUserId);
            if (f.state != null && !f.state.isEmpty()) {
                o.put("state", f.state);
            }
        }
        ok.put("next_cursor", "");
        return json(ok);
    }

    private SimResponse listExternalContacts(SimRequest request) {
        String userid = Objects.requireNonNullElse(request.param("userid"), "");
        ObjectNode ok = ok();
        ArrayNode ids = ok.putArray("external_userid");
        state.contacts.values().stream().filter(c -> c.follow(userid) != null).forEach(c -> ids.add(c.externalUserId));
        return json(ok);
    }

    // ------------------------------------------------------------------ sandbox control

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
        if (action.startsWith("qr/") && request.method().equals("GET")) {
            return qr(action.substring(3));
        }
        String key = request.method() + " " + action;
        return switch (key) {
            case "POST scan" -> scan(body);
            case "POST confirm" -> confirm(body);
            case "POST message" -> message(body);
            case "POST remove" -> remove(body);
            case "POST contacts" -> seedContacts(body);
            case "POST groupchat" -> groupChat(body);
            case "POST groupchat-join" -> groupChatJoin(body);
            case "POST groupchat-message" -> groupChatMessage(body);
            case "POST advance" -> advanceControl(body);
            case "POST fail" -> fail(body);
            case "POST reset" -> reset();
            case "POST replay" -> replay(body, false);
            case "POST redeliver" -> replay(body, true);
            case "GET state" -> stateView(request);
            case "GET callbacks" -> callbackLog();
            default -> relations.control(key, body);
        };
    }

    /** Result of a control action that also sends a callback, built under the lock and sent after it. */
    record Outcome(ObjectNode answer, String kind, String plainXml) {
    }

    private SimResponse scan(JsonNode body) {
        Outcome outcome;
        synchronized (this) {
            Instant now = now();
            String configId = body.path("config_id").asText("");
            String stateText = body.path("state").asText("");
            String userid = body.path("userid").asText("");
            ContactWay way = null;
            if (!configId.isEmpty()) {
                way = state.contactWays.get(configId);
                if (way == null) {
                    return problem(404, "no contact way " + configId);
                }
            } else if (!stateText.isEmpty() && userid.isEmpty()) {
                way = state.contactWays.values().stream().filter(w -> stateText.equals(w.state)).findFirst().orElse(null);
            }
            String effectiveState = stateText.isEmpty() && way != null ? way.state : stateText;
            if (userid.isEmpty() && way != null && !way.users.isEmpty()) {
                userid = way.users.get(random.nextInt(way.users.size()));
            }
            if (userid.isEmpty()) {
                return problem(400, "userid required (or a config_id / state of a contact way with users)");
            }
            if (effectiveState.length() > MAX_STATE_LENGTH) {
                return problem(400, "state longer than " + MAX_STATE_LENGTH + " characters");
            }
            Contact contact = findOrCreateContact(body);
            ObjectNode answer = mapper.createObjectNode();
            answer.put("external_userid", contact.externalUserId);
            answer.put("userid", userid);
            if (contact.follow(userid) != null) {
                // already contacts: adding again changes nothing and the platform sends no event
                answer.put("already_contact", true);
                dirty = true;
                return SimResponse.json(200, answer.toString());
            }
            Follow f = new Follow();
            f.userid = userid;
            f.createtime = now.getEpochSecond();
            f.state = effectiveState.isEmpty() ? null : effectiveState;
            contact.follows.add(f);
            WelcomeCode w = new WelcomeCode();
            w.code = randomText(43);
            w.externalUserId = contact.externalUserId;
            w.userid = userid;
            w.issuedAt = now.toEpochMilli();
            state.welcomeCodes.put(w.code, w);
            pruneWelcomeCodes(now);
            dirty = true;
            Map<String, Object> xml = event(now, "change_external_contact");
            xml.put("ChangeType", "add_external_contact");
            xml.put("UserID", userid);
            xml.put("ExternalUserID", contact.externalUserId);
            if (f.state != null) {
                xml.put("State", f.state);
            }
            xml.put("WelcomeCode", w.code);
            answer.put("state", f.state);
            answer.put("welcome_code", w.code);
            outcome = new Outcome(answer, "add_external_contact", SafeXml.write(xml));
        }
        return deliver(outcome);
    }

    private Contact findOrCreateContact(JsonNode body) {
        String externalUserId = body.path("external_userid").asText("");
        String unionid = body.path("unionid").asText("");
        Contact contact = externalUserId.isEmpty() ? null : state.contacts.get(externalUserId);
        if (contact == null && !unionid.isEmpty()) {
            // one person has one external_userid per corp, whichever staff member they add
            contact = state.contacts.values().stream().filter(c -> unionid.equals(c.unionid)).findFirst().orElse(null);
        }
        if (contact == null) {
            contact = new Contact();
            contact.externalUserId = externalUserId.isEmpty() ? "wm" + randomText(30) : externalUserId;
            state.contacts.put(contact.externalUserId, contact);
        }
        if (body.hasNonNull("name")) {
            contact.name = body.get("name").asText();
        }
        if (contact.name == null) {
            contact.name = "Customer " + contact.externalUserId.substring(contact.externalUserId.length() - 4);
        }
        if (!unionid.isEmpty()) {
            contact.unionid = unionid;
        }
        if (body.has("gender")) {
            contact.gender = body.get("gender").asInt();
        }
        return contact;
    }

    private void pruneWelcomeCodes(Instant now) {
        long stale = now.minus(Duration.ofDays(1)).toEpochMilli();
        state.welcomeCodes.values().removeIf(w -> w.issuedAt < stale);
    }

    private SimResponse confirm(JsonNode body) {
        synchronized (this) {
            Instant now = now();
            String msgid = body.path("msgid").asText("");
            MassMessage m = state.messages.get(msgid);
            if (m == null) {
                return problem(404, "no mass message " + msgid);
            }
            String userid = body.path("userid").asText(m.sender);
            Task task = m.tasks.get(userid);
            if (task == null) {
                return problem(404, "mass message " + msgid + " has no task for " + userid);
            }
            if (m.cancelled) {
                return problem(409, "mass message " + msgid + " was cancelled");
            }
            ObjectNode answer = mapper.createObjectNode();
            answer.put("msgid", msgid);
            if (task.status == 2) {
                answer.put("already_sent", true);
                summarize(m, userid, answer);
                return SimResponse.json(200, answer.toString());
            }
            task.status = 2;
            task.sendTime = now.getEpochSecond();
            String day = LocalDate.ofInstant(now, QUOTA_ZONE).toString();
            Map<String, Integer> receivedToday = new HashMap<>();
            for (Delivery d : state.deliveries) {
                if (!d.kind.equals("welcome") && d.day.equals(day)) {
                    receivedToday.merge(d.target, 1, Integer::sum);
                }
            }
            for (Map.Entry<String, Result> e : m.results.entrySet()) {
                Result r = e.getValue();
                if (!r.userid.equals(userid) || r.status != 0) {
                    continue;
                }
                String target = e.getKey();
                r.sendTime = task.sendTime;
                if (!reachable(m, target, userid)) {
                    r.status = 2;
                } else if (config.massQuotaPerDay() > 0
                        && receivedToday.getOrDefault(target, 0) >= config.massQuotaPerDay()) {
                    r.status = 3;
                } else {
                    r.status = 1;
                    receivedToday.merge(target, 1, Integer::sum);
                    Delivery d = new Delivery();
                    d.kind = m.chatType.equals("single") ? "mass" : "group";
                    d.msgid = m.msgid;
                    d.target = target;
                    d.userid = userid;
                    d.at = now.toEpochMilli();
                    d.day = day;
                    d.text = m.text;
                    state.deliveries.add(d);
                }
            }
            dirty = true;
            summarize(m, userid, answer);
            return SimResponse.json(200, answer.toString());
        }
    }

    private boolean reachable(MassMessage m, String target, String userid) {
        if (m.chatType.equals("single")) {
            Contact c = state.contacts.get(target);
            return c != null && c.follow(userid) != null;
        }
        return state.chats.containsKey(target);
    }

    private static void summarize(MassMessage m, String userid, ObjectNode answer) {
        int sent = 0;
        int notFriend = 0;
        int quota = 0;
        for (Result r : m.results.values()) {
            if (r.userid.equals(userid)) {
                switch (r.status) {
                    case 1 -> sent++;
                    case 2 -> notFriend++;
                    case 3 -> quota++;
                    default -> {
                    }
                }
            }
        }
        answer.put("sent", sent);
        answer.put("not_friend", notFriend);
        answer.put("quota_exceeded", quota);
    }

    private SimResponse message(JsonNode body) {
        Outcome outcome;
        synchronized (this) {
            Instant now = now();
            String externalUserId = body.path("external_userid").asText("");
            Contact c = state.contacts.get(externalUserId);
            if (c == null) {
                return problem(404, "no external contact " + externalUserId);
            }
            String userid = body.path("userid").asText("");
            if (userid.isEmpty() && !c.follows.isEmpty()) {
                userid = c.follows.get(0).userid;
            }
            // The platform pushes an external contact's chat only through its archive and customer
            // service APIs; the sandbox shows it as an app message whose FromUserName is the
            // external_userid (and names the staff member it was written to in UserID).
            Map<String, Object> xml = new LinkedHashMap<>();
            xml.put("ToUserName", config.corpId());
            xml.put("FromUserName", externalUserId);
            xml.put("CreateTime", now.getEpochSecond());
            xml.put("MsgType", "text");
            xml.put("Content", body.path("content").asText(""));
            xml.put("MsgId", Long.toString(1_000_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 8_000_000_000_000_000_000L));
            xml.put("AgentID", agentIdValue());
            if (!userid.isEmpty()) {
                xml.put("UserID", userid);
            }
            ObjectNode answer = mapper.createObjectNode();
            answer.put("external_userid", externalUserId);
            answer.put("msgid", (String) xml.get("MsgId"));
            outcome = new Outcome(answer, "text", SafeXml.write(xml));
        }
        return deliver(outcome);
    }

    private SimResponse remove(JsonNode body) {
        Outcome outcome;
        synchronized (this) {
            Instant now = now();
            String externalUserId = body.path("external_userid").asText("");
            String userid = body.path("userid").asText("");
            Contact c = state.contacts.get(externalUserId);
            if (c == null || c.follow(userid) == null) {
                return problem(404, externalUserId + " and " + userid + " are not contacts");
            }
            c.follows.remove(c.follow(userid));
            dirty = true;
            boolean byStaff = body.path("by").asText("customer").equals("staff");
            Map<String, Object> xml = event(now, "change_external_contact");
            // del_external_contact: the staff member deleted the customer; del_follow_user: the customer deleted the staff member
            String changeType = byStaff ? "del_external_contact" : "del_follow_user";
            xml.put("ChangeType", changeType);
            xml.put("UserID", userid);
            xml.put("ExternalUserID", externalUserId);
            ObjectNode answer = mapper.createObjectNode();
            answer.put("external_userid", externalUserId);
            answer.put("userid", userid);
            outcome = new Outcome(answer, changeType, SafeXml.write(xml));
        }
        return deliver(outcome);
    }

    /** Adds contacts without callbacks, e.g. 25,000 customers of one staff member for a load test. */
    private synchronized SimResponse seedContacts(JsonNode body) {
        String userid = body.path("userid").asText("");
        if (userid.isEmpty()) {
            return problem(400, "userid required");
        }
        List<String> ids = strings(body.path("external_userids"));
        int count = body.path("count").asInt(0);
        String prefix = body.path("prefix").asText("wm");
        for (int i = 0; i < count; i++) {
            ids.add(prefix + String.format("%08d", i));
        }
        long now = now().getEpochSecond();
        for (String id : ids) {
            Contact c = state.contacts.computeIfAbsent(id, k -> {
                Contact n = new Contact();
                n.externalUserId = k;
                n.name = "Customer " + k;
                return n;
            });
            if (c.follow(userid) == null) {
                Follow f = new Follow();
                f.userid = userid;
                f.createtime = now;
                f.state = body.path("state").asText(null);
                f.tags = strings(body.path("tags"));
                c.follows.add(f);
            }
            if (ids.size() == 1 && body.hasNonNull("unionid")) {
                c.unionid = body.get("unionid").asText();
            }
            if (ids.size() == 1 && body.hasNonNull("name")) {
                c.name = body.get("name").asText();
            }
        }
        dirty = true;
        ObjectNode answer = mapper.createObjectNode();
        answer.put("userid", userid);
        answer.put("added", ids.size());
        return SimResponse.json(200, answer.toString());
    }

    private synchronized SimResponse groupChat(JsonNode body) {
        GroupChat g = new GroupChat();
        g.chatId = body.path("chat_id").asText("");
        if (g.chatId.isEmpty()) {
            g.chatId = "wr" + randomText(30);
        }
        g.owner = body.path("owner").asText("");
        if (g.owner.isEmpty()) {
            return problem(400, "owner required");
        }
        g.name = body.path("name").asText("");
        g.members = strings(body.path("members"));
        g.status = body.path("status").asInt(0);
        g.notice = body.path("notice").asText("");
        Long created = epochSeconds(body.path("create_time"));
        if (created != null && created > now().getEpochSecond()) {
            return problem(400, "create_time is after the sandbox's now");
        }
        g.createTime = created == null ? now().getEpochSecond() : created;
        for (String m : g.members) {
            Long joined = epochSeconds(body.path("join_times").path(m));
            g.joinTimes.put(m, joined == null ? g.createTime : Math.max(g.createTime, joined));
        }
        state.chats.put(g.chatId, g);
        dirty = true;
        ObjectNode answer = mapper.createObjectNode();
        answer.put("chat_id", g.chatId);
        return SimResponse.json(200, answer.toString());
    }

    /** Epoch seconds from a number or an ISO instant; null when absent. */
    private static Long epochSeconds(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return null;
        }
        return v.isNumber() ? v.asLong() : java.time.Instant.parse(v.asText()).getEpochSecond();
    }

    /** The body's {@code at} in epoch seconds (a number or an ISO instant), else the sandbox's now. */
    private long atOrNow(JsonNode body) {
        Long given = epochSeconds(body.path("at"));
        return given == null ? now().getEpochSecond() : given;
    }

    /** Members join a chat: {@code {"chat_id", "members": [...], "at"}} (at: now when absent, never later). */
    private synchronized SimResponse groupChatJoin(JsonNode body) {
        GroupChat g = state.chats.get(body.path("chat_id").asText(""));
        if (g == null) {
            return problem(404, "no such chat");
        }
        long at;
        try {
            at = atOrNow(body);
        } catch (RuntimeException e) {
            return problem(400, "at: " + e.getMessage());
        }
        if (at > now().getEpochSecond() || at < g.createTime) {
            return problem(400, "at must be between the chat's creation and the sandbox's now");
        }
        List<String> joined = strings(body.path("members"));
        for (String m : joined) {
            if (!g.members.contains(m)) {
                g.members.add(m);
                g.joinTimes.put(m, at);
            }
        }
        dirty = true;
        return SimResponse.json(200, "{\"members\":" + g.members.size() + "}");
    }

    /** A member writes in a chat: {@code {"chat_id", "sender", "count", "at"}}, counted by the group statistics. */
    private synchronized SimResponse groupChatMessage(JsonNode body) {
        GroupChat g = state.chats.get(body.path("chat_id").asText(""));
        if (g == null) {
            return problem(404, "no such chat");
        }
        String sender = body.path("sender").asText("");
        if (!g.members.contains(sender) && !sender.equals(g.owner)) {
            return problem(400, "sender is not a member of the chat");
        }
        long at;
        try {
            at = atOrNow(body);
        } catch (RuntimeException e) {
            return problem(400, "at: " + e.getMessage());
        }
        if (at > now().getEpochSecond() || at < g.joinTimes.getOrDefault(sender, g.createTime)) {
            return problem(400, "at must be between the sender's joining and the sandbox's now");
        }
        int count = body.path("count").asInt(1);
        if (count < 1 || count > 10_000) {
            return problem(400, "count must be between 1 and 10000");
        }
        for (int i = 0; i < count; i++) {
            WeComState.ChatMessage m = new WeComState.ChatMessage();
            m.sender = sender;
            m.at = at;
            g.messages.add(m);
        }
        dirty = true;
        return SimResponse.json(200, "{\"messages\":" + g.messages.size() + "}");
    }

    private SimResponse fail(JsonNode body) {
        String api = body.path("api").asText("");
        int errcode = body.path("errcode").asInt(-1);
        if (api.isEmpty() || errcode == 0) {
            return problem(400, "api and a non-zero errcode required");
        }
        failNext(api, errcode, Math.max(1, body.path("times").asInt(1)));
        return SimResponse.json(200, "{}");
    }

    private synchronized SimResponse reset() {
        state = new WeComState();
        resetShared();
        dirty = true;
        return SimResponse.json(200, "{}");
    }

    private SimResponse qr(String configId) {
        synchronized (this) {
            ContactWay way = state.contactWays.get(configId);
            if (way == null) {
                return problem(404, "no contact way " + configId);
            }
            ObjectNode answer = contactWayJson(way);
            answer.put("scan", "POST control/scan {\"config_id\":\"" + configId + "\",\"name\":\"…\",\"unionid\":\"…\"}");
            return SimResponse.json(200, answer.toString());
        }
    }

    /**
     * {@code replay}: sends a past callback again byte for byte (same timestamp, nonce and
     * signature), as an attacker replaying it would. {@code redeliver}: seals the same message
     * anew, as the platform's own retry does.
     */
    private SimResponse replay(JsonNode body, boolean reseal) {
        int back = body.path("index").asInt(0);
        SentCallback past = pastCallback(back);
        if (past == null) {
            return problem(404, "no callback " + back + " back");
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("kind", past.kind());
        if (reseal) {
            return deliver(new Outcome(answer, past.kind(), past.plainXml()));
        }
        answer.set("callback", replyJson(resend(past)));
        return SimResponse.json(200, answer.toString());
    }

    private SimResponse stateView(SimRequest request) {
        synchronized (this) {
            boolean detail = "true".equals(request.param("detail"));
            String only = request.param("external_userid");
            ObjectNode view = mapper.createObjectNode();
            view.put("now", now().toString());
            view.put("corpid", config.corpId());
            view.put("contacts", state.contacts.size());
            Map<String, Integer> received = new LinkedHashMap<>();
            Map<String, Integer> welcomed = new LinkedHashMap<>();
            for (Delivery d : state.deliveries) {
                if (only != null && !only.equals(d.target)) {
                    continue;
                }
                (d.kind.equals("welcome") ? welcomed : received).merge(d.target, 1, Integer::sum);
            }
            view.put("delivered", received.values().stream().mapToInt(Integer::intValue).sum());
            view.set("received", mapper.valueToTree(received));
            view.set("welcomed", mapper.valueToTree(welcomed));
            ArrayNode messages = view.putArray("messages");
            for (MassMessage m : state.messages.values()) {
                ObjectNode o = messages.addObject();
                o.put("msgid", m.msgid);
                o.put("chat_type", m.chatType);
                o.put("sender", m.sender);
                o.put("create_time", m.createTime);
                o.put("text", m.text);
                o.put("targets", m.results.size());
                o.put("fail_list", m.failList.size());
                o.put("cancelled", m.cancelled);
                o.put("confirmed", m.tasks.values().stream().allMatch(t -> t.status == 2));
                summarize(m, m.sender, o);
            }
            ArrayNode ways = view.putArray("contact_ways");
            state.contactWays.values().forEach(w -> ways.add(contactWayJson(w)));
            if (detail) {
                view.set("deliveries", mapper.valueToTree(state.deliveries));
                view.set("contact_list", mapper.valueToTree(state.contacts.values()));
            }
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
        }
        return SimResponse.json(200, list.toString());
    }

    // ------------------------------------------------------------------ callbacks

    Map<String, Object> event(Instant now, String event) {
        Map<String, Object> xml = new LinkedHashMap<>();
        xml.put("ToUserName", config.corpId());
        xml.put("FromUserName", "sys");
        xml.put("CreateTime", now.getEpochSecond());
        xml.put("MsgType", "event");
        xml.put("Event", event);
        return xml;
    }

    private Object agentIdValue() {
        try {
            return Long.parseLong(config.agentId());
        } catch (NumberFormatException e) {
            return config.agentId();
        }
    }

    /**
     * Seals the message the way the platform does: encrypted with the corp's EncodingAESKey and
     * receiveid = corpid, signed with the token over timestamp, nonce and ciphertext, and POSTed as
     * {@code <xml><ToUserName/><Encrypt/><AgentID/></xml>} with the signature in the query.
     */
    SimResponse deliver(Outcome outcome) {
        String timestamp = Long.toString(now().getEpochSecond());
        String nonce = Long.toString(1_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 9_000_000_000L);
        String encrypted = crypto.encrypt(outcome.plainXml());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("msg_signature", crypto.signature(timestamp, nonce, encrypted));
        query.put("timestamp", timestamp);
        query.put("nonce", nonce);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("ToUserName", config.corpId());
        envelope.put("Encrypt", encrypted);
        envelope.put("AgentID", agentIdValue());
        byte[] body = SafeXml.write(envelope).getBytes(StandardCharsets.UTF_8);
        SentCallback sent = post(config.callbackUrl(), outcome.kind(), query, body, outcome.plainXml());
        outcome.answer().set("callback", replyJson(sent));
        return SimResponse.json(200, outcome.answer().toString());
    }

    // ------------------------------------------------------------------ helpers

    private static boolean method(SimRequest request, String method) {
        return request.method().equals(method);
    }

    private static boolean has(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isEmpty();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static int limit(JsonNode body, int max, int dflt) {
        int limit = body.path("limit").asInt(dflt);
        return limit < 1 ? dflt : Math.min(limit, max);
    }

    static int cursor(JsonNode body) {
        String cursor = body.path("cursor").asText("");
        if (cursor.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(offset).getBytes(StandardCharsets.UTF_8));
    }

    String randomText(int length) {
        return randomText(ALPHANUMERIC, length);
    }

    private String randomHex(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "WeComSimulator[" + config + "]";
    }
}
