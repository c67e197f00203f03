package io.siyu.shell.internal;

import io.siyu.api.customer.AttributeType;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
public class AttributeTypeCompleter implements Completer {
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (AttributeType t : AttributeType.values()) {
            delegate.getStrings().add(t.name().toLowerCase(Locale.ROOT));
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
