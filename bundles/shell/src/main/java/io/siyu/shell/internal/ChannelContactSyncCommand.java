package io.siyu.shell.internal;

import io.siyu.api.channel.ChannelSyncService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "channel-contact-sync", description = "Imports the provider's contacts as customers (a background job), printing its progress")
@Service
public class ChannelContactSyncCommand implements Action {
    @Reference
    ChannelSyncService sync;

    @Argument(index = 0, name = "channel", description = "type/account, e.g. wecom/main", required = true)
    @Completion(ChannelKeyCompleter.class)
    String channel;

    @Option(name = "--no-wait", description = "Start the job and return; follow it with GET .../contact-sync/<id>")
    boolean noWait;

    @Override
    public Object execute() throws InterruptedException {
        ChannelSyncService.ContactSyncJob job = sync.startContactSync(ConsoleCaller.current(), channel);
        System.out.println("Contact sync " + job.id() + " of " + job.channel() + " started");
        if (noWait) {
            return null;
        }
        String last = "";
        while (true) {
            job = sync.contactSyncJob(ConsoleCaller.current(), job.id());
            String line = progress(job);
            if (!line.equals(last)) {
                System.out.println(line);
                last = line;
            }
            if (job.state() != ChannelSyncService.JobState.RUNNING) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.println("Contact sync " + job.state().name().toLowerCase(java.util.Locale.ROOT)
                + (job.message() == null ? "" : ": " + job.message()));
        return null;
    }

    static String progress(ChannelSyncService.ContactSyncJob j) {
        return "staff " + j.staffDone() + "/" + j.staffTotal() + ", contacts " + j.contactsSeen() + ": created "
                + j.created() + ", linked " + j.linked() + ", updated " + j.updated() + ", unchanged " + j.unchanged()
                + ", failed " + j.failed();
    }
}
