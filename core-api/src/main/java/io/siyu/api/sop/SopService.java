package io.siyu.api.sop;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.org.Caller;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** SOP definitions and their instances. Implemented by the core only. */
@ProviderType
public interface SopService {
    /** Version 1, in {@link SopState#DRAFT}. */
    SopDefinition define(Caller caller, SopDraft draft);

    /** Makes the next version, in the current state; running instances finish on their own version. */
    SopDefinition revise(Caller caller, long sopId, SopDraft draft);

    /** The latest version. @throws io.siyu.api.NotFoundException if there is no such SOP */
    SopDefinition get(Caller caller, long sopId);

    /** A given version, e.g. the one an instance runs on. */
    SopDefinition get(Caller caller, long sopId, int version);

    /** Latest versions, ordered by name. */
    List<SopDefinition> list(Caller caller);

    /** From DRAFT or PAUSED: the trigger starts instances, paused instances go on. */
    SopDefinition activate(Caller caller, long sopId);

    /** The trigger stops starting instances and running ones hold still. */
    SopDefinition pause(Caller caller, long sopId);

    /** For good: running instances are stopped. */
    SopDefinition stop(Caller caller, long sopId);

    /** @param state null for every state; newest first */
    Page<SopInstance> instances(Caller caller, long sopId, SopInstanceState state, PageRequest page);

    /** Every SOP instance that ran for a customer, newest first. */
    Page<SopInstance> history(Caller caller, long customerId, PageRequest page);

    /**
     * @throws io.siyu.api.NotFoundException if there is no such instance
     * @since 1.1
     */
    SopInstance instance(Caller caller, long instanceId);

    /**
     * What the instance's steps did, in the order they ran.
     *
     * @since 1.1
     */
    List<SopStepRun> steps(Caller caller, long instanceId);

    SopInstance pauseInstance(Caller caller, long instanceId);

    SopInstance resumeInstance(Caller caller, long instanceId);

    SopInstance stopInstance(Caller caller, long instanceId);
}
