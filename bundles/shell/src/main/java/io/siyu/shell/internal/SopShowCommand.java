package io.siyu.shell.internal;

import io.siyu.api.sop.SopDefinition;
import io.siyu.api.sop.SopService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "sop-show", description = "Shows an SOP's trigger and steps (latest version unless given)")
@Service
public class SopShowCommand implements Action {
    @Reference
    SopService sops;

    @Option(name = "-v", aliases = "--version", description = "The version to show (default: the latest)")
    Integer version;

    @Argument(index = 0, name = "id", description = "The SOP id", required = true)
    @Completion(SopIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        SopDefinition d = version == null ? sops.get(ConsoleCaller.current(), id)
                : sops.get(ConsoleCaller.current(), id, version);
        System.out.println(Console.field("Id", d.id()));
        System.out.println(Console.field("Name", d.name()));
        System.out.println(Console.field("Version", d.version()));
        System.out.println(Console.field("State", Sops.state(d.state())));
        System.out.println(Console.field("Trigger", Sops.trigger(d.trigger())));
        System.out.println("Steps:");
        StringBuilder out = new StringBuilder();
        Sops.printSteps(d.steps(), "  ", out);
        System.out.print(out);
        return null;
    }
}
