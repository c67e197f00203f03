package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the latest mass sends. */
@Service
public class MassSendIdCompleter implements Completer {
    @Reference
    MassSendService sends;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (MassSend m : sends.list(ConsoleCaller.current(), new PageRequest(0, 50)).items()) {
            delegate.getStrings().add(Long.toString(m.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
