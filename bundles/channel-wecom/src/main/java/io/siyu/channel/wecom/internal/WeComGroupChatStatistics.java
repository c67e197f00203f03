package io.siyu.channel.wecom.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.GroupChatStatistics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WeCom's 群聊数据统计: {@code groupchat/statistic_group_by_day} per day, {@code groupchat/statistic}
 * per owner. Periods longer than {@value GroupChatStatistics#MAX_SPAN_DAYS} days go out as several
 * calls; owner filters longer than 100 userids as several calls; the per-owner answer is paged by
 * offset. Times are the days' midnights in China time, as WeCom reads them.
 */
final class WeComGroupChatStatistics implements GroupChatStatistics {
    static final int MAX_OWNERS = 100;
    static final int PAGE = 1000;
    private final WeComCalls calls;

    WeComGroupChatStatistics(WeComCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<Day> byDay(LocalDate from, LocalDate to, List<String> ownerUserIds) {
        List<Day> days = new ArrayList<>();
        List<List<String>> ownerChunks = new ArrayList<>();
        if (ownerUserIds == null || ownerUserIds.isEmpty()) {
            ownerChunks.add(List.of());
        } else {
            for (int i = 0; i < ownerUserIds.size(); i += MAX_OWNERS) {
                ownerChunks.add(ownerUserIds.subList(i, Math.min(ownerUserIds.size(), i + MAX_OWNERS)));
            }
        }
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(MAX_SPAN_DAYS)) {
            LocalDate end = start.plusDays(MAX_SPAN_DAYS - 1L).isAfter(to) ? to : start.plusDays(MAX_SPAN_DAYS - 1L);
            Map<LocalDate, Figures> span = new LinkedHashMap<>();
            for (List<String> owners : ownerChunks) {
                ObjectNode body = period(start, end, owners);
                JsonNode answer = calls.post("/externalcontact/groupchat/statistic_group_by_day", body);
                for (JsonNode item : answer.path("items")) {
                    LocalDate day = java.time.Instant.ofEpochSecond(item.path("stat_time").asLong())
                            .atZone(ZONE).toLocalDate();
                    span.merge(day, figures(item.path("data")), Figures::plus);
                }
            }
            span.forEach((day, f) -> days.add(new Day(day, f)));
        }
        return days;
    }

    @Override
    public Map<String, Figures> byOwner(LocalDate day) {
        Map<String, Figures> owners = new LinkedHashMap<>();
        int offset = 0;
        while (true) {
            ObjectNode body = period(day, day, List.of());
            body.put("order_by", 1);
            body.put("order_asc", 0);
            body.put("offset", offset);
            body.put("limit", PAGE);
            JsonNode answer = calls.post("/externalcontact/groupchat/statistic", body);
            JsonNode items = answer.path("items");
            for (JsonNode item : items) {
                owners.merge(item.path("owner").asText(), figures(item.path("data")), Figures::plus);
            }
            int total = answer.path("total").asInt(0);
            int next = answer.path("next_offset").asInt(offset + items.size());
            if (items.size() == 0 || next >= total || next <= offset) {
                return owners;
            }
            offset = next;
        }
    }

    private ObjectNode period(LocalDate from, LocalDate to, List<String> owners) {
        ObjectNode body = calls.api().mapper().createObjectNode();
        body.put("day_begin_time", from.atStartOfDay(ZONE).toEpochSecond());
        body.put("day_end_time", to.atStartOfDay(ZONE).toEpochSecond());
        if (!owners.isEmpty()) {
            ArrayNode list = body.putObject("owner_filter").putArray("userid_list");
            owners.forEach(list::add);
        }
        return body;
    }

    private static Figures figures(JsonNode d) {
        return new Figures(d.path("new_chat_cnt").asLong(0), d.path("chat_total").asLong(0),
                d.path("chat_has_msg").asLong(0), d.path("new_member_cnt").asLong(0), d.path("member_total").asLong(0),
                d.path("member_has_msg").asLong(0), d.path("msg_total").asLong(0));
    }
}
