package io.siyu.shell.internal;

import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeSchemaService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Names of the custom attributes: the only ones that can be changed or deleted. */
@Service
public class CustomAttributeNameCompleter implements Completer {
    @Reference
    AttributeSchemaService attributes;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (AttributeDefinition d : attributes.list()) {
            if (d.editable()) {
                delegate.getStrings().add(d.name());
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
