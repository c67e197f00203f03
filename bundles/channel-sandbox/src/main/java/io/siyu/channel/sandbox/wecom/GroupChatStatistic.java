package io.siyu.channel.sandbox.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.channel.sandbox.wecom.WeComState.GroupChat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * 群聊数据统计 of the simulated corp, computed from its own chats, members' join times and messages (the
 * chats' own and the staff's group mass messages that reached them), so the two APIs agree:
 * {@code groupchat/statistic} (per owner over the period) and {@code groupchat/statistic_group_by_day}
 * (per day). As documented: day times are midnights in China time (others are rounded down), both from
 * yesterday back 180 days, at most 30 days per call, at most 100 owners in {@code owner_filter}, limit
 * 1–1000; otherwise 40058 (invalid parameter).
 */
final class GroupChatStatistic {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final int MAX_SPAN_DAYS = 30;
    static final int RETENTION_DAYS = 180;
    static final int MAX_OWNERS = 100;

    private final ObjectMapper mapper;

    GroupChatStatistic(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A message in a chat: who wrote it and when. */
    private record Said(String sender, long at) {
    }

    ObjectNode answer(String api, JsonNode body, WeComState state, Instant now) {
        if (!body.path("day_begin_time").canConvertToLong() || body.path("day_begin_time").asLong() <= 0) {
            return error(40058, "invalid Parameter: day_begin_time required");
        }
        LocalDate from = day(body.path("day_begin_time").asLong());
        LocalDate to = body.path("day_end_time").canConvertToLong() && body.path("day_end_time").asLong() > 0
                ? day(body.path("day_end_time").asLong()) : from;
        LocalDate yesterday = LocalDate.ofInstant(now, CHINA).minusDays(1);
        LocalDate oldest = yesterday.minusDays(RETENTION_DAYS - 1L);
        if (from.isBefore(oldest) || to.isAfter(yesterday) || from.isAfter(yesterday) || to.isBefore(oldest)) {
            return error(40058, "invalid Parameter: day_begin_time and day_end_time must be from yesterday back "
                    + RETENTION_DAYS + " days");
        }
        if (to.isBefore(from) || java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1 > MAX_SPAN_DAYS) {
            return error(40058, "invalid Parameter: the period spans at most " + MAX_SPAN_DAYS + " days");
        }
        List<String> owners = null;
        JsonNode filter = body.path("owner_filter").path("userid_list");
        if (filter.isArray()) {
            if (filter.size() > MAX_OWNERS) {
                return error(40058, "invalid Parameter: owner_filter.userid_list takes at most " + MAX_OWNERS);
            }
            owners = new ArrayList<>();
            for (JsonNode o : filter) {
                owners.add(o.asText());
            }
        }
        List<GroupChat> chats = new ArrayList<>();
        for (GroupChat g : state.chats.values()) {
            if (owners == null || owners.contains(g.owner)) {
                chats.add(g);
            }
        }
        long d0 = start(from);
        long d1 = start(to.plusDays(1));
        ObjectNode answer = mapper.createObjectNode();
        answer.put("errcode", 0);
        answer.put("errmsg", "ok");
        if (api.endsWith("statistic_group_by_day")) {
            ArrayNode items = answer.putArray("items");
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                ObjectNode item = items.addObject();
                item.put("stat_time", start(d));
                data(item.putObject("data"), chats, state, start(d), start(d.plusDays(1)));
            }
            return answer;
        }
        int orderBy = body.path("order_by").asInt(1);
        int limit = body.has("limit") ? body.path("limit").asInt(-1) : 500;
        int offset = body.path("offset").asInt(0);
        if (orderBy < 1 || orderBy > 4 || limit < 1 || limit > 1000 || offset < 0) {
            return error(40058, "invalid Parameter: order_by 1-4, limit 1-1000, offset from 0");
        }
        Set<String> ownerSet = new TreeSet<>();
        for (GroupChat g : chats) {
            if (g.createTime < d1) {
                ownerSet.add(g.owner);
            }
        }
        List<ObjectNode> rows = new ArrayList<>();
        for (String owner : ownerSet) {
            ObjectNode row = mapper.createObjectNode();
            row.put("owner", owner);
            data(row.putObject("data"), chats.stream().filter(g -> g.owner.equals(owner)).toList(), state, d0, d1);
            rows.add(row);
        }
        String field = switch (orderBy) {
            case 2 -> "chat_total";
            case 3 -> "new_member_cnt";
            case 4 -> "member_total";
            default -> "new_chat_cnt";
        };
        Comparator<ObjectNode> order = Comparator.comparingLong(r -> r.path("data").path(field).asLong());
        rows.sort(body.path("order_asc").asInt(0) == 1 ? order : order.reversed());
        ArrayNode items = answer.putArray("items");
        rows.subList(Math.min(offset, rows.size()), Math.min(offset + limit, rows.size())).forEach(items::add);
        answer.put("total", rows.size());
        answer.put("next_offset", Math.min(offset + limit, rows.size()));
        return answer;
    }

    /** The figures of {@code chats} over {@code [d0, d1)} (epoch seconds). */
    private static void data(ObjectNode data, List<GroupChat> chats, WeComState state, long d0, long d1) {
        long newChats = 0;
        long total = 0;
        long active = 0;
        long newMembers = 0;
        long members = 0;
        long speaking = 0;
        long messages = 0;
        for (GroupChat g : chats) {
            if (g.createTime >= d1) {
                continue;
            }
            total++;
            if (g.createTime >= d0) {
                newChats++;
            }
            for (String m : g.members) {
                long joined = g.joinTimes.getOrDefault(m, g.createTime);
                if (joined < d1) {
                    members++;
                    if (joined >= d0) {
                        newMembers++;
                    }
                }
            }
            Set<String> speakers = new HashSet<>();
            long said = 0;
            for (Said s : said(g, state)) {
                if (s.at() >= d0 && s.at() < d1) {
                    said++;
                    speakers.add(s.sender());
                }
            }
            messages += said;
            speaking += speakers.size();
            if (said > 0) {
                active++;
            }
        }
        data.put("new_chat_cnt", newChats);
        data.put("chat_total", total);
        data.put("chat_has_msg", active);
        data.put("new_member_cnt", newMembers);
        data.put("member_total", members);
        data.put("member_has_msg", speaking);
        data.put("msg_total", messages);
        data.put("migrate_trainee_chat_cnt", 0);
    }

    private static List<Said> said(GroupChat g, WeComState state) {
        List<Said> said = new ArrayList<>();
        for (WeComState.ChatMessage m : g.messages) {
            said.add(new Said(m.sender, m.at));
        }
        for (WeComState.Delivery d : state.deliveries) {
            if ("group".equals(d.kind) && g.chatId.equals(d.target)) {
                said.add(new Said(d.userid, d.at / 1000)); // deliveries are in epoch milliseconds
            }
        }
        return said;
    }

    private static LocalDate day(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atZone(CHINA).toLocalDate();
    }

    private static long start(LocalDate d) {
        return d.atStartOfDay(CHINA).toEpochSecond();
    }

    private ObjectNode error(int errcode, String errmsg) {
        ObjectNode e = mapper.createObjectNode();
        e.put("errcode", errcode);
        e.put("errmsg", errmsg);
        return e;
    }
}
