package io.siyu.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.analytics.AudienceReport;
import io.siyu.api.analytics.ChannelStatistics;
import io.siyu.api.analytics.CollectReport;
import io.siyu.api.analytics.FollowerGrowth;
import io.siyu.api.analytics.GroupChatReport;
import io.siyu.api.channel.GroupChatStatistics.Figures;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.org.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

/**
 * The figures channels' providers compute, as the daily collection stored them, and follower growth
 * per minute after a mass send (see {@link ChannelStatistics}). Days are China calendar days, as WeChat
 * and WeCom count them; without {@code from}/{@code to} the period is the last {@code days} (default 30)
 * days up to yesterday. {@code account} may be left out when the type has exactly one account.
 *
 * <p>Permissions: reading needs a login only, like the rest of the dashboard: these are figures of an
 * account (how many chats, follows, reads), not of customers, so no data scope applies. Pulling
 * figures now ({@code POST analytics/channel-stats/collect}) needs {@code channel.manage}, checked by
 * the core.
 */
@Path("analytics")
@Produces(MediaType.APPLICATION_JSON)
public final class ChannelStatsResource {
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private final ServiceAccess services;
    private final Clock clock;

    ChannelStatsResource(ServiceAccess services) {
        this(services, Clock.systemUTC());
    }

    ChannelStatsResource(ServiceAccess services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    record GroupDayJson(String date, long newChats, long chats, long activeChats, long newMembers, long members,
            long speakingMembers, long messages, List<String> problems) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupChatsJson(String account, String from, String to, String owner, List<GroupDayJson> days,
            List<String> missing, List<String> owners) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AudienceDayJson(String date, long newFollows, long unfollows, long net, Long followers,
            Map<String, Long> newBySource, Map<String, Long> unfollowsBySource, long reads,
            Map<String, Long> readsBySource, Long providerReads, List<String> problems) {
    }

    record OfficialAccountJson(String account, String from, String to, List<AudienceDayJson> days, List<String> missing,
            AudienceReport.Totals totals) {
    }

    record MinuteJson(String at, long follows, long unfollows, long net, long cumulativeNet) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GrowthJson(String account, Long massSendId, String since, int minutes, long follows, long unfollows,
            long net, List<MinuteJson> perMinute) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CollectedJson(String channel, List<String> days, List<String> problems, String error) {
    }

    record CollectJson(List<CollectedJson> accounts) {
    }

    @GET
    @Path("group-chats")
    public GroupChatsJson groupChats(@QueryParam("account") String account, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("days") Integer days, @QueryParam("owner") String owner,
            @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        ChannelStatistics stats = services.channelStatistics();
        LocalDate[] period = period(from, to, days);
        GroupChatReport r = stats.groupChats(caller, account(stats, ChannelStatistics.WECOM, account), period[0],
                period[1], owner);
        List<GroupDayJson> out = new ArrayList<>();
        for (GroupChatReport.Day d : r.days()) {
            Figures f = d.figures();
            out.add(new GroupDayJson(d.day().toString(), f.newChats(), f.chats(), f.activeChats(), f.newMembers(),
                    f.members(), f.speakingMembers(), f.messages(), d.problems()));
        }
        return new GroupChatsJson(r.account(), r.from().toString(), r.to().toString(), r.owner(), out,
                r.missing().stream().map(LocalDate::toString).toList(), r.owners());
    }

    @GET
    @Path("official-accounts")
    public OfficialAccountJson officialAccounts(@QueryParam("account") String account, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("days") Integer days, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        ChannelStatistics stats = services.channelStatistics();
        LocalDate[] period = period(from, to, days);
        AudienceReport r = stats.officialAccount(caller, account(stats, ChannelStatistics.OFFICIAL_ACCOUNT, account),
                period[0], period[1]);
        List<AudienceDayJson> out = new ArrayList<>();
        for (AudienceReport.Day d : r.days()) {
            out.add(new AudienceDayJson(d.day().toString(), d.newFollows(), d.unfollows(), d.net(), d.followers(),
                    d.newBySource(), d.unfollowsBySource(), d.reads(), d.readsBySource(), d.providerReads(),
                    d.problems()));
        }
        return new OfficialAccountJson(r.account(), r.from().toString(), r.to().toString(), out,
                r.missing().stream().map(LocalDate::toString).toList(), r.totals());
    }

    @GET
    @Path("follower-growth")
    public GrowthJson followerGrowth(@QueryParam("massSendId") Long massSendId, @QueryParam("account") String account,
            @QueryParam("since") String since, @QueryParam("minutes") Integer minutes,
            @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        ChannelStatistics stats = services.channelStatistics();
        int span = minutes == null ? ChannelStatistics.DEFAULT_GROWTH_MINUTES : minutes;
        Instant start;
        String oa;
        if (massSendId != null) {
            if (since != null || account != null) {
                throw new ValidationException(FieldError.of("massSendId", "give a mass send or account and since, not both"));
            }
            MassSend send = services.massSends().get(caller, massSendId);
            if (!ChannelStatistics.OFFICIAL_ACCOUNT.equals(send.channelType())) {
                throw new ValidationException(FieldError.of("massSendId", "mass send " + massSendId + " went out on "
                        + send.channelType() + ", not an official account"));
            }
            start = sentAt(send);
            if (start == null) {
                throw new ValidationException(FieldError.of("massSendId", "mass send " + massSendId
                        + " has not been sent (state " + send.state() + ")"));
            }
            oa = send.channelAccount();
        } else {
            if (since == null || since.isBlank()) {
                throw new ValidationException(FieldError.of("since", "is required without massSendId (ISO instant)"));
            }
            try {
                start = Instant.parse(since.strip());
            } catch (DateTimeParseException e) {
                throw new ValidationException(FieldError.of("since", "is not an ISO instant: " + since));
            }
            oa = account(stats, ChannelStatistics.OFFICIAL_ACCOUNT, account);
        }
        FollowerGrowth g = stats.followerGrowth(caller, oa, start, span);
        List<MinuteJson> perMinute = new ArrayList<>();
        for (FollowerGrowth.Minute m : g.perMinute()) {
            perMinute.add(new MinuteJson(m.at().toString(), m.follows(), m.unfollows(), m.net(), m.cumulativeNet()));
        }
        return new GrowthJson(g.account(), massSendId, g.since().toString(), g.minutes(), g.follows(), g.unfollows(),
                g.net(), perMinute);
    }

    /** When a mass send went out: its scheduled time, else when its plan was accepted; null for a draft or cancelled one. */
    static Instant sentAt(MassSend send) {
        if (send.state() != io.siyu.api.masssend.MassSendState.QUEUED || send.acceptedPlan() == null) {
            return null;
        }
        return send.scheduledAt() != null ? send.scheduledAt() : send.acceptedPlan().at();
    }

    @GET
    @Path("channel-stats/accounts")
    public Map<String, List<String>> accounts(@Context SecurityContext security) {
        Callers.of(security);
        ChannelStatistics stats = services.channelStatistics();
        return Map.of(ChannelStatistics.WECOM, stats.accounts(ChannelStatistics.WECOM), ChannelStatistics.OFFICIAL_ACCOUNT,
                stats.accounts(ChannelStatistics.OFFICIAL_ACCOUNT));
    }

    @POST
    @Path("channel-stats/collect")
    public CollectJson collect(@QueryParam("channel") String channel, @QueryParam("from") String from,
            @QueryParam("to") String to, @Context SecurityContext security) {
        Caller caller = Callers.of(security);
        List<FieldError> errors = new ArrayList<>();
        LocalDate f = from == null ? null : Period.date(from, "from", errors);
        LocalDate t = to == null ? null : Period.date(to, "to", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        CollectReport r = services.channelStatistics().collect(caller, channel == null || channel.isBlank() ? null
                : channel.strip(), f, t);
        List<CollectedJson> out = new ArrayList<>();
        for (CollectReport.Account a : r.accounts()) {
            out.add(new CollectedJson(a.channelKey(), a.days().stream().map(LocalDate::toString).toList(), a.problems(),
                    a.error()));
        }
        return new CollectJson(out);
    }

    private static String account(ChannelStatistics stats, String type, String account) {
        if (account != null && !account.isBlank()) {
            return account.strip();
        }
        List<String> accounts = stats.accounts(type);
        if (accounts.size() == 1) {
            return accounts.get(0);
        }
        throw new ValidationException(FieldError.of("account", accounts.isEmpty() ? "no " + type
                + " account has figures" : "is required: one of " + accounts));
    }

    /** The period: {@code from}..{@code to}, or the last {@code days} days up to yesterday (China time). */
    LocalDate[] period(String from, String to, Integer days) {
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), CHINA).minusDays(1);
        List<FieldError> errors = new ArrayList<>();
        if (from == null && to == null) {
            int d = days == null ? 30 : days;
            if (d < 1 || d > ChannelStatistics.MAX_PERIOD_DAYS) {
                throw new ValidationException(FieldError.of("days", "must be between 1 and "
                        + ChannelStatistics.MAX_PERIOD_DAYS));
            }
            return new LocalDate[] {yesterday.minusDays(d - 1L), yesterday};
        }
        LocalDate f = Period.date(from, "from", errors);
        LocalDate t = to == null ? yesterday : Period.date(to, "to", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new LocalDate[] {f, t};
    }
}
