package io.siyu.shell.internal;

import io.siyu.api.customer.AttributeSchemaService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "attribute-delete",
        description = "Deletes a custom attribute; refused while customers hold values unless --purge")
@Service
public class AttributeDeleteCommand implements Action {
    @Reference
    AttributeSchemaService attributes;

    @Argument(index = 0, name = "name", description = "The custom attribute", required = true)
    @Completion(CustomAttributeNameCompleter.class)
    String name;

    @Option(name = "--purge", description = "Also remove every customer's value of it")
    boolean purge;

    @Override
    public Object execute() {
        attributes.delete(name, purge);
        System.out.println("Deleted attribute " + name + (purge ? " and its values" : ""));
        return null;
    }
}
