package io.siyu.channel.wecom.internal;

import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.channel.DeliveryReports;
import io.siyu.api.channel.DeliveryState;
import io.siyu.api.channel.DeliveryStatus;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxDepth;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.channel.OutboxQuery;
import io.siyu.api.channel.RecipientDelivery;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventService;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Recording stand-ins for the core services the adapter uses (core-api interfaces only). */
final class FakePlatform implements PlatformServices {
    final RecordingEvents events = new RecordingEvents();
    final SentOutbox outbox = new SentOutbox();
    final List<DeliveryStatus> reports = new CopyOnWriteArrayList<>();
    volatile boolean eventsRunning = true;
    /** Channels whose corp tags the callback said changed. */
    final List<String> tagChanges = new CopyOnWriteArrayList<>();

    @Override
    public io.siyu.api.channel.ChannelSyncService channelSync() {
        return new io.siyu.api.channel.ChannelSyncService() {
            @Override
            public TagSyncResult syncTags(Caller caller, String channel) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void tagsChanged(String channel) {
                tagChanges.add(channel);
            }

            @Override
            public ContactSyncJob startContactSync(Caller caller, String channel) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ContactSyncJob contactSyncJob(Caller caller, String jobId) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public EventService events() {
        return eventsRunning ? events : null;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public DeliveryReports deliveryReports() {
        return status -> {
            reports.add(status);
            if (status.recipient() == null && status.state().isFinal()) {
                outbox.finish(status.messageKey(), status.state());
            }
        };
    }

    /** Keeps every draft; like the real service, an id stored before counts as a duplicate. */
    static final class RecordingEvents implements EventService {
        final List<EventDraft> stored = new CopyOnWriteArrayList<>();
        final Set<String> ids = new HashSet<>();
        int duplicates;
        String lastCaller;

        @Override
        public synchronized IngestResult ingest(Caller caller, List<EventDraft> drafts) {
            lastCaller = caller.username();
            int accepted = 0;
            for (EventDraft d : drafts) {
                if (ids.add(d.id())) {
                    stored.add(d);
                    accepted++;
                } else {
                    duplicates++;
                }
            }
            return new IngestResult(accepted, drafts.size() - accepted, 0, List.of());
        }

        @Override
        public Page<CustomerEvent> timeline(Caller caller, long customerId, PageRequest page) {
            throw new UnsupportedOperationException();
        }
    }

    /** An outbox holding the entries a test puts in, in the SENT state unless finished. */
    static final class SentOutbox implements Outbox {
        final Map<String, OutboxEntry> entries = new LinkedHashMap<>();

        synchronized void sent(OutboundMessage m, String providerMessageId, Instant at) {
            entries.put(m.idempotencyKey(), new OutboxEntry(m.idempotencyKey(), m.channelType(), m.channelAccount(),
                    m.kind(), DeliveryState.SENT, 1, at, at, null, providerMessageId, null, null,
                    m.recipients().size(), Map.of()));
        }

        /** What the real outbox does with a final message-level report: the message leaves SENT. */
        synchronized void finish(String key, DeliveryState state) {
            OutboxEntry e = entries.get(key);
            if (e != null) {
                entries.put(key, new OutboxEntry(e.idempotencyKey(), e.channelType(), e.channelAccount(), e.kind(), state,
                        e.attempts(), e.createdAt(), e.updatedAt(), null, e.providerMessageId(), null, null,
                        e.recipientCount(), Map.of()));
            }
        }

        @Override
        public synchronized Page<OutboxEntry> list(OutboxQuery query, PageRequest page) {
            List<OutboxEntry> matching = new ArrayList<>();
            for (OutboxEntry e : entries.values()) {
                if ((query.channel() == null || query.channel().equals(e.channelKey()))
                        && (query.states().isEmpty() || query.states().contains(e.state()))) {
                    matching.add(e);
                }
            }
            List<OutboxEntry> items = matching.subList(Math.min(page.offset(), matching.size()),
                    Math.min(page.offset() + page.limit(), matching.size()));
            return new Page<>(items, matching.size(), page.offset(), page.limit());
        }

        @Override
        public OutboxEntry enqueue(OutboundMessage message, Instant notBefore) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<OutboxEntry> find(String idempotencyKey) {
            return Optional.ofNullable(entries.get(idempotencyKey));
        }

        @Override
        public Optional<OutboundMessage> message(String idempotencyKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<RecipientDelivery> recipients(String idempotencyKey, PageRequest page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<OutboxDepth> depth() {
            return List.of();
        }

        @Override
        public OutboxEntry retry(String idempotencyKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OutboxEntry cancel(String idempotencyKey) {
            throw new UnsupportedOperationException();
        }
    }
}
