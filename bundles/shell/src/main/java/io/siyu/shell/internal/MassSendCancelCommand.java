package io.siyu.shell.internal;

import io.siyu.api.masssend.MassSendService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "mass-send-cancel", description = "Cancels a mass send: a draft, or the messages that have not gone out yet")
@Service
public class MassSendCancelCommand implements Action {
    @Reference
    MassSendService sends;

    @Argument(index = 0, name = "id", required = true, description = "The mass send")
    @Completion(MassSendIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        sends.cancel(ConsoleCaller.current(), id);
        System.out.println("mass send " + id + " cancelled");
        System.out.println(MassSendProgressCommand.line(sends.progress(ConsoleCaller.current(), id)));
        return null;
    }
}
