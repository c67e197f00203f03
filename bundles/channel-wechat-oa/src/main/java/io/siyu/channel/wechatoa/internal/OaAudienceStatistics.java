package io.siyu.channel.wechatoa.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.api.channel.AudienceStatistics;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.SendResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The official account's datacube: {@code getusersummary} and {@code getusercumulate} (at most
 * {@value AudienceStatistics#MAX_USER_SPAN_DAYS} days a call) and {@code getuserread} (at most
 * {@value AudienceStatistics#MAX_READ_SPAN_DAYS}); longer periods go out as several calls.
 */
final class OaAudienceStatistics implements AudienceStatistics {
    private final OaApi api;
    private final String channel;

    OaAudienceStatistics(OaApi api, String channel) {
        this.api = api;
        this.channel = channel;
    }

    @Override
    public List<FollowDay> follows(LocalDate from, LocalDate to) {
        List<FollowDay> out = new ArrayList<>();
        spans("/getusersummary", from, to, MAX_USER_SPAN_DAYS, (day, item) -> out.add(new FollowDay(day,
                item.path("user_source").asInt(0), item.path("new_user").asLong(0), item.path("cancel_user").asLong(0))));
        return out;
    }

    @Override
    public List<CumulateDay> cumulate(LocalDate from, LocalDate to) {
        List<CumulateDay> out = new ArrayList<>();
        spans("/getusercumulate", from, to, MAX_USER_SPAN_DAYS,
                (day, item) -> out.add(new CumulateDay(day, item.path("cumulate_user").asLong(0))));
        return out;
    }

    @Override
    public List<ReadDay> reads(LocalDate from, LocalDate to) {
        List<ReadDay> out = new ArrayList<>();
        spans("/getuserread", from, to, MAX_READ_SPAN_DAYS, (day, item) -> out.add(new ReadDay(day,
                item.path("user_source").asInt(ALL_SOURCES), item.path("int_page_read_user").asLong(0),
                item.path("int_page_read_count").asLong(0), item.path("share_user").asLong(0),
                item.path("share_count").asLong(0))));
        return out;
    }

    private void spans(String path, LocalDate from, LocalDate to, int maxDays, BiConsumer<LocalDate, JsonNode> item) {
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(maxDays)) {
            LocalDate end = start.plusDays(maxDays - 1L).isAfter(to) ? to : start.plusDays(maxDays - 1L);
            ObjectNode body = api.client().mapper().createObjectNode();
            body.put("begin_date", start.toString());
            body.put("end_date", end.toString());
            OaApi.Outcome answer = api.postDatacube(path, body);
            if (!answer.ok()) {
                SendResult failure = api.failure(answer);
                if (failure instanceof SendResult.TransientFailure t) {
                    throw new ChannelCallException(channel, t.providerCode(), t.message(), true);
                }
                SendResult.PermanentFailure p = (SendResult.PermanentFailure) failure;
                throw new ChannelCallException(channel, p.providerCode(), p.message(), false);
            }
            for (JsonNode i : answer.result().body().path("list")) {
                item.accept(LocalDate.parse(i.path("ref_date").asText()), i);
            }
        }
    }
}
