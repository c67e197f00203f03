package io.siyu.api.masssend;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;

/** Mass sends: define, plan, accept, follow. */
public interface MassSendService {
    /** @throws io.siyu.api.ValidationException naming the field for an unknown segment, channel or bad content */
    MassSend create(Caller caller, MassSendDraft draft);

    MassSend get(Caller caller, long id);

    /** Newest first. */
    Page<MassSend> list(Caller caller, PageRequest page);

    /** The plan at the mass send's time (now, if unscheduled), computed afresh. */
    MassSendPlan plan(Caller caller, long id);

    /**
     * Plans again and queues the eligible customers' messages. With {@code rescheduleBlocked}, the
     * customers blocked only by time (quota, caps, quiet hours) get a follow-up mass send at the
     * time their group becomes sendable.
     *
     * @throws io.siyu.api.ConflictException if the mass send is no longer a draft
     */
    MassSend accept(Caller caller, long id, boolean rescheduleBlocked);

    /** Cancels a draft, or the messages of an accepted send that have not gone out yet. */
    MassSend cancel(Caller caller, long id);

    MassSendProgress progress(Caller caller, long id);
}
