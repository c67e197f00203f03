package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelCodeInfo;
import io.siyu.api.channel.ChannelCodeService;
import io.siyu.api.org.Caller;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
public class ChannelCodeIdCompleter implements Completer {
    @Reference
    ChannelCodeService codes;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (ChannelCodeInfo c : codes.list(Caller.SYSTEM)) {
            delegate.getStrings().add(Long.toString(c.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
