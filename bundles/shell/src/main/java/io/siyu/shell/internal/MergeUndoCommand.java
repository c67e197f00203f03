package io.siyu.shell.internal;

import io.siyu.api.customer.IdentityService;
import io.siyu.api.customer.UndoResult;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "siyu", name = "merge-undo", description = "Undoes a merge: the merged-away customer returns under its id")
@Service
public class MergeUndoCommand implements Action {
    @Reference
    IdentityService identities;

    @Argument(index = 0, name = "mergeId", description = "Merge id (see siyu:customer-show)", required = true)
    long mergeId;

    @Override
    public Object execute() {
        UndoResult u = identities.undo(ConsoleCaller.current(), mergeId);
        System.out.println("Merge " + mergeId + " undone: customer " + u.restored().id() + " (" + u.restored().displayName()
                + ") is back; customer " + u.survivor().id() + " keeps the rest");
        if (!u.keptNewer().isEmpty()) {
            System.out.println("Changed on customer " + u.survivor().id() + " after the merge, kept as they are: "
                    + String.join(", ", u.keptNewer()));
        }
        if (!u.identitiesNotRestored().isEmpty()) {
            System.out.println("Identities no longer on customer " + u.survivor().id() + ", left where they are: "
                    + u.identitiesNotRestored());
        }
        return null;
    }
}
