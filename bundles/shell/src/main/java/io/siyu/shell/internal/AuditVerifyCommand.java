package io.siyu.shell.internal;

import io.siyu.api.audit.AuditLog;
import io.siyu.api.audit.AuditVerification;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "audit-verify", description = "Walks the audit log's hash chain and names the first entry that does not match")
@Service
public class AuditVerifyCommand implements Action {
    @Reference
    AuditLog audit;

    @Override
    public Object execute() {
        AuditVerification v = audit.verify(ConsoleCaller.current());
        if (v.intact()) {
            System.out.println("Audit log intact: " + v.checked() + " entries checked, head at " + v.lastSeq()
                    + (v.headHash() == null ? "" : " with hash " + v.headHash()));
        } else {
            System.out.println("Audit log BROKEN at entry " + v.firstBrokenSeq() + ": " + v.problem() + " (" + v.checked()
                    + " entries before it are intact)");
        }
        return null;
    }
}
