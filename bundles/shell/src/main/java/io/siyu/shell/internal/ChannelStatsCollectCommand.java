package io.siyu.shell.internal;

import io.siyu.api.analytics.ChannelStatistics;
import io.siyu.api.analytics.CollectReport;
import java.time.LocalDate;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-stats-collect", description = "Pulls the per-day figures of WeCom and official"
        + " accounts from the providers now, replacing the stored days (default: the missing days of the last 30)")
@Service
public class ChannelStatsCollectCommand implements Action {
    @Reference
    ChannelStatistics stats;

    @Option(name = "-c", aliases = "--channel", description = "type/account, e.g. wecom/main (default: every account)")
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Option(name = "--from", description = "first day, YYYY-MM-DD (default: the oldest missing of the last 30 days)")
    String from;

    @Option(name = "--to", description = "last day, YYYY-MM-DD (default: yesterday, China time)")
    String to;

    @Override
    public Object execute() {
        CollectReport r = stats.collect(ConsoleCaller.current(), channel, from == null ? null : LocalDate.parse(from),
                to == null ? null : LocalDate.parse(to));
        if (r.accounts().isEmpty()) {
            System.out.println("no running account offers figures");
        }
        for (CollectReport.Account a : r.accounts()) {
            System.out.println(a.channelKey() + ": " + a.days().size() + " days stored"
                    + (a.days().isEmpty() ? "" : " (" + a.days().get(0) + " to " + a.days().get(a.days().size() - 1) + ")")
                    + (a.error() == null ? "" : "; stopped: " + a.error()));
            a.problems().forEach(p -> System.out.println("  ! " + p));
        }
        return null;
    }
}
