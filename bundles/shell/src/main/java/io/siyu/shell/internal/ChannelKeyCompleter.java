package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes "type/account" of the running channels. */
@Service
public class ChannelKeyCompleter implements Completer {
    @Reference
    ChannelRegistry channels;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (ChannelDescriptor d : channels.channels()) {
            delegate.getStrings().add(d.key());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
