package io.siyu.shell.internal;

import io.siyu.api.NotFoundException;
import io.siyu.api.edition.EditionContent;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.edition.OperatingModel;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "edition-model", description = "Shows an edition's operating model, or switches it for every node (data stays, permissions follow)")
@Service
public class EditionModelCommand implements Action {
    @Reference
    EditionRegistry editions;

    @Argument(index = 0, name = "id", description = "The edition id, e.g. bank", required = true)
    @Completion(EditionIdCompleter.class)
    String id;

    @Argument(index = 1, name = "model", description = "The operating model to switch to, e.g. branch-managed")
    @Completion(OperatingModelCompleter.class)
    String model;

    @Override
    public Object execute() {
        EditionContent c = editions.content(id).orElseThrow(() -> new NotFoundException("edition", id));
        if (c.operatingModels().isEmpty()) {
            System.out.println("Edition " + id + " has no operating models");
            return null;
        }
        if (model != null) {
            OperatingModel chosen = editions.switchOperatingModel(ConsoleCaller.current(), id, model);
            System.out.println("Edition " + id + " now runs as " + chosen.id() + " (" + chosen.name()
                    + "); data is unchanged, roles follow at once here and within seconds on other nodes");
            return null;
        }
        String current = editions.operatingModel(id).map(OperatingModel::id).orElse(null);
        for (OperatingModel m : c.operatingModels()) {
            System.out.println((m.id().equals(current) ? "* " : "  ") + m.id() + "  " + m.name());
            System.out.println("    " + m.description());
        }
        return null;
    }
}
