package io.siyu.channel.sandbox.oa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The datacube figures of the simulated account, computed from its own follow history and article
 * reads, so they agree with each other as WeChat's should: {@code getusersummary} (new and cancelled
 * follows per day and {@code user_source}), {@code getusercumulate} (followers at the end of each day),
 * {@code getuserread} (page reads per day and read source, plus the all-source row 99999999). As the
 * documentation says: dates {@code yyyy-MM-dd} in China time, {@code end_date} at most yesterday, at most
 * 7 days (user figures) or 3 days (reads) per call; otherwise 61500 (date format) or 61501 (date range).
 */
final class OaDatacube {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final int ALL_SOURCES = 99_999_999;
    static final Map<String, Integer> SCENE_SOURCES = Map.ofEntries(Map.entry("ADD_SCENE_SEARCH", 1),
            Map.entry("ADD_SCENE_PROFILE_CARD", 17), Map.entry("ADD_SCENE_QR_CODE", 30),
            Map.entry("ADD_SCENE_PROFILE_LINK", 57), Map.entry("ADD_SCENE_WECHAT_ADVERTISEMENT", 100),
            Map.entry("ADD_SCENE_REPRINT", 161), Map.entry("ADD_SCENE_CHANNELS", 200),
            Map.entry("ADD_SCENE_LIVESTREAM", 201));

    private final ObjectMapper mapper;

    OaDatacube(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static int source(String scene) {
        return SCENE_SOURCES.getOrDefault(scene, 0);
    }

    /** The answer, or an errcode answer as {@code {"errcode":…}}. */
    ObjectNode answer(String api, JsonNode body, OaState state, Instant now) {
        int maxDays = api.equals("datacube/getuserread") ? 3 : 7;
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(body.path("begin_date").asText(""));
            to = LocalDate.parse(body.path("end_date").asText(""));
        } catch (DateTimeParseException e) {
            return error(61500, "date format error");
        }
        LocalDate yesterday = LocalDate.ofInstant(now, CHINA).minusDays(1);
        if (to.isAfter(yesterday) || to.isBefore(from) || ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            return error(61501, "date range error");
        }
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode list = answer.putArray("list");
        switch (api) {
            case "datacube/getusersummary" -> summary(state, from, to, list);
            case "datacube/getusercumulate" -> cumulate(state, from, to, list);
            default -> reads(state, from, to, list);
        }
        return answer;
    }

    private static long start(LocalDate d) {
        return d.atStartOfDay(CHINA).toEpochSecond();
    }

    private void summary(OaState state, LocalDate from, LocalDate to, ArrayNode list) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            long d0 = start(d);
            long d1 = start(d.plusDays(1));
            Map<Integer, long[]> bySource = new TreeMap<>();
            for (OaState.FollowChange c : state.followHistory) {
                if (c.at >= d0 && c.at < d1) {
                    bySource.computeIfAbsent(c.source, k -> new long[2])[c.subscribe ? 0 : 1]++;
                }
            }
            if (bySource.isEmpty()) {
                bySource.put(0, new long[2]);
            }
            for (Map.Entry<Integer, long[]> e : bySource.entrySet()) {
                ObjectNode row = list.addObject();
                row.put("ref_date", d.toString());
                row.put("user_source", e.getKey());
                row.put("new_user", e.getValue()[0]);
                row.put("cancel_user", e.getValue()[1]);
            }
        }
    }

    private void cumulate(OaState state, LocalDate from, LocalDate to, ArrayNode list) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            long d1 = start(d.plusDays(1));
            Map<String, Boolean> last = new HashMap<>();
            for (OaState.FollowChange c : state.followHistory) {
                if (c.at < d1) {
                    last.put(c.openid, c.subscribe);
                }
            }
            long followers = last.values().stream().filter(b -> b).count();
            // followers from before the history was kept count from their last subscribe
            for (OaState.Follower f : state.followers.values()) {
                if (f.subscribed && !last.containsKey(f.openid) && f.subscribeTime < d1
                        && state.followHistory.stream().noneMatch(c -> c.openid.equals(f.openid))) {
                    followers++;
                }
            }
            ObjectNode row = list.addObject();
            row.put("ref_date", d.toString());
            row.put("cumulate_user", followers);
        }
    }

    private void reads(OaState state, LocalDate from, LocalDate to, ArrayNode list) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            long d0 = start(d);
            long d1 = start(d.plusDays(1));
            Map<Integer, List<OaState.ArticleRead>> bySource = new TreeMap<>();
            List<OaState.ArticleRead> all = new ArrayList<>();
            for (OaState.ArticleRead r : state.articleReads) {
                if (r.at >= d0 && r.at < d1) {
                    bySource.computeIfAbsent(r.source, k -> new ArrayList<>()).add(r);
                    all.add(r);
                }
            }
            if (all.isEmpty()) {
                continue;
            }
            for (Map.Entry<Integer, List<OaState.ArticleRead>> e : bySource.entrySet()) {
                row(list, d, e.getKey(), e.getValue());
            }
            row(list, d, ALL_SOURCES, all);
        }
    }

    private static void row(ArrayNode list, LocalDate d, int source, List<OaState.ArticleRead> reads) {
        Set<String> readers = new HashSet<>();
        Set<String> sharers = new HashSet<>();
        long readCount = 0;
        long shareCount = 0;
        for (OaState.ArticleRead r : reads) {
            if (r.share) {
                sharers.add(r.openid);
                shareCount++;
            } else {
                readers.add(r.openid);
                readCount++;
            }
        }
        ObjectNode row = list.addObject();
        row.put("ref_date", d.toString());
        row.put("user_source", source);
        row.put("int_page_read_user", readers.size());
        row.put("int_page_read_count", readCount);
        row.put("ori_page_read_user", 0);
        row.put("ori_page_read_count", 0);
        row.put("share_user", sharers.size());
        row.put("share_count", shareCount);
        row.put("add_to_fav_user", 0);
        row.put("add_to_fav_count", 0);
    }

    private ObjectNode error(int errcode, String errmsg) {
        ObjectNode e = mapper.createObjectNode();
        e.put("errcode", errcode);
        e.put("errmsg", errmsg);
        return e;
    }
}
