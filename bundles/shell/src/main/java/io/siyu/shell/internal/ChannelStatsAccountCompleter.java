package io.siyu.shell.internal;

import io.siyu.api.analytics.ChannelStatistics;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the accounts (WeCom and official accounts) that have channel figures. */
@Service
public class ChannelStatsAccountCompleter implements Completer {
    @Reference
    ChannelStatistics stats;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        delegate.getStrings().addAll(stats.accounts(ChannelStatistics.WECOM));
        delegate.getStrings().addAll(stats.accounts(ChannelStatistics.OFFICIAL_ACCOUNT));
        return delegate.complete(session, commandLine, candidates);
    }
}
