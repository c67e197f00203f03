package io.siyu.shell.internal;

import io.siyu.api.NotFoundException;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.EditionRole;
import io.siyu.api.edition.OperatingModel;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "edition-info", description = "Shows what an edition declares: operating models, org model, roles under the current model, tags, presets, templates, dashboards, compliance")
@Service
public class EditionInfoCommand implements Action {
    @Reference
    EditionRegistry editions;

    @Argument(index = 0, name = "id", description = "The edition id, e.g. bank", required = true)
    @Completion(EditionIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        EditionDescriptor d = editions.find(id).orElseThrow(() -> new NotFoundException("edition", id));
        EditionContent c = editions.content(id).orElse(EditionContent.empty(id));
        String model = editions.operatingModel(id).map(OperatingModel::id).orElse(null);
        System.out.println(Console.field("Id", d.id()));
        System.out.println(Console.field("Name", d.name()));
        System.out.println(Console.field("About", d.description()));
        System.out.println(Console.field("Version", d.version() + " (bundle " + d.bundleId() + ")"));
        if (!c.operatingModels().isEmpty()) {
            System.out.println("Operating models (* in force; siyu:edition-model to switch):");
            for (OperatingModel m : c.operatingModels()) {
                System.out.println((m.id().equals(model) ? "  * " : "    ") + m.id() + "  " + m.name()
                        + (m.id().equals(c.defaultOperatingModel()) ? "  (default)" : ""));
            }
        }
        if (!c.unitKinds().isEmpty()) {
            System.out.println("Org units: " + c.unitKinds().stream().map(k -> k.name() + " (" + k.id()
                    + (k.parents().isEmpty() ? "" : " under " + String.join("|", k.parents())) + ")")
                    .collect(Collectors.joining(", ")));
            c.positions().forEach(p -> System.out.println("  position " + p.id() + "  " + p.name() + "  in "
                    + String.join(", ", p.unitKinds()) + "  roles " + String.join(", ", p.roles())));
        }
        System.out.println("Roles" + (model == null ? "" : " under " + model) + ":");
        for (EditionRole r : c.roles()) {
            Role now = r.under(model);
            System.out.println("  " + r.id() + "  " + r.name() + "  scope " + now.scope().name().toLowerCase(Locale.ROOT)
                    + ": " + now.permissions().stream().map(Permission::name).sorted().collect(Collectors.joining(" ")));
        }
        if (!c.tagGroups().isEmpty()) {
            System.out.println("Tags: " + c.tagGroups().stream().map(g -> g.name() + " (" + String.join("、", g.tags()) + ")")
                    .collect(Collectors.joining("; ")));
        }
        c.segmentPresets().forEach(p -> System.out.println("  segment preset " + p.id() + "  " + p.name()));
        c.sopTemplates().forEach(t -> System.out.println("  SOP template   " + t.id() + "  " + t.name()));
        c.dashboards().forEach(b -> System.out.println("  dashboard      " + b.id() + "  " + b.name() + " ("
                + b.widgets().size() + " widgets)"));
        System.out.println(Console.field("Compliance", c.compliance().sensitiveWords().size() + " sensitive words, "
                + c.compliance().riskDisclosures().stream().map(r -> r.name()).collect(Collectors.joining(", ",
                        c.compliance().riskDisclosures().size() + " risk disclosures (", ")"))));
        System.out.println(Console.field("Terms", c.terminology().size()));
        if (!c.segmentPresets().isEmpty() || !c.sopTemplates().isEmpty()) {
            System.out.println("Apply presets and templates with POST /siyu/api/v1/editions/" + id
                    + "/segment-presets/<id>/apply or /sop-templates/<id>/apply");
        }
        return null;
    }
}
