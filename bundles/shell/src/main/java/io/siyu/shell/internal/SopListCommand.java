package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopInstanceState;
import io.siyu.api.sop.SopService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "sop-list", description = "Lists SOPs: latest version, state, trigger and live instances")
@Service
public class SopListCommand implements Action {
    @Reference
    SopService sops;

    @Override
    public Object execute() {
        Caller caller = ConsoleCaller.current();
        List<SopDefinition> all = sops.list(caller);
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Version").alignRight();
        table.column("State");
        table.column("Trigger");
        table.column("Running").alignRight();
        table.column("Waiting").alignRight();
        table.column("Paused").alignRight();
        for (SopDefinition d : all) {
            table.addRow().addContent(d.id(), d.name(), d.version(), Sops.state(d.state()), Sops.trigger(d.trigger()),
                    count(caller, d, SopInstanceState.RUNNING), count(caller, d, SopInstanceState.WAITING),
                    count(caller, d, SopInstanceState.PAUSED));
        }
        table.print(System.out);
        System.out.println(all.isEmpty() ? "No SOPs yet: POST them to /siyu/api/v1/sops (docs/sop.md)" : all.size() + " SOPs");
        return null;
    }

    private long count(Caller caller, SopDefinition d, SopInstanceState state) {
        return sops.instances(caller, d.id(), state, new PageRequest(0, 1)).total();
    }
}
