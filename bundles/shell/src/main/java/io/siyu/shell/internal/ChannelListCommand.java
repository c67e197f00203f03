package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "channel-list", description = "Lists the channel accounts whose adapters are running")
@Service
public class ChannelListCommand implements Action {
    @Reference
    ChannelRegistry channels;

    @Override
    public Object execute() {
        List<ChannelDescriptor> all = channels.channels();
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Account");
        table.column("Name");
        table.column("Health");
        table.column("Capabilities");
        for (ChannelDescriptor d : all) {
            String health = channels.adapter(d.type(), d.account())
                    .map(a -> a.health().status().name()).orElse("gone");
            table.addRow().addContent(d.type(), d.account(), d.displayName(), health,
                    d.capabilities().stream().map(ChannelCapability::name).sorted().collect(Collectors.joining(",")));
        }
        table.print(System.out);
        if (all.isEmpty()) {
            System.out.println("No channel adapters are running. Install one, e.g. feature:install siyu-channel-wecom,"
                    + " and configure its account in etc/.");
        }
        return null;
    }
}
