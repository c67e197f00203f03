package io.siyu.channel.sandbox.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.kit.SafeXml;
import io.siyu.channel.sandbox.SimRequest;
import io.siyu.channel.sandbox.SimResponse;
import io.siyu.channel.sandbox.wecom.WeComState.Contact;
import io.siyu.channel.sandbox.wecom.WeComState.CorpTag;
import io.siyu.channel.sandbox.wecom.WeComState.CorpTagGroup;
import io.siyu.channel.sandbox.wecom.WeComState.Follow;
import io.siyu.channel.sandbox.wecom.WeComState.GroupChat;
import io.siyu.channel.sandbox.wecom.WeComState.MomentTask;
import io.siyu.channel.sandbox.wecom.WeComState.Transfer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The simulator's customer-relations API (channels.md §2): corp tags ({@code get_corp_tag_list},
 * {@code add_corp_tag}, {@code mark_tag}), follow users, customer group chats
 * ({@code groupchat/list}, {@code groupchat/get}), moments ({@code add_moment_task},
 * {@code get_moment_task_result}) and handovers ({@code transfer_customer},
 * {@code resigned/transfer_customer} and their results), with their control endpoints.
 *
 * <p>Always called by {@link WeComSimulator} holding its lock; control actions that send a callback
 * return it as an {@link WeComSimulator.Outcome} delivered after the lock is released.
 *
 * <p>Error codes the documentation does not name (unverified, change here if the platform differs):
 * 40068 unknown tag or group id, 40071 a tag name taken in its group, 40050 unknown chat_id, 40097
 * 离职继承 from a staff member who has not left, 40100 a contact already being transferred, 40128 a
 * contact transferred in service twice in 90 days; 40058 for other bad parameters.
 */
final class CustomerRelations {
    static final int MAX_TAG_NAME = 30;
    static final int MAX_TAGS = 3000;
    static final int MAX_TRANSFER = 100;
    static final int MAX_CHAT_LIMIT = 1000;
    static final int MAX_MOMENT_TEXT = 2000;
    static final Duration TAKEOVER_AFTER = Duration.ofHours(24);
    static final Duration TRANSFER_WINDOW = Duration.ofDays(90);
    static final int TRANSFERS_PER_WINDOW = 2;

    private final WeComSimulator sim;

    CustomerRelations(WeComSimulator sim) {
        this.sim = sim;
    }

    static boolean isKnown(String api) {
        return switch (api) {
            case "externalcontact/get_corp_tag_list", "externalcontact/add_corp_tag", "externalcontact/mark_tag",
                    "externalcontact/get_follow_user_list", "externalcontact/groupchat/list",
                    "externalcontact/groupchat/get", "externalcontact/add_moment_task",
                    "externalcontact/get_moment_task_result", "externalcontact/transfer_customer",
                    "externalcontact/transfer_result", "externalcontact/resigned/transfer_customer",
                    "externalcontact/resigned/transfer_result", "externalcontact/groupchat/transfer" -> true;
            default -> false;
        };
    }

    static boolean isGet(String api) {
        return api.equals("externalcontact/get_follow_user_list") || api.equals("externalcontact/get_moment_task_result");
    }

    private WeComState state() {
        return sim.state();
    }

    SimResponse api(String api, SimRequest request, JsonNode body, Instant now) {
        settleTransfers(now);
        return switch (api) {
            case "externalcontact/get_corp_tag_list" -> corpTagList(body);
            case "externalcontact/add_corp_tag" -> addCorpTag(body, now);
            case "externalcontact/mark_tag" -> markTag(body);
            case "externalcontact/get_follow_user_list" -> followUsers();
            case "externalcontact/groupchat/list" -> chatList(body);
            case "externalcontact/groupchat/get" -> chat(body);
            case "externalcontact/add_moment_task" -> addMoment(body, now);
            case "externalcontact/get_moment_task_result" -> momentResult(request.param("jobid"));
            case "externalcontact/transfer_customer" -> transfer(body, false, now);
            case "externalcontact/resigned/transfer_customer" -> transfer(body, true, now);
            case "externalcontact/transfer_result" -> transferResult(body, false);
            case "externalcontact/resigned/transfer_result" -> transferResult(body, true);
            case "externalcontact/groupchat/transfer" -> transferChats(body);
            default -> throw new IllegalStateException(api);
        };
    }

    // ------------------------------------------------------------------ corp tags

    private SimResponse corpTagList(JsonNode body) {
        Set<String> tagIds = new LinkedHashSet<>(WeComSimulator.strings(body.path("tag_id")));
        Set<String> groupIds = new LinkedHashSet<>(WeComSimulator.strings(body.path("group_id")));
        ObjectNode ok = sim.ok();
        ArrayNode groups = ok.putArray("tag_group");
        for (CorpTagGroup g : state().tagGroups.values()) {
            // tag_id wins over group_id when both are given, as documented
            if (g.deleted || tagIds.isEmpty() && !groupIds.isEmpty() && !groupIds.contains(g.groupId)) {
                continue;
            }
            List<CorpTag> tags = g.tags.stream().filter(t -> !t.deleted)
                    .filter(t -> tagIds.isEmpty() || tagIds.contains(t.id)).toList();
            if (!tagIds.isEmpty() && tags.isEmpty()) {
                continue;
            }
            ObjectNode o = groupJson(g, tags);
            groups.add(o);
        }
        return sim.json(ok);
    }

    private ObjectNode groupJson(CorpTagGroup g, List<CorpTag> tags) {
        ObjectNode o = sim.mapper().createObjectNode();
        o.put("group_id", g.groupId);
        o.put("group_name", g.groupName);
        o.put("create_time", g.createTime);
        o.put("order", g.order);
        o.put("deleted", g.deleted);
        ArrayNode list = o.putArray("tag");
        for (CorpTag t : tags) {
            list.addObject().put("id", t.id).put("name", t.name).put("create_time", t.createTime)
                    .put("order", t.order).put("deleted", t.deleted);
        }
        return o;
    }

    private long liveTags() {
        return state().tagGroups.values().stream().filter(g -> !g.deleted)
                .mapToLong(g -> g.tags.stream().filter(t -> !t.deleted).count()).sum();
    }

    private SimResponse addCorpTag(JsonNode body, Instant now) {
        String groupId = body.path("group_id").asText("");
        String groupName = body.path("group_name").asText("").strip();
        JsonNode tagNodes = body.path("tag");
        if (!tagNodes.isArray() || tagNodes.isEmpty()) {
            return sim.error(40058, "tag required");
        }
        List<String> names = new ArrayList<>();
        List<Integer> orders = new ArrayList<>();
        for (JsonNode t : tagNodes) {
            String name = t.path("name").asText("").strip();
            if (name.isEmpty() || name.length() > MAX_TAG_NAME) {
                return sim.error(40058, "tag name must be 1 to " + MAX_TAG_NAME + " characters: " + name);
            }
            if (names.contains(name)) {
                return sim.error(40071, "tag name repeated: " + name);
            }
            names.add(name);
            orders.add(t.path("order").asInt(0));
        }
        if (liveTags() + names.size() > MAX_TAGS) {
            return sim.error(40058, "a corp has at most " + MAX_TAGS + " tags");
        }
        CorpTagGroup group;
        if (!groupId.isEmpty()) {
            group = state().tagGroups.get(groupId);
            if (group == null || group.deleted) {
                return sim.error(40068, "invalid group_id " + groupId);
            }
        } else {
            if (groupName.isEmpty() || groupName.length() > MAX_TAG_NAME) {
                return sim.error(40058, "group_id or a group_name of 1 to " + MAX_TAG_NAME + " characters required");
            }
            // an existing group of that name gets the tags, as documented
            group = state().tagGroups.values().stream().filter(g -> !g.deleted && g.groupName.equals(groupName))
                    .findFirst().orElse(null);
            if (group == null) {
                group = newGroup(groupName, body.path("order").asInt(0), now);
            }
        }
        for (String name : names) {
            if (group.tags.stream().anyMatch(t -> !t.deleted && t.name.equals(name))) {
                return sim.error(40071, "tag name exists in the group: " + name);
            }
        }
        List<CorpTag> created = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            created.add(newTag(group, names.get(i), orders.get(i), now));
        }
        sim.changed();
        ObjectNode ok = sim.ok();
        ok.set("tag_group", groupJson(group, created));
        return sim.json(ok);
    }

    private CorpTagGroup newGroup(String name, int order, Instant now) {
        CorpTagGroup g = new CorpTagGroup();
        g.groupId = "et" + sim.randomText(20);
        g.groupName = name;
        g.order = order;
        g.createTime = now.getEpochSecond();
        state().tagGroups.put(g.groupId, g);
        return g;
    }

    private CorpTag newTag(CorpTagGroup group, String name, int order, Instant now) {
        CorpTag t = new CorpTag();
        t.id = "et" + sim.randomText(20);
        t.name = name;
        t.order = order;
        t.createTime = now.getEpochSecond();
        group.tags.add(t);
        return t;
    }

    private CorpTag findTag(String id) {
        for (CorpTagGroup g : state().tagGroups.values()) {
            for (CorpTag t : g.tags) {
                if (t.id.equals(id) && !t.deleted && !g.deleted) {
                    return t;
                }
            }
        }
        return null;
    }

    private SimResponse markTag(JsonNode body) {
        String userid = body.path("userid").asText("");
        String externalUserId = body.path("external_userid").asText("");
        List<String> add = WeComSimulator.strings(body.path("add_tag"));
        List<String> remove = WeComSimulator.strings(body.path("remove_tag"));
        if (userid.isEmpty() || externalUserId.isEmpty()) {
            return sim.error(40058, "userid and external_userid required");
        }
        if (add.isEmpty() && remove.isEmpty()) {
            return sim.error(40058, "add_tag or remove_tag required");
        }
        Contact c = state().contacts.get(externalUserId);
        Follow f = c == null ? null : c.follow(userid);
        if (f == null) {
            return sim.error(84061, "not external contact of " + userid);
        }
        for (String id : add) {
            if (findTag(id) == null) {
                return sim.error(40068, "invalid tagid " + id);
            }
        }
        for (String id : add) {
            if (!f.tags.contains(id)) {
                f.tags.add(id);
            }
        }
        f.tags.removeAll(remove);
        sim.changed();
        return sim.json(sim.ok());
    }

    private SimResponse followUsers() {
        Set<String> users = new LinkedHashSet<>(state().staff);
        state().contacts.values().forEach(c -> c.follows.forEach(f -> users.add(f.userid)));
        ObjectNode ok = sim.ok();
        ArrayNode list = ok.putArray("follow_user");
        users.forEach(list::add);
        return sim.json(ok);
    }

    // ------------------------------------------------------------------ group chats

    private SimResponse chatList(JsonNode body) {
        int limit = body.path("limit").asInt(0);
        if (limit < 1 || limit > MAX_CHAT_LIMIT) {
            return sim.error(40058, "limit must be 1 to " + MAX_CHAT_LIMIT);
        }
        int status = body.path("status_filter").asInt(0);
        Set<String> owners = new LinkedHashSet<>(WeComSimulator.strings(body.path("owner_filter").path("userid_list")));
        List<GroupChat> matching = state().chats.values().stream()
                .filter(g -> !body.has("status_filter") || g.status == status)
                .filter(g -> owners.isEmpty() || owners.contains(g.owner)).toList();
        int from = Math.min(WeComSimulator.cursor(body), matching.size());
        int to = Math.min(matching.size(), from + limit);
        ObjectNode ok = sim.ok();
        ArrayNode list = ok.putArray("group_chat_list");
        for (GroupChat g : matching.subList(from, to)) {
            list.addObject().put("chat_id", g.chatId).put("status", g.status);
        }
        if (to < matching.size()) {
            ok.put("next_cursor", WeComSimulator.encodeCursor(to));
        }
        return sim.json(ok);
    }

    private SimResponse chat(JsonNode body) {
        GroupChat g = state().chats.get(body.path("chat_id").asText(""));
        if (g == null) {
            return sim.error(40050, "invalid chat_id");
        }
        ObjectNode ok = sim.ok();
        ObjectNode o = ok.putObject("group_chat");
        o.put("chat_id", g.chatId);
        o.put("name", g.name == null ? "" : g.name);
        o.put("owner", g.owner);
        o.put("create_time", g.createTime);
        o.put("notice", g.notice == null ? "" : g.notice);
        ArrayNode members = o.putArray("member_list");
        List<String> all = new ArrayList<>();
        if (!g.members.contains(g.owner)) {
            all.add(g.owner);
        }
        all.addAll(g.members);
        for (String m : all) {
            ObjectNode member = members.addObject();
            boolean external = m.startsWith("wm") || m.startsWith("wo");
            member.put("userid", m);
            member.put("type", external ? 2 : 1);
            member.put("join_time", g.joinTimes.getOrDefault(m, g.createTime));
            member.put("join_scene", external ? 3 : 1);
            member.putObject("invitor").put("userid", g.owner);
            Contact c = state().contacts.get(m);
            if (c != null && c.unionid != null) {
                member.put("unionid", c.unionid);
            }
        }
        o.putArray("admin_list");
        return sim.json(ok);
    }

    // ------------------------------------------------------------------ moments

    private SimResponse addMoment(JsonNode body, Instant now) {
        String text = body.path("text").path("content").asText("");
        JsonNode attachments = body.path("attachments");
        if (text.length() > MAX_MOMENT_TEXT) {
            return sim.error(40058, "text.content longer than " + MAX_MOMENT_TEXT + " characters");
        }
        int images = 0;
        int videos = 0;
        int links = 0;
        for (JsonNode a : attachments) {
            String type = a.path("msgtype").asText("");
            switch (type) {
                case "image" -> images++;
                case "video" -> videos++;
                case "link" -> links++;
                default -> {
                    return sim.error(40058, "invalid attachment msgtype " + type + ": image, video or link");
                }
            }
            JsonNode part = a.path(type);
            if (part.path("media_id").asText("").isEmpty() && !type.equals("link")) {
                return sim.error(40058, type + ".media_id required");
            }
            if (type.equals("link") && part.path("url").asText("").isEmpty()) {
                return sim.error(40058, "link.url required");
            }
        }
        boolean valid = images <= 9 && (videos + links == 0 || images == 0 && videos + links == 1);
        if (!valid) {
            return sim.error(40058, "attachments: up to 9 images, or 1 video, or 1 link");
        }
        if (text.isEmpty() && images + videos + links == 0) {
            return sim.error(40058, "text or attachments required");
        }
        MomentTask m = new MomentTask();
        m.jobid = "job" + sim.randomText(24);
        m.createTime = now.getEpochSecond();
        m.text = text;
        m.attachments = attachments.isMissingNode() ? null : attachments;
        m.senders = WeComSimulator.strings(body.path("visible_range").path("sender_list").path("user_list"));
        m.tags = WeComSimulator.strings(body.path("visible_range").path("external_contact_list").path("tag_list"));
        Set<String> staff = knownStaff();
        m.senders.stream().filter(s -> !staff.contains(s)).forEach(m.invalidSenders::add);
        m.tags.stream().filter(t -> findTag(t) == null).forEach(m.invalidTags::add);
        if (state().momentsImmediate) {
            complete(m);
        }
        state().moments.put(m.jobid, m);
        sim.changed();
        ObjectNode ok = sim.ok();
        ok.put("jobid", m.jobid);
        return sim.json(ok);
    }

    private Set<String> knownStaff() {
        Set<String> users = new LinkedHashSet<>(state().staff);
        state().contacts.values().forEach(c -> c.follows.forEach(f -> users.add(f.userid)));
        return users;
    }

    private void complete(MomentTask m) {
        m.status = 3;
        m.momentId = "mom" + sim.randomText(24);
    }

    private SimResponse momentResult(String jobid) {
        MomentTask m = state().moments.get(Objects.requireNonNullElse(jobid, ""));
        if (m == null) {
            return sim.error(40058, "invalid jobid");
        }
        if (m.status == 1) {
            m.status = 2; // picked up; done when a sender publishes it (control/moment)
            sim.changed();
        }
        ObjectNode ok = sim.ok();
        ok.put("status", m.status);
        ok.put("type", "add_moment_task");
        if (m.status == 3) {
            ObjectNode result = ok.putObject("result");
            result.put("errcode", 0);
            result.put("errmsg", "ok");
            result.put("moment_id", m.momentId);
            ArrayNode senders = result.putObject("invalid_sender_list").putArray("user_list");
            m.invalidSenders.forEach(senders::add);
            ArrayNode tags = result.putObject("invalid_external_contact_list").putArray("tag_list");
            m.invalidTags.forEach(tags::add);
        }
        return sim.json(ok);
    }

    // ------------------------------------------------------------------ handover

    private SimResponse transfer(JsonNode body, boolean resigned, Instant now) {
        String handover = body.path("handover_userid").asText("");
        String takeover = body.path("takeover_userid").asText("");
        List<String> ids = WeComSimulator.strings(body.path("external_userid"));
        if (handover.isEmpty() || takeover.isEmpty()) {
            return sim.error(40058, "handover_userid and takeover_userid required");
        }
        if (handover.equals(takeover)) {
            return sim.error(40058, "takeover_userid must differ from handover_userid");
        }
        if (ids.isEmpty() || ids.size() > MAX_TRANSFER) {
            return sim.error(40058, "external_userid: 1 to " + MAX_TRANSFER + " per call");
        }
        if (resigned && !state().resignedStaff.contains(handover)) {
            return sim.error(40097, handover + " has not resigned");
        }
        if (resigned && body.hasNonNull("transfer_success_msg")) {
            return sim.error(40058, "transfer_success_msg is for in-service transfers only");
        }
        long since = now.minus(TRANSFER_WINDOW).getEpochSecond();
        ObjectNode ok = sim.ok();
        ArrayNode customers = ok.putArray("customer");
        for (String id : ids) {
            Contact c = state().contacts.get(id);
            int code;
            if (c == null || c.follow(handover) == null) {
                code = 84061;
            } else if (state().transfers.stream().anyMatch(t -> t.externalUserId.equals(id) && t.status == 2)) {
                code = 40100;
            } else if (!resigned && state().transfers.stream().filter(t -> t.externalUserId.equals(id) && !t.resigned)
                    .filter(t -> t.status == 1 || t.status == 2).filter(t -> t.requestedAt >= since)
                    .count() >= TRANSFERS_PER_WINDOW) {
                code = 40128;
            } else {
                code = 0;
                Transfer t = new Transfer();
                t.externalUserId = id;
                t.handover = handover;
                t.takeover = takeover;
                t.resigned = resigned;
                t.requestedAt = now.getEpochSecond();
                t.takeoverTime = now.plus(TAKEOVER_AFTER).getEpochSecond();
                state().transfers.add(t);
                sim.changed();
            }
            customers.addObject().put("external_userid", id).put("errcode", code);
        }
        return sim.json(ok);
    }

    /**
     * {@code groupchat/transfer}: chats of owners who have left move to {@code new_owner} at once;
     * per chat 90501 for a chat that does not exist and 90500 for one whose owner has not left.
     */
    private SimResponse transferChats(JsonNode body) {
        List<String> ids = WeComSimulator.strings(body.path("chat_id_list"));
        String owner = body.path("new_owner").asText("");
        if (owner.isEmpty() || ids.isEmpty() || ids.size() > MAX_TRANSFER) {
            return sim.error(40058, "new_owner and 1 to " + MAX_TRANSFER + " chat_id_list entries required");
        }
        ObjectNode ok = sim.ok();
        ArrayNode failed = ok.putArray("failed_chat_list");
        for (String id : ids) {
            WeComState.GroupChat chat = state().chats.get(id);
            if (chat == null) {
                failed.addObject().put("chat_id", id).put("errcode", 90501).put("errmsg", "chat does not exist");
            } else if (!state().resignedStaff.contains(chat.owner)) {
                failed.addObject().put("chat_id", id).put("errcode", 90500).put("errmsg", "the owner has not left");
            } else {
                chat.owner = owner;
                sim.changed();
            }
        }
        return sim.json(ok);
    }

    private SimResponse transferResult(JsonNode body, boolean resigned) {
        String handover = body.path("handover_userid").asText("");
        String takeover = body.path("takeover_userid").asText("");
        if (handover.isEmpty() || takeover.isEmpty()) {
            return sim.error(40058, "handover_userid and takeover_userid required");
        }
        List<Transfer> matching = state().transfers.stream().filter(t -> t.resigned == resigned)
                .filter(t -> t.handover.equals(handover) && t.takeover.equals(takeover)).toList();
        int from = Math.min(WeComSimulator.cursor(body), matching.size());
        int to = Math.min(matching.size(), from + 1000);
        ObjectNode ok = sim.ok();
        ArrayNode list = ok.putArray("customer");
        for (Transfer t : matching.subList(from, to)) {
            list.addObject().put("external_userid", t.externalUserId).put("status", t.status)
                    .put("takeover_time", t.takeoverTime);
        }
        ok.put("next_cursor", to < matching.size() ? WeComSimulator.encodeCursor(to) : "");
        return sim.json(ok);
    }

    /** Waiting transfers whose 24 hours are over complete: the contact now follows the taker. */
    void settleTransfers(Instant now) {
        for (Transfer t : state().transfers) {
            if (t.status != 2 || t.takeoverTime > now.getEpochSecond()) {
                continue;
            }
            t.status = 1;
            Contact c = state().contacts.get(t.externalUserId);
            Follow from = c == null ? null : c.follow(t.handover);
            if (from != null) {
                c.follows.remove(from);
                if (c.follow(t.takeover) == null) {
                    Follow to = new Follow();
                    to.userid = t.takeover;
                    to.createtime = t.takeoverTime;
                    to.state = from.state;
                    to.remark = from.remark;
                    to.tags = new ArrayList<>(from.tags);
                    c.follows.add(to);
                }
            }
            sim.changed();
        }
    }

    // ------------------------------------------------------------------ control

    /** Control endpoints of this part; a 404 problem for unknown ones. */
    SimResponse control(String key, JsonNode body) {
        WeComSimulator.Outcome outcome;
        synchronized (sim) {
            Instant now = sim.now();
            settleTransfers(now);
            switch (key) {
                case "POST staff":
                    return staff(body);
                case "POST moments":
                    state().momentsImmediate = body.path("mode").asText("confirm").equals("immediate");
                    sim.changed();
                    return SimResponse.json(200, "{\"mode\":\"" + (state().momentsImmediate ? "immediate" : "confirm")
                            + "\"}");
                case "POST moment":
                    return confirmMoment(body);
                case "POST corptags":
                    outcome = seedTags(body, now);
                    break;
                case "POST transfer-fail":
                    outcome = failTransfer(body, now);
                    break;
                default:
                    return sim.problem(404, "no such control endpoint: " + key);
            }
            if (outcome.plainXml() == null) {
                return SimResponse.json(outcome.answer().path("status").asInt(200), outcome.answer().toString());
            }
        }
        return sim.deliver(outcome);
    }

    private SimResponse staff(JsonNode body) {
        for (String u : WeComSimulator.strings(body.path("userids"))) {
            if (!state().staff.contains(u)) {
                state().staff.add(u);
            }
        }
        for (String u : WeComSimulator.strings(body.path("resigned"))) {
            if (!state().resignedStaff.contains(u)) {
                state().resignedStaff.add(u);
            }
        }
        sim.changed();
        ObjectNode answer = sim.mapper().createObjectNode();
        answer.set("staff", sim.mapper().valueToTree(state().staff));
        answer.set("resigned", sim.mapper().valueToTree(state().resignedStaff));
        return SimResponse.json(200, answer.toString());
    }

    private SimResponse confirmMoment(JsonNode body) {
        MomentTask m = state().moments.get(body.path("jobid").asText(""));
        if (m == null) {
            return sim.problem(404, "no moment task " + body.path("jobid").asText(""));
        }
        if (m.status != 3) {
            complete(m);
            sim.changed();
        }
        ObjectNode answer = sim.mapper().createObjectNode();
        answer.put("jobid", m.jobid);
        answer.put("moment_id", m.momentId);
        return SimResponse.json(200, answer.toString());
    }

    /**
     * An administrator adds tags in the WeCom admin console: {@code {"group_name", "tags": [...]}};
     * the platform sends {@code change_external_tag}.
     */
    private WeComSimulator.Outcome seedTags(JsonNode body, Instant now) {
        String groupName = body.path("group_name").asText("").strip();
        List<String> names = WeComSimulator.strings(body.path("tags"));
        ObjectNode answer = sim.mapper().createObjectNode();
        if (groupName.isEmpty() || groupName.length() > MAX_TAG_NAME
                || names.stream().anyMatch(n -> n.isBlank() || n.length() > MAX_TAG_NAME)) {
            answer.put("status", 400);
            answer.put("error", "group_name and tags of 1 to " + MAX_TAG_NAME + " characters required");
            return new WeComSimulator.Outcome(answer, null, null);
        }
        CorpTagGroup group = state().tagGroups.values().stream()
                .filter(g -> !g.deleted && g.groupName.equals(groupName)).findFirst().orElse(null);
        boolean newGroup = group == null;
        if (newGroup) {
            group = newGroup(groupName, body.path("order").asInt(0), now);
        }
        ArrayNode ids = answer.putArray("tag_ids");
        for (String name : names) {
            CorpTagGroup g = group;
            CorpTag t = g.tags.stream().filter(x -> !x.deleted && x.name.equals(name)).findFirst()
                    .orElseGet(() -> newTag(g, name, 0, now));
            ids.add(t.id);
        }
        sim.changed();
        answer.put("group_id", group.groupId);
        Map<String, Object> xml = sim.event(now, "change_external_tag");
        xml.put("Id", newGroup || names.isEmpty() ? group.groupId : ids.get(0).asText());
        xml.put("TagType", newGroup || names.isEmpty() ? "tag_group" : "tag");
        xml.put("ChangeType", "create");
        return new WeComSimulator.Outcome(answer, "change_external_tag", SafeXml.write(xml));
    }

    /**
     * The customer refuses a waiting in-service transfer ({@code "reason": "customer_refused"}) or the
     * taker is at the limit ({@code "customer_limit_exceed"}): status 3 / 4 and a
     * {@code transfer_fail} callback.
     */
    private WeComSimulator.Outcome failTransfer(JsonNode body, Instant now) {
        String id = body.path("external_userid").asText("");
        String reason = body.path("reason").asText("customer_refused");
        ObjectNode answer = sim.mapper().createObjectNode();
        Transfer t = state().transfers.stream().filter(x -> x.externalUserId.equals(id) && x.status == 2)
                .findFirst().orElse(null);
        if (t == null || !reason.equals("customer_refused") && !reason.equals("customer_limit_exceed")) {
            answer.put("status", t == null ? 404 : 400);
            answer.put("error", t == null ? "no waiting transfer of " + id
                    : "reason: customer_refused or customer_limit_exceed");
            return new WeComSimulator.Outcome(answer, null, null);
        }
        if (reason.equals("customer_refused") && t.resigned) {
            answer.put("status", 400);
            answer.put("error", "a resigned transfer cannot be refused by the customer");
            return new WeComSimulator.Outcome(answer, null, null);
        }
        t.status = reason.equals("customer_refused") ? 3 : 4;
        sim.changed();
        answer.put("external_userid", id);
        answer.put("transfer_status", t.status);
        Map<String, Object> xml = sim.event(now, "change_external_contact");
        xml.put("ChangeType", "transfer_fail");
        xml.put("FailReason", reason);
        xml.put("UserID", t.takeover);
        xml.put("ExternalUserID", id);
        return new WeComSimulator.Outcome(answer, "transfer_fail", SafeXml.write(xml));
    }
}
