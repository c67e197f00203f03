package io.siyu.shell.internal;

import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
import io.siyu.api.customer.TagService;
import io.siyu.api.org.Caller;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "tag-list", description = "Lists tags by group, with how many customers carry each")
@Service
public class TagListCommand implements Action {
    @Reference
    TagService tags;

    @Option(name = "-k", aliases = "--kind", description = "Only tags of this kind: enterprise, personal or auto")
    @Completion(value = StringsCompleter.class, values = {"enterprise", "personal", "auto"})
    String kind;

    @Override
    public Object execute() {
        TagKind k = Console.tagKind(kind);
        Map<Long, Long> counts = tags.customerCounts(Caller.SYSTEM);
        List<TagDefinition> all = tags.definitions(Caller.SYSTEM, null, k);
        ShellTable table = new ShellTable();
        table.column("Group");
        table.column("Id").alignRight();
        table.column("Tag");
        table.column("Kind");
        table.column("Owner / rule");
        table.column("Customers").alignRight();
        for (TagGroup g : tags.groups()) {
            boolean first = true;
            for (TagDefinition t : all) {
                if (t.groupId() != g.id()) {
                    continue;
                }
                table.addRow().addContent(first ? g.name() + " [" + g.id() + "]" : "", t.id(), t.name(),
                        t.kind().name().toLowerCase(Locale.ROOT), t.owner() != null ? t.owner() : describe(t.rule()),
                        counts.getOrDefault(t.id(), 0L));
                first = false;
            }
            if (first && k == null) {
                table.addRow().addContent(g.name() + " [" + g.id() + "]", "", "(no tags)", "", "", "");
            }
        }
        table.print(System.out);
        return null;
    }

    static String describe(TagRule r) {
        if (r == null) {
            return "";
        }
        return r.eventType() + (r.property() == null ? "" : " with " + r.property() + "=" + r.value())
                + " ≥" + r.minCount() + (r.withinDays() == null ? "" : " in " + r.withinDays() + "d");
    }
}
