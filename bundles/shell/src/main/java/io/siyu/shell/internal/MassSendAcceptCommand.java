package io.siyu.shell.internal;

import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "mass-send-accept", description = "Accepts a mass send's plan: its eligible customers' messages go to the outbox")
@Service
public class MassSendAcceptCommand implements Action {
    @Reference
    MassSendService sends;

    @Option(name = "--reschedule-blocked", description = "Send the part blocked by quota, caps or quiet hours when it becomes allowed")
    boolean reschedule;

    @Argument(index = 0, name = "id", required = true, description = "The mass send")
    @Completion(MassSendIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        MassSend m = sends.accept(ConsoleCaller.current(), id, reschedule);
        MassSendPlanCommand.print(m.acceptedPlan());
        System.out.println("queued; follow it with siyu:mass-send-progress " + id);
        return null;
    }
}
