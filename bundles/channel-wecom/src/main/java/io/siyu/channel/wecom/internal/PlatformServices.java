package io.siyu.channel.wecom.internal;

import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.channel.Outbox;
import io.siyu.api.event.EventService;

/** The core services the adapter uses when they are there; each answer may be null (not running now). */
interface PlatformServices {
    EventService events();

    Outbox outbox();

    DeliveryReports deliveryReports();

    /** Pulls corp tags when WeCom says they changed. */
    default io.siyu.api.channel.ChannelSyncService channelSync() {
        return null;
    }
}
