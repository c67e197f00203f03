package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import io.siyu.api.org.OrgService;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Staff;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
public class StaffIdCompleter implements Completer {
    @Reference
    OrgService org;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (OrgUnit root : org.units(Caller.SYSTEM).stream().filter(OrgUnit::isRoot).toList()) {
            for (Staff s : org.staffIn(Caller.SYSTEM, root.id(), true, new PageRequest(0, PageRequest.MAX_LIMIT)).items()) {
                delegate.getStrings().add(s.id());
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
