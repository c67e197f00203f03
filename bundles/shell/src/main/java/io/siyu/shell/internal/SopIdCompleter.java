package io.siyu.shell.internal;

import io.siyu.api.org.Caller;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
public class SopIdCompleter implements Completer {
    @Reference
    SopService sops;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (SopDefinition d : sops.list(Caller.SYSTEM)) {
            delegate.getStrings().add(Long.toString(d.id()));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
