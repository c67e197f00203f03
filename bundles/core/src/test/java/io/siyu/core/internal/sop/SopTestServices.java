package io.siyu.core.internal.sop;

import io.siyu.api.sop.SopService;
import io.siyu.core.internal.CoreFixture;
import io.siyu.core.internal.outbox.OutboxService;
import io.siyu.core.internal.task.StaffTaskServiceImpl;

/** A real SOP service over a {@link CoreFixture}, without background threads, for tests in other packages. */
public final class SopTestServices {
    private SopTestServices() {
    }

    public static SopService over(CoreFixture core) {
        return over(core, io.siyu.core.internal.content.OutboundReview.NONE);
    }

    /** With review before use, as an edition that asks for it makes the SOP service do. */
    public static SopService over(CoreFixture core, io.siyu.core.internal.content.OutboundReview review) {
        OutboxService outbox = new OutboxService(core.stores.store, SopFixture.NO_CHANNELS, core.clock, 60, 12);
        StaffTaskServiceImpl tasks = new StaffTaskServiceImpl(core.stores.store, core.events, core.clock);
        SopServiceImpl sops = new SopServiceImpl(core.stores.store, core.customers, core.tags, core.segments, outbox, tasks,
                SopFixture.NO_CHANNELS, new SopFixture.ScriptedPolicy(), core.clock, "node-a", SopFixture.options());
        sops.review = review;
        return sops;
    }
}
