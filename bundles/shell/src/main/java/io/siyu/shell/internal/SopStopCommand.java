package io.siyu.shell.internal;

import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "sop-stop", description = "Stops an SOP for good: running instances are stopped")
@Service
public class SopStopCommand implements Action {
    @Reference
    SopService sops;

    @Argument(index = 0, name = "id", description = "The SOP id", required = true)
    @Completion(SopIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        SopDefinition d = sops.stop(ConsoleCaller.current(), id);
        System.out.println("SOP " + d.id() + " (" + d.name() + ", version " + d.version() + ") is " + Sops.state(d.state()));
        return null;
    }
}
