package io.siyu.shell.internal;

import io.siyu.api.masssend.MassSendProgress;
import io.siyu.api.masssend.MassSendService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "mass-send-progress", description = "Shows where a mass send's messages stand, per recipient; --follow until nothing is waiting")
@Service
public class MassSendProgressCommand implements Action {
    @Reference
    MassSendService sends;

    @Option(name = "--follow", description = "Redraw every second until nothing is queued or sending (Ctrl-C stops watching)")
    boolean follow;

    @Argument(index = 0, name = "id", required = true, description = "The mass send")
    @Completion(MassSendIdCompleter.class)
    long id;

    @Override
    public Object execute() throws InterruptedException {
        while (true) {
            MassSendProgress p = sends.progress(ConsoleCaller.current(), id);
            System.out.println(line(p));
            if (!follow || p.queued() + p.sending() == 0) {
                p.failedByReason().forEach((code, n) -> System.out.printf("  failed %-24s %,d%n", code, n));
                return null;
            }
            Thread.sleep(1000);
        }
    }

    /** A bar of what is done, and the counts. */
    static String line(MassSendProgress p) {
        long total = Math.max(1, p.total());
        long done = p.total() - p.queued() - p.sending();
        int width = 30;
        int filled = (int) (done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + String.format(
                "%,d/%,d  queued %,d  sending %,d  sent %,d  delivered %,d  confirmed %,d  failed %,d  cancelled %,d",
                done, p.total(), p.queued(), p.sending(), p.sent(), p.delivered(), p.confirmed(), p.failed(),
                p.cancelled());
    }
}
