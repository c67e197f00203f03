package io.siyu.shell.internal;

import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.OperatingModel;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "edition-list", description = "Lists the active editions with their operating model and what they declare")
@Service
public class EditionListCommand implements Action {
    @Reference
    EditionRegistry editions;

    @Override
    public Object execute() {
        List<EditionDescriptor> all = editions.editions();
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Version");
        table.column("Bundle").alignRight();
        table.column("Operating model");
        table.column("Roles").alignRight();
        table.column("Segment presets").alignRight();
        table.column("SOP templates").alignRight();
        for (EditionDescriptor d : all) {
            EditionContent c = editions.content(d.id()).orElse(EditionContent.empty(d.id()));
            String model = editions.operatingModel(d.id()).map(OperatingModel::id).orElse("-");
            table.addRow().addContent(d.id(), d.name(), d.version(), d.bundleId(), model, c.roles().size(),
                    c.segmentPresets().size(), c.sopTemplates().size());
        }
        table.print(System.out);
        System.out.println(all.isEmpty() ? "No edition is active: feature:install siyu-edition-<retail|bank|education>"
                : all.size() + " editions");
        return null;
    }
}
