package io.siyu.shell.internal;

import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeSchemaService;
import io.siyu.api.customer.AttributeType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "attribute-define", description = "Defines a custom customer attribute")
@Service
public class AttributeDefineCommand implements Action {
    @Reference
    AttributeSchemaService attributes;

    @Argument(index = 0, name = "name", description = "Attribute name: a letter, then letters, digits, _ . - (≤64)",
            required = true)
    String name;

    @Argument(index = 1, name = "type", description = "text, integer, decimal, boolean, date or enum", required = true)
    @Completion(AttributeTypeCompleter.class)
    String type;

    @Option(name = "-l", aliases = "--label", description = "Display label, e.g. 爱好 (defaults to the name)")
    String label;

    @Option(name = "-v", aliases = "--values", description = "Allowed values of an enum, comma separated: gold,silver")
    String values;

    @Option(name = "-d", aliases = "--description", description = "What the attribute means")
    String description;

    @Override
    public Object execute() {
        AttributeType t;
        try {
            t = AttributeType.valueOf(type.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("Unknown type '" + type + "': use text, integer, decimal, boolean, date or enum");
            return null;
        }
        List<String> allowed = values == null ? List.of() : Arrays.stream(values.split(",")).map(String::strip).toList();
        AttributeDefinition d = attributes.define(new AttributeDraft(name, label, t, allowed, description));
        System.out.println("Defined attribute " + d.name() + " (" + d.type()
                + (d.allowedValues().isEmpty() ? "" : ": " + String.join(", ", d.allowedValues())) + ")");
        return null;
    }
}
