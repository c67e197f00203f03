package io.siyu.shell.internal;

import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
import io.siyu.api.customer.TagService;
import io.siyu.api.org.Caller;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "siyu", name = "tag-create", description = "Creates a tag; an auto tag takes its rule from --event, --min, --days, --property and --value")
@Service
public class TagCreateCommand implements Action {
    @Reference
    TagService tags;

    @Argument(index = 0, name = "group", description = "Group name (created when missing)", required = true)
    String group;

    @Argument(index = 1, name = "name", description = "Tag name", required = true)
    String name;

    @Option(name = "-k", aliases = "--kind", description = "enterprise (default), personal or auto")
    @Completion(value = StringsCompleter.class, values = {"enterprise", "personal", "auto"})
    String kind;

    @Option(name = "-o", aliases = "--owner", description = "Owner (staff id) of a personal tag")
    String owner;

    @Option(name = "--event", description = "Auto tag rule: the event type, e.g. order or contact.added")
    String event;

    @Option(name = "--min", description = "Auto tag rule: at least this many events (default 1)")
    Integer min;

    @Option(name = "--days", description = "Auto tag rule: only events of the last n days")
    Integer days;

    @Option(name = "--property", description = "Auto tag rule: only events whose property …")
    String property;

    @Option(name = "--value", description = "… equals this value, e.g. --property channelCode --value X")
    String value;

    @Override
    public Object execute() {
        TagKind k = Console.tagKind(kind);
        TagRule rule = event == null ? null : new TagRule(event, property, value, min, days);
        TagDefinition t = tags.create(Caller.SYSTEM, new TagDefinitionDraft(null, group, name, k, null, null, owner, rule));
        System.out.println("Created tag " + t.id() + ": " + t.group() + "/" + t.name() + " ("
                + t.kind().name().toLowerCase(Locale.ROOT) + ")");
        return null;
    }
}
