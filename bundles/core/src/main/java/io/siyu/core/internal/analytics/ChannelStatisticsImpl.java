package io.siyu.core.internal.analytics;

import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.analytics.AudienceReport;
import io.siyu.api.analytics.ChannelStatistics;
import io.siyu.api.analytics.CollectReport;
import io.siyu.api.analytics.FollowerGrowth;
import io.siyu.api.analytics.GroupChatReport;
import io.siyu.api.channel.AudienceStatistics;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCallException;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.GroupChatStatistics;
import io.siyu.api.event.EventTypes;
import io.siyu.api.org.Caller;
import io.siyu.api.org.Permission;
import io.siyu.core.internal.org.Authority;
import io.siyu.store.ChannelStatRepository;
import io.siyu.store.ChannelStatRepository.Row;
import io.siyu.store.ChannelStatRepository.StoredDay;
import io.siyu.store.SettingRepository;
import io.siyu.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Collects the per-day figures providers compute ({@link GroupChatStatistics}, {@link AudienceStatistics})
 * into the store and reads them back for the dashboard. Once a day, after {@code collectHour} in China
 * time (WeChat's figures are complete after 08:00), each account's missing days of the last
 * {@code backfillDays} are pulled; one node per account and day does it (claimed in
 * {@code siyu_setting}). On demand, {@link #collect} pulls any period again; a day pulled again is
 * replaced whole, so pulling is idempotent.
 */
@Component(service = ChannelStatistics.class, immediate = true, configurationPid = "io.siyu.analytics.channelstats")
@Designate(ocd = ChannelStatisticsImpl.Config.class)
public final class ChannelStatisticsImpl implements ChannelStatistics {
    private static final Logger LOG = Logger.getLogger(ChannelStatisticsImpl.class.getName());
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final String OWNER = "owner:";

    @ObjectClassDefinition(name = "Siyu channel statistics",
            description = "Daily collection of the figures WeCom and official accounts compute")
    public @interface Config {
        @AttributeDefinition(description = "Hour of the day (China time) from which yesterday's figures are pulled")
        int collectHour() default 9;

        @AttributeDefinition(description = "Recent days checked for missing figures on each daily run")
        int backfillDays() default BACKFILL_DAYS;

        @AttributeDefinition(description = "Minutes between checks whether the daily pull is due")
        int checkMinutes() default 30;
    }

    private final ChannelRegistry channels;
    private final ChannelStatRepository stats;
    private final SettingRepository settings;
    private final Authority authority;
    private final Clock clock;
    private final int collectHour;
    private final int backfillDays;
    private final ScheduledExecutorService timer;

    @Activate
    public ChannelStatisticsImpl(@Reference ChannelRegistry channels, @Reference Store store,
            @Reference Authority authority, Config config) {
        this(channels, store.channelStats(), store.settings(), authority, Clock.systemUTC(), config.collectHour(),
                config.backfillDays(), config.checkMinutes());
    }

    /** @param checkMinutes 0 for no background runs (tests call {@link #collectDue()}) */
    ChannelStatisticsImpl(ChannelRegistry channels, ChannelStatRepository stats, SettingRepository settings,
            Authority authority, Clock clock, int collectHour, int backfillDays, int checkMinutes) {
        this.channels = channels;
        this.stats = stats;
        this.settings = settings;
        this.authority = authority;
        this.clock = clock;
        this.collectHour = Math.max(0, Math.min(23, collectHour));
        this.backfillDays = Math.max(1, Math.min(GroupChatStatistics.RETENTION_DAYS, backfillDays));
        if (checkMinutes <= 0) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siyu-channel-statistics");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::collectQuietly, 1, checkMinutes, TimeUnit.MINUTES);
    }

    @Deactivate
    void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ collecting

    /**
     * The daily run: for each account offering figures whose run of today nobody claimed yet, pulls the
     * days of the last {@code backfillDays} not stored. Nothing before {@code collectHour}.
     */
    public CollectReport collectDue() {
        ZonedDateTime now = clock.instant().atZone(CHINA);
        if (now.getHour() < collectHour) {
            return new CollectReport(List.of());
        }
        LocalDate today = now.toLocalDate();
        List<CollectReport.Account> done = new ArrayList<>();
        for (ChannelDescriptor d : channels.channels()) {
            if (!offersFigures(d)) {
                continue;
            }
            if (!settings.putIfAbsent(claim(d.key(), today), clock.instant().toString())) {
                continue; // another node (or this one) ran it today
            }
            done.add(collectAccount(d, null, today.minusDays(1)));
        }
        return new CollectReport(done);
    }

    @Override
    public CollectReport collect(Caller caller, String channelKey, LocalDate from, LocalDate to) {
        authority.require(caller, Permission.CHANNEL_MANAGE);
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), CHINA).minusDays(1);
        LocalDate last = to == null ? yesterday : to;
        List<FieldError> errors = new ArrayList<>();
        if (last.isAfter(yesterday)) {
            errors.add(FieldError.of("to", "providers have a day's figures from the next day on: at most " + yesterday));
        }
        if (from != null && from.isAfter(last)) {
            errors.add(FieldError.of("from", "must not be after to"));
        }
        if (from != null && from.isBefore(yesterday.minusDays(GroupChatStatistics.RETENTION_DAYS - 1L))) {
            errors.add(FieldError.of("from", "providers keep figures " + GroupChatStatistics.RETENTION_DAYS
                    + " days: at the earliest " + yesterday.minusDays(GroupChatStatistics.RETENTION_DAYS - 1L)));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<ChannelDescriptor> targets = new ArrayList<>();
        for (ChannelDescriptor d : channels.channels()) {
            if ((channelKey == null || d.key().equals(channelKey)) && offersFigures(d)) {
                targets.add(d);
            }
        }
        if (channelKey != null && targets.isEmpty()) {
            throw new NotFoundException("channel account with figures", channelKey);
        }
        List<CollectReport.Account> done = new ArrayList<>();
        for (ChannelDescriptor d : targets) {
            done.add(collectAccount(d, from, last));
        }
        return new CollectReport(done);
    }

    private boolean offersFigures(ChannelDescriptor d) {
        return channels.adapter(d.type(), d.account())
                .map(a -> a.groupChatStatistics().isPresent() || a.audienceStatistics().isPresent()).orElse(false);
    }

    /** @param from null for the oldest missing day of the backfill window */
    CollectReport.Account collectAccount(ChannelDescriptor d, LocalDate from, LocalDate to) {
        List<LocalDate> days = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        LocalDate first = from;
        if (first == null) {
            Set<LocalDate> have = stats.collectedDays(d.type(), d.account(), to.minusDays(backfillDays - 1L), to);
            for (LocalDate day = to.minusDays(backfillDays - 1L); !day.isAfter(to); day = day.plusDays(1)) {
                if (!have.contains(day)) {
                    first = day;
                    break;
                }
            }
            if (first == null) {
                return new CollectReport.Account(d.key(), days, problems, null);
            }
        }
        Consumer<Pulled> store = p -> {
            stats.replaceDay(d.type(), d.account(), p.day(), p.rows(), p.problems().isEmpty() ? null
                    : String.join("; ", p.problems()), clock.instant());
            days.add(p.day());
            p.problems().forEach(x -> problems.add(p.day() + ": " + x));
        };
        try {
            ChannelAdapter adapter = channels.adapter(d.type(), d.account()).orElseThrow(
                    () -> new ChannelCallException(d.key(), null, "the channel adapter is not running", true));
            if (adapter.groupChatStatistics().isPresent()) {
                GroupChatFigures.pull(adapter.groupChatStatistics().get(), first, to).forEach(store);
            }
            if (adapter.audienceStatistics().isPresent()) {
                Long before = followersBefore(d, first);
                AudienceFigures.pull(adapter.audienceStatistics().get(), first, to, before).forEach(store);
            }
            return new CollectReport.Account(d.key(), days, problems, null);
        } catch (ChannelCallException | io.siyu.api.UnavailableException e) {
            LOG.warning(() -> "channel figures of " + d.key() + " from " + days.size() + " days on: " + e.getMessage());
            return new CollectReport.Account(d.key(), days, problems, e.getMessage());
        }
    }

    private Long followersBefore(ChannelDescriptor d, LocalDate first) {
        LocalDate prev = first.minusDays(1);
        for (StoredDay s : stats.days(d.type(), d.account(), prev, prev, Set.of(""))) {
            for (Row r : s.rows()) {
                if (r.metric().equals(AudienceFigures.FOLLOWERS)) {
                    return r.value();
                }
            }
        }
        return null;
    }

    /** One day's rows and the disagreements found among the provider's figures. */
    record Pulled(LocalDate day, List<Row> rows, List<String> problems) {
    }

    /** Setting names are at most 128 characters. */
    static String claim(String channelKey, LocalDate day) {
        String id = channelKey.length() <= 80 ? channelKey
                : UUID.nameUUIDFromBytes(channelKey.getBytes(StandardCharsets.UTF_8)).toString();
        return "channel-stats.daily." + id + "." + day;
    }

    private void collectQuietly() {
        try {
            CollectReport r = collectDue();
            r.accounts().forEach(a -> LOG.info(() -> "channel figures of " + a.channelKey() + ": " + a.days().size()
                    + " days stored" + (a.error() == null ? "" : ", stopped: " + a.error())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "channel figures could not be collected; trying again on the next run", e);
        }
    }

    // ------------------------------------------------------------------ reading

    @Override
    public GroupChatReport groupChats(Caller caller, String account, LocalDate from, LocalDate to, String owner) {
        requireCaller(caller);
        checkPeriod(from, to);
        knownAccount(WECOM, account);
        String dim = owner == null || owner.isBlank() ? "" : OWNER + owner.strip();
        List<GroupChatReport.Day> days = new ArrayList<>();
        for (StoredDay s : stats.days(WECOM, account, from, to, Set.of(dim))) {
            days.add(new GroupChatReport.Day(s.day(), GroupChatFigures.figures(s.rows()), problems(s)));
        }
        List<String> owners = new ArrayList<>();
        for (String d : stats.dims(WECOM, account, from, to, OWNER)) {
            owners.add(d.substring(OWNER.length()));
        }
        return new GroupChatReport(account, from, to, dim.isEmpty() ? null : owner.strip(), days,
                missing(from, to, days.stream().map(GroupChatReport.Day::day).toList()), owners);
    }

    @Override
    public AudienceReport officialAccount(Caller caller, String account, LocalDate from, LocalDate to) {
        requireCaller(caller);
        checkPeriod(from, to);
        knownAccount(OFFICIAL_ACCOUNT, account);
        List<AudienceReport.Day> days = new ArrayList<>();
        for (StoredDay s : stats.days(OFFICIAL_ACCOUNT, account, from, to, null)) {
            days.add(AudienceFigures.day(s.day(), s.rows(), problems(s)));
        }
        return new AudienceReport(account, from, to, days,
                missing(from, to, days.stream().map(AudienceReport.Day::day).toList()), AudienceFigures.totals(days));
    }

    @Override
    public FollowerGrowth followerGrowth(Caller caller, String account, Instant since, int minutes) {
        requireCaller(caller);
        List<FieldError> errors = new ArrayList<>();
        if (since == null) {
            errors.add(FieldError.of("since", "is required"));
        }
        if (minutes < 1 || minutes > MAX_GROWTH_MINUTES) {
            errors.add(FieldError.of("minutes", "must be between 1 and " + MAX_GROWTH_MINUTES));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        knownAccount(OFFICIAL_ACCOUNT, account);
        // WeChat stamps callbacks (and so follow events) in whole seconds: a follow in the second of
        // the send is after it
        since = since.truncatedTo(ChronoUnit.SECONDS);
        Map<String, long[]> counts = stats.followsPerMinute(OFFICIAL_ACCOUNT + "/" + account, since, minutes);
        long[] follows = counts.getOrDefault(EventTypes.FOLLOW, new long[minutes]);
        long[] unfollows = counts.getOrDefault(EventTypes.UNFOLLOW, new long[minutes]);
        List<FollowerGrowth.Minute> perMinute = new ArrayList<>(minutes);
        long in = 0;
        long out = 0;
        for (int i = 0; i < minutes; i++) {
            in += follows[i];
            out += unfollows[i];
            perMinute.add(new FollowerGrowth.Minute(since.plus(i, ChronoUnit.MINUTES), follows[i], unfollows[i],
                    follows[i] - unfollows[i], in - out));
        }
        return new FollowerGrowth(account, since, minutes, perMinute, in, out, in - out);
    }

    @Override
    public List<String> accounts(String channelType) {
        Set<String> accounts = new TreeSet<>(stats.accounts(channelType));
        for (ChannelDescriptor d : channels.channels()) {
            if (d.type().equals(channelType) && offersFigures(d)) {
                accounts.add(d.account());
            }
        }
        return new ArrayList<>(accounts);
    }

    private static void requireCaller(Caller caller) {
        if (caller == null) {
            throw new IllegalArgumentException("caller required");
        }
    }

    private static void checkPeriod(LocalDate from, LocalDate to) {
        List<FieldError> errors = new ArrayList<>();
        if (from == null) {
            errors.add(FieldError.of("from", "is required (YYYY-MM-DD)"));
        }
        if (to == null) {
            errors.add(FieldError.of("to", "is required (YYYY-MM-DD)"));
        }
        if (errors.isEmpty()) {
            if (to.isBefore(from)) {
                errors.add(FieldError.of("to", "must not be before from"));
            } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_PERIOD_DAYS) {
                errors.add(FieldError.of("to", "a period spans at most " + MAX_PERIOD_DAYS + " days"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private void knownAccount(String type, String account) {
        if (account == null || account.isBlank()) {
            throw new ValidationException(FieldError.of("account", "is required"));
        }
        if (!accounts(type).contains(account)
                && channels.channels().stream().noneMatch(d -> d.type().equals(type) && d.account().equals(account))) {
            throw new NotFoundException(type + " account", account);
        }
    }

    /** Days of the period up to yesterday that are not stored. */
    private List<LocalDate> missing(LocalDate from, LocalDate to, List<LocalDate> have) {
        Set<LocalDate> stored = new LinkedHashSet<>(have);
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), CHINA).minusDays(1);
        List<LocalDate> missing = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to) && !d.isAfter(yesterday); d = d.plusDays(1)) {
            if (!stored.contains(d)) {
                missing.add(d);
            }
        }
        return missing;
    }

    private static List<String> problems(StoredDay s) {
        return s.problems() == null ? List.of() : List.of(s.problems().split("; "));
    }
}
