package io.siyu.shell.internal;

import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.content.ContentItem;
import io.siyu.api.content.ContentQuery;
import io.siyu.api.content.ContentService;
import io.siyu.api.content.ContentState;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "content-list", description = "Lists the content library, newest first")
@Service
public class ContentListCommand implements Action {
    @Reference
    ContentService contents;

    @Option(name = "--state", description = "Only content whose latest version is in this state (e.g. pending-review)")
    @Completion(ContentStateCompleter.class)
    String state;

    @Option(name = "--label", description = "Only content with this label, e.g. wealth-product")
    String label;

    @Option(name = "--usable", description = "Only content with an approved version in use")
    boolean usable;

    @Option(name = "--offset", description = "Skip this many")
    int offset;

    @Option(name = "--limit", description = "Show at most this many")
    int limit = 50;

    @Override
    public Object execute() {
        Page<ContentItem> page = contents.list(ConsoleCaller.current(), new ContentQuery(state(state), label, null, usable,
                new PageRequest(offset, limit)));
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("Title");
        table.column("Unit");
        table.column("Version");
        table.column("State");
        table.column("In use");
        table.column("Labels");
        for (ContentItem c : page.items()) {
            table.addRow().addContent(c.id(), lower(c.kind()), c.latest().title(), c.ownerUnitId(), c.latest().version(),
                    lower(c.state()), c.usable() ? "v" + c.approved().version() : "-",
                    String.join(",", new java.util.TreeSet<>(c.latest().labels())));
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " items");
        return null;
    }

    static ContentState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return ContentState.valueOf(state.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(FieldError.of("state", "'" + state + "' is not a content state"));
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
