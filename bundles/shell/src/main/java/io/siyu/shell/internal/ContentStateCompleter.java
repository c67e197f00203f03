package io.siyu.shell.internal;

import io.siyu.api.content.ContentState;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Content states, as --state takes them. */
@Service
public class ContentStateCompleter implements Completer {
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (ContentState s : ContentState.values()) {
            delegate.getStrings().add(s.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
