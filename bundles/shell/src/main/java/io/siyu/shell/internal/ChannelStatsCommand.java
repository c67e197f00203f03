package io.siyu.shell.internal;

import io.siyu.api.analytics.AudienceReport;
import io.siyu.api.analytics.ChannelStatistics;
import io.siyu.api.analytics.GroupChatReport;
import io.siyu.api.channel.GroupChatStatistics.Figures;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "siyu", name = "channel-stats", description = "Shows the per-day figures WeCom (group chats) or an"
        + " official account (follows, followers, reads) computed, as collected daily")
@Service
public class ChannelStatsCommand implements Action {
    static final String GROUP_CHATS = "group-chats";
    static final String OFFICIAL_ACCOUNT = "official-account";

    @Reference
    ChannelStatistics stats;

    @Option(name = "-a", aliases = "--account", description = "the account; may be left out when there is one")
    @Completion(ChannelStatsAccountCompleter.class)
    String account;

    @Option(name = "--from", description = "first day, YYYY-MM-DD (default: 30 days before --to)")
    String from;

    @Option(name = "--to", description = "last day, YYYY-MM-DD (default: yesterday, China time)")
    String to;

    @Option(name = "-o", aliases = "--owner", description = "group chats of this owner (userid) only")
    String owner;

    @Argument(index = 0, name = "figures", description = "group-chats or official-account", required = true)
    @Completion(value = StringsCompleter.class, values = {GROUP_CHATS, OFFICIAL_ACCOUNT})
    String figures;

    @Override
    public Object execute() {
        LocalDate last = to == null ? LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1) : LocalDate.parse(to);
        LocalDate first = from == null ? last.minusDays(29) : LocalDate.parse(from);
        if (GROUP_CHATS.equals(figures)) {
            GroupChatReport r = stats.groupChats(ConsoleCaller.current(), account(ChannelStatistics.WECOM), first, last,
                    owner);
            System.out.println("wecom/" + r.account() + (r.owner() == null ? "" : ", owner " + r.owner()));
            System.out.println(String.format("%-10s %6s %6s %6s %8s %8s %8s %8s", "Day", "New", "Chats", "Active",
                    "NewMemb", "Members", "Speaking", "Messages"));
            for (GroupChatReport.Day d : r.days()) {
                Figures f = d.figures();
                System.out.println(String.format("%-10s %6d %6d %6d %8d %8d %8d %8d%s", d.day(), f.newChats(), f.chats(),
                        f.activeChats(), f.newMembers(), f.members(), f.speakingMembers(), f.messages(),
                        d.problems().isEmpty() ? "" : "  ! " + String.join("; ", d.problems())));
            }
            missing(r.missing());
        } else if (OFFICIAL_ACCOUNT.equals(figures)) {
            AudienceReport r = stats.officialAccount(ConsoleCaller.current(), account(ChannelStatistics.OFFICIAL_ACCOUNT),
                    first, last);
            System.out.println("wechat-oa/" + r.account());
            System.out.println(String.format("%-10s %6s %6s %6s %9s %7s  %s", "Day", "New", "Cancel", "Net", "Followers",
                    "Reads", "Reads by source"));
            for (AudienceReport.Day d : r.days()) {
                System.out.println(String.format("%-10s %6d %6d %6d %9s %7d  %s%s", d.day(), d.newFollows(),
                        d.unfollows(), d.net(), d.followers() == null ? "-" : d.followers().toString(), d.reads(),
                        d.readsBySource(), d.problems().isEmpty() ? "" : "  ! " + String.join("; ", d.problems())));
            }
            AudienceReport.Totals t = r.totals();
            System.out.println(String.format("%-10s %6d %6d %6d %9s %7d  %s", "total", t.newFollows(), t.unfollows(),
                    t.net(), t.lastFollowers() == null ? "-" : t.lastFollowers().toString(), t.reads(),
                    t.readsBySource()));
            missing(r.missing());
        } else {
            System.err.println("figures must be " + GROUP_CHATS + " or " + OFFICIAL_ACCOUNT);
        }
        return null;
    }

    private String account(String type) {
        if (account != null) {
            return account;
        }
        List<String> accounts = stats.accounts(type);
        if (accounts.size() != 1) {
            throw new IllegalArgumentException("--account is required: " + type + " accounts are " + accounts);
        }
        return accounts.get(0);
    }

    private static void missing(List<LocalDate> missing) {
        if (!missing.isEmpty()) {
            System.out.println("not collected: " + missing.size() + " days, from " + missing.get(0)
                    + " (siyu:channel-stats-collect pulls them)");
        }
    }
}
