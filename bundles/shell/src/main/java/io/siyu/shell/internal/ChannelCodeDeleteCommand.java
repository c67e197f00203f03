package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelCodeService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-code-delete", description = "Deletes a channel code here and at the provider; contacts keep their attribution")
@Service
public class ChannelCodeDeleteCommand implements Action {
    @Reference
    ChannelCodeService codes;

    @Argument(index = 0, name = "id", description = "Channel code id", required = true)
    @Completion(ChannelCodeIdCompleter.class)
    long id;

    @Override
    public Object execute() {
        String name = codes.get(ConsoleCaller.current(), id).name();
        codes.delete(ConsoleCaller.current(), id);
        System.out.println("Deleted channel code " + id + " (" + name + ")");
        return null;
    }
}
