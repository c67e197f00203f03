package io.siyu.shell.internal;

import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeSchemaService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "attribute-list",
        description = "Lists the customer attribute schema: built-in, edition and custom attributes")
@Service
public class AttributeListCommand implements Action {
    @Reference
    AttributeSchemaService attributes;

    @Argument(index = 0, name = "name", description = "Show only this attribute, with its description", required = false)
    @Completion(AttributeNameCompleter.class)
    String name;

    @Override
    public Object execute() {
        if (name != null) {
            AttributeDefinition d = attributes.get(name);
            System.out.println(Console.field("Name", d.name()));
            System.out.println(Console.field("Label", d.label()));
            System.out.println(Console.field("Type", d.type() + values(d)));
            System.out.println(Console.field("Origin", d.origin()));
            System.out.println(Console.field("Editable", d.editable()));
            System.out.println(Console.field("About", d.description()));
            return null;
        }
        List<AttributeDefinition> all = attributes.list();
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Label");
        table.column("Type");
        table.column("Origin");
        for (AttributeDefinition d : all) {
            table.addRow().addContent(d.name(), d.label(), d.type() + values(d), d.origin());
        }
        table.print(System.out);
        System.out.println(all.size() + " attributes");
        return null;
    }

    private static String values(AttributeDefinition d) {
        return d.allowedValues().isEmpty() ? "" : " (" + String.join(", ", d.allowedValues()) + ")";
    }
}
