package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelCodeDraft;
import io.siyu.api.channel.ChannelCodeInfo;
import io.siyu.api.channel.ChannelCodeService;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-code-create", description = "Creates a channel code (渠道活码): a QR code whose contacts are attributed, tagged and welcomed")
@Service
public class ChannelCodeCreateCommand implements Action {
    @Reference
    ChannelCodeService codes;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Argument(index = 1, name = "name", description = "Entry point name, e.g. 门店海报-徐汇店", required = true)
    String name;

    @Option(name = "-u", aliases = "--staff", description = "Staff userid a scan adds (repeat for several)", required = true,
            multiValued = true)
    List<String> staff;

    @Option(name = "-t", aliases = "--tag", description = "Tag id every contact gets (repeat for several)", multiValued = true)
    @Completion(TagIdCompleter.class)
    List<Long> tags;

    @Option(name = "-w", aliases = "--welcome", description = "Welcome message; {name} becomes the contact's name")
    String welcome;

    @Option(name = "--state", description = "The state the provider sends back (default: generated)")
    String state;

    @Option(name = "--skip-verify", description = "Add contacts without the staff member's confirmation")
    boolean skipVerify;

    @Override
    public Object execute() {
        Set<Long> tagIds = tags == null ? Set.of() : new LinkedHashSet<>(tags);
        ChannelCodeInfo c = codes.create(ConsoleCaller.current(),
                new ChannelCodeDraft(name, channel, state, staff, tagIds, welcome, skipVerify));
        System.out.println("Created channel code " + c.id() + ": " + c.name() + " on " + c.channel());
        System.out.println(Console.field("State", c.state()));
        System.out.println(Console.field("QR code", c.qrCodeUrl() == null ? "(none returned)" : c.qrCodeUrl()));
        return null;
    }
}
