package io.siyu.shell.internal;

import io.siyu.api.PageRequest;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendService;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "mass-send-list", description = "Lists mass sends, newest first")
@Service
public class MassSendListCommand implements Action {
    @Reference
    MassSendService sends;

    @Option(name = "--limit", description = "How many (default 20)")
    int limit = 20;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Channel");
        table.column("State");
        table.column("Scheduled");
        table.column("Eligible");
        table.column("Follow-up of");
        for (MassSend m : sends.list(ConsoleCaller.current(), new PageRequest(0, limit)).items()) {
            table.addRow().addContent(m.id(), m.name(), m.channelType() + "/" + m.channelAccount(),
                    m.state().name().toLowerCase(Locale.ROOT), m.scheduledAt(),
                    m.acceptedPlan() == null ? "" : m.acceptedPlan().eligible(), m.followUpOf() == null ? "" : m.followUpOf());
        }
        table.print(System.out);
        return null;
    }
}
