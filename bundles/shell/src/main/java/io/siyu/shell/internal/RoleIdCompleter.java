package io.siyu.shell.internal;

import io.siyu.api.org.OrgService;
import io.siyu.api.org.Role;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
public class RoleIdCompleter implements Completer {
    @Reference
    OrgService org;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (Role r : org.roles()) {
            delegate.getStrings().add(r.id());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
