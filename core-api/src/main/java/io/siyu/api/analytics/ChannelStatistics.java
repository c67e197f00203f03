package io.siyu.api.analytics;

import io.siyu.api.org.Caller;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Account-level figures of channels as the providers compute them (WeCom customer group chats,
 * official-account follows and reads), collected once a day into the store and read from there, and
 * the per-minute follower growth of an official account computed from Siyu's own follow and unfollow
 * events. These are figures of an account, not of customers: reading them needs no data scope;
 * collecting on demand needs {@code channel.manage}. Implemented by the core only.
 *
 * @since 1.1
 */
@ProviderType
public interface ChannelStatistics {
    /** Channel type of WeCom accounts. */
    String WECOM = "wecom";
    /** Channel type of official accounts. */
    String OFFICIAL_ACCOUNT = "wechat-oa";
    /** A report spans at most this many days (the provider keeps WeCom figures 180 days). */
    int MAX_PERIOD_DAYS = 180;
    /** How many recent days a collection run looks at for days still missing. */
    int BACKFILL_DAYS = 30;
    int DEFAULT_GROWTH_MINUTES = 60;
    /** Follower growth covers at most a day. */
    int MAX_GROWTH_MINUTES = 24 * 60;

    /**
     * The stored group-chat figures of a WeCom account per day of {@code [from, to]}.
     *
     * @param owner a group owner's userid for that owner's chats only, or null for all
     * @throws io.siyu.api.ValidationException for a period that is reversed or too long
     * @throws io.siyu.api.NotFoundException for an account with neither a running adapter nor stored figures
     */
    GroupChatReport groupChats(Caller caller, String account, LocalDate from, LocalDate to, String owner);

    /** The stored follower and read figures of an official account per day of {@code [from, to]}. */
    AudienceReport officialAccount(Caller caller, String account, LocalDate from, LocalDate to);

    /**
     * Follows, unfollows and net growth of an official account per minute of {@code [since, since + minutes)},
     * from the follow and unfollow events Siyu recorded.
     *
     * @param minutes 1 to {@link #MAX_GROWTH_MINUTES}
     */
    FollowerGrowth followerGrowth(Caller caller, String account, Instant since, int minutes);

    /**
     * Pulls the figures of {@code [from, to]} now, replacing what is stored for those days.
     *
     * @param channelKey {@code type/account}, or null for every running account that offers figures
     * @param from null for the oldest of the last {@link #BACKFILL_DAYS} days not stored yet (per account)
     * @param to null for yesterday
     * @throws io.siyu.api.ForbiddenException without {@code channel.manage}
     */
    CollectReport collect(Caller caller, String channelKey, LocalDate from, LocalDate to);

    /** Accounts of the type with figures: running adapters that offer them, and accounts with stored figures. */
    List<String> accounts(String channelType);
}
