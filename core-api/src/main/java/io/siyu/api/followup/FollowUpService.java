package io.siyu.api.followup;

import io.siyu.api.org.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** Records follow-ups; implemented by the core only. */
@ProviderType
public interface FollowUpService {
    /**
     * Records a follow-up with a customer in the caller's data scope (needs {@code customer.write}):
     * applies its attribute changes, completes the task it did, puts a {@code follow.up} event on
     * the timeline and plans the next follow-up as a task, all or, on a validation error, nothing.
     *
     * @throws io.siyu.api.NotFoundException if the customer is not in the caller's scope
     * @throws io.siyu.api.ValidationException naming the field ({@code attributes.stage}, {@code nextAt}…)
     */
    FollowUp record(Caller caller, long customerId, FollowUpDraft draft);
}
