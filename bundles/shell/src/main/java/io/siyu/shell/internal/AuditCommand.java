package io.siyu.shell.internal;

import io.siyu.api.FieldError;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.audit.AuditEntry;
import io.siyu.api.audit.AuditLog;
import io.siyu.api.audit.AuditQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "siyu", name = "audit", description = "Shows the audit log, newest first: customer reads, exports, content reviews, sends")
@Service
public class AuditCommand implements Action {
    @Reference
    AuditLog audit;

    @Option(name = "--actor", description = "Only what this user or staff member did")
    @Completion(StaffIdCompleter.class)
    String actor;

    @Option(name = "--action", description = "e.g. customer.read, customer.export, content.approve, message.send")
    @Completion(AuditActionCompleter.class)
    String action;

    @Option(name = "--subject-type", description = "customer, content, outbox, segment…")
    String subjectType;

    @Option(name = "--subject", description = "The subject's id, e.g. a customer id")
    String subjectId;

    @Option(name = "--from", description = "From this instant (ISO-8601), inclusive")
    String from;

    @Option(name = "--to", description = "Up to this instant (ISO-8601), exclusive")
    String to;

    @Option(name = "--offset", description = "Skip this many")
    int offset;

    @Option(name = "--limit", description = "Show at most this many")
    int limit = 50;

    @Override
    public Object execute() {
        Page<AuditEntry> page = audit.query(ConsoleCaller.current(), new AuditQuery(actor, action, subjectType, subjectId,
                instant(from, "from"), instant(to, "to"), new PageRequest(offset, limit)));
        ShellTable table = new ShellTable();
        table.column("Seq");
        table.column("At");
        table.column("Actor");
        table.column("Action");
        table.column("Subject");
        table.column("Detail");
        for (AuditEntry e : page.items()) {
            table.addRow().addContent(e.seq(), e.at(), e.actor(), e.action(), e.subjectType() + ":" + e.subjectId(),
                    e.detail() == null ? "" : e.detail());
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " entries");
        return null;
    }

    private static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException(FieldError.of(field, "is an ISO-8601 instant, e.g. 2026-11-23T08:00:00Z"));
        }
    }
}
