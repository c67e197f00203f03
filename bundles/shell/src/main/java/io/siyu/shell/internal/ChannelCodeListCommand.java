package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelCodeInfo;
import io.siyu.api.channel.ChannelCodeService;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "channel-code-list", description = "Lists channel codes with their state, staff, tags and QR code")
@Service
public class ChannelCodeListCommand implements Action {
    @Reference
    ChannelCodeService codes;

    @Override
    public Object execute() {
        List<ChannelCodeInfo> all = codes.list(ConsoleCaller.current());
        ShellTable table = new ShellTable();
        for (String c : List.of("Id", "Name", "Channel", "State", "Staff", "Tags", "Welcome", "QR code")) {
            table.column(c);
        }
        for (ChannelCodeInfo c : all) {
            table.addRow().addContent(c.id(), c.name(), c.channel(), c.state(), String.join(",", c.staffUserIds()),
                    c.tagIds().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    c.welcomeText() == null ? "" : "yes", c.qrCodeUrl() == null ? "" : c.qrCodeUrl());
        }
        table.print(System.out);
        if (all.isEmpty()) {
            System.out.println("No channel codes yet: siyu:channel-code-create wecom/<account> <name> -u <staff>");
        }
        return null;
    }
}
