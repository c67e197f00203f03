package io.siyu.core.internal.channel;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.Attachment;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelOperations;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.CustomerTransfers;
import io.siyu.api.channel.GroupChats;
import io.siyu.api.channel.Moments;
import io.siyu.api.org.Caller;
import io.siyu.api.policy.MomentCheck;
import io.siyu.api.policy.MomentRequest;
import io.siyu.core.internal.policy.TouchPolicyImpl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Group chats, moments and handovers on a channel account: input checked here against the provider's
 * documented limits (so a bad request never reaches it), then passed to the adapter's facet.
 * Handovers here are the raw provider operation by userids; the org model's {@code OrgService.handover}
 * builds on the same facet with Siyu customer ids, WeCom's rules and history.
 */
@Component(service = ChannelOperations.class)
public final class ChannelOperationsImpl implements ChannelOperations {
    /** More than this many contacts is a job for the org model's handover, not one request. */
    static final int MAX_HANDOVER = 10_000;
    static final int MAX_USER_ID = 64;
    private static final Logger LOG = Logger.getLogger(ChannelOperationsImpl.class.getName());

    private final ChannelRegistry registry;
    private final TouchPolicyImpl policy;
    private final Clock clock;

    @Activate
    public ChannelOperationsImpl(@Reference ChannelRegistry registry, @Reference TouchPolicyImpl policy) {
        this(registry, policy, Clock.systemUTC());
    }

    public ChannelOperationsImpl(ChannelRegistry registry, TouchPolicyImpl policy, Clock clock) {
        this.registry = registry;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public List<GroupChats.GroupChat> groupChats(Caller caller, String channel, Integer status,
            List<String> ownerUserIds) {
        List<FieldError> errors = new ArrayList<>();
        if (status != null && (status < 0 || status > 3)) {
            errors.add(FieldError.of("status", "0 normal, 1 owner resigned, 2 handover under way, 3 handed over"));
        }
        List<String> owners = ownerUserIds == null ? List.of() : ownerUserIds;
        userIds("owner", owners, errors);
        throwIfAny(errors);
        GroupChats chats = ChannelFacets.find(registry, channel, ChannelAdapter::groupChats, "group chats");
        List<GroupChats.GroupChat> all = new ArrayList<>();
        String cursor = null;
        do {
            GroupChats.Page page = chats.list(status, owners, cursor, GroupChats.MAX_LIMIT);
            for (GroupChats.Summary s : page.chats()) {
                all.add(chats.get(s.chatId()));
            }
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return all;
    }

    @Override
    public String postMoment(Caller caller, String channel, Moments.Moment moment, boolean persona) {
        if (moment == null) {
            throw new ValidationException(FieldError.of("body", "send a moment as JSON"));
        }
        List<FieldError> errors = new ArrayList<>();
        String text = moment.text() == null ? "" : moment.text();
        if (text.length() > Moments.MAX_TEXT_LENGTH) {
            errors.add(FieldError.of("text", "at most " + Moments.MAX_TEXT_LENGTH + " characters"));
        }
        int images = 0;
        int others = 0;
        for (Attachment a : moment.attachments()) {
            if (a instanceof Attachment.Image) {
                images++;
            } else if (a instanceof Attachment.Video || a instanceof Attachment.Link) {
                others++;
            } else {
                errors.add(FieldError.of("attachments", "moments take images, a video or a link"));
            }
        }
        if (images > Moments.MAX_IMAGES || others > 1 || images > 0 && others > 0) {
            errors.add(FieldError.of("attachments", "up to " + Moments.MAX_IMAGES
                    + " images, or one video, or one link"));
        }
        if (text.isBlank() && moment.attachments().isEmpty()) {
            errors.add(FieldError.of("text", "a moment needs text or an attachment"));
        }
        userIds("senderUserIds", moment.senderUserIds(), errors);
        if (moment.tagIds().stream().anyMatch(t -> t == null || t.isBlank())) {
            errors.add(FieldError.of("tagIds", "must not be blank"));
        }
        throwIfAny(errors);
        Moments moments = ChannelFacets.find(registry, channel, ChannelAdapter::moments, "moments");
        for (String sender : moment.senderUserIds()) {
            MomentCheck check = policy.checkMoment(caller, new MomentRequest(sender, persona, clock.instant()));
            if (!check.decision().allowed()) {
                throw new ConflictException("moments rules: " + check.decision().reason());
            }
            check.warnings().forEach(w -> LOG.warning(() -> "moment on " + channel + " posted despite: " + w));
        }
        String jobId = moments.create(moment);
        String[] key = channel.split("/", 2);
        for (String sender : moment.senderUserIds()) {
            policy.momentPosted(sender, key[0], key.length > 1 ? key[1] : "", persona, jobId + ":" + sender);
        }
        LOG.info(() -> caller.username() + " posted moment task " + jobId + " on " + channel);
        return jobId;
    }

    @Override
    public Moments.TaskResult momentResult(Caller caller, String channel, String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw new ValidationException(FieldError.of("jobId", "is required"));
        }
        return ChannelFacets.find(registry, channel, ChannelAdapter::moments, "moments").result(jobId);
    }

    @Override
    public List<CustomerTransfers.Outcome> handover(Caller caller, String channel, Handover handover) {
        if (handover == null) {
            throw new ValidationException(FieldError.of("body", "send a handover as JSON"));
        }
        List<FieldError> errors = new ArrayList<>();
        userId("handoverUserId", handover.handoverUserId(), errors);
        userId("takeoverUserId", handover.takeoverUserId(), errors);
        if (handover.handoverUserId() != null && handover.handoverUserId().equals(handover.takeoverUserId())) {
            errors.add(FieldError.of("takeoverUserId", "must differ from handoverUserId"));
        }
        List<String> ids = handover.externalUserIds();
        if (ids.isEmpty()) {
            errors.add(FieldError.of("externalUserIds", "name at least one external contact"));
        } else if (ids.size() > MAX_HANDOVER) {
            errors.add(FieldError.of("externalUserIds", "at most " + MAX_HANDOVER + " per request"));
        } else if (ids.stream().anyMatch(i -> i == null || i.isBlank())) {
            errors.add(FieldError.of("externalUserIds", "must not be blank"));
        } else if (new HashSet<>(ids).size() != ids.size()) {
            errors.add(FieldError.of("externalUserIds", "must not repeat"));
        }
        if (handover.resigned() && handover.message() != null) {
            errors.add(FieldError.of("message", "WeCom sends no message on a resigned handover"));
        }
        throwIfAny(errors);
        CustomerTransfers transfers = ChannelFacets.find(registry, channel, ChannelAdapter::customerTransfers,
                "customer transfers");
        List<CustomerTransfers.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CustomerTransfers.MAX_PER_CALL) {
            outcomes.addAll(transfers.transfer(handover.resigned(), handover.handoverUserId(),
                    handover.takeoverUserId(), ids.subList(i, Math.min(ids.size(), i + CustomerTransfers.MAX_PER_CALL)),
                    handover.message()));
        }
        long accepted = outcomes.stream().filter(CustomerTransfers.Outcome::accepted).count();
        LOG.info(() -> caller.username() + " handed " + accepted + " of " + ids.size() + " contacts of "
                + handover.handoverUserId() + " over to " + handover.takeoverUserId() + " on " + channel
                + (handover.resigned() ? " (resigned)" : ""));
        return outcomes;
    }

    @Override
    public List<TransferStatus> handoverResults(Caller caller, String channel, String handoverUserId,
            String takeoverUserId) {
        List<FieldError> errors = new ArrayList<>();
        userId("handoverUserId", handoverUserId, errors);
        userId("takeoverUserId", takeoverUserId, errors);
        throwIfAny(errors);
        CustomerTransfers transfers = ChannelFacets.find(registry, channel, ChannelAdapter::customerTransfers,
                "customer transfers");
        List<TransferStatus> all = new ArrayList<>();
        transfers.results(false, handoverUserId, takeoverUserId).forEach(s -> all.add(new TransferStatus(false, s)));
        transfers.results(true, handoverUserId, takeoverUserId).forEach(s -> all.add(new TransferStatus(true, s)));
        return all;
    }

    private static void userId(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(FieldError.of(field, "is required"));
        } else if (value.length() > MAX_USER_ID) {
            errors.add(FieldError.of(field, "at most " + MAX_USER_ID + " characters"));
        }
    }

    private static void userIds(String field, List<String> values, List<FieldError> errors) {
        if (values.stream().anyMatch(v -> v == null || v.isBlank() || v.length() > MAX_USER_ID)) {
            errors.add(FieldError.of(field, "userids of 1 to " + MAX_USER_ID + " characters"));
        }
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
