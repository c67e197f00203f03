package io.siyu.core.internal.sop;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.siyu.api.ConflictException;
import io.siyu.api.NotFoundException;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.Outbox;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagService;
import io.siyu.api.org.Caller;
import io.siyu.api.org.StaffTask;
import io.siyu.api.org.StaffTaskDraft;
import io.siyu.api.org.StaffTaskService;
import io.siyu.api.policy.PolicyDecision;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.policy.TouchRequest;
import io.siyu.api.sop.SopAction;
import io.siyu.store.StoredSopInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs the actions of SOP steps. Every side effect is idempotent by (instance, step), so running an
 * action again after a crash between the effect and its record repeats nothing: messages go to the
 * outbox and tasks to the task service under the key {@code sop:<instance>:<step>}, webhooks carry
 * {@code Idempotency-Key: sop-<instance>-<step>}, and tag and attribute changes set a state that a
 * second run finds already set.
 */
final class SopActions {
    /** The attribute naming the staff member who owns a customer (built in). */
    static final String OWNER_STAFF = "ownerStaff";

    record Settings(Duration policyRetry, int webhookAttempts, Duration webhookBackoff, String fallbackAssignee) {
    }

    private final CustomerService customers;
    private final TagService tags;
    private final Outbox outbox;
    private final Supplier<TouchPolicy> policy;
    private final StaffTaskService tasks;
    private final Recipients recipients;
    private final Webhooks webhooks;
    private final Settings settings;
    private final Clock clock;

    SopActions(CustomerService customers, TagService tags, Outbox outbox, Supplier<TouchPolicy> policy,
            StaffTaskService tasks, Recipients recipients, Webhooks webhooks, Settings settings, Clock clock) {
        this.customers = customers;
        this.tags = tags;
        this.outbox = outbox;
        this.policy = policy;
        this.tasks = tasks;
        this.recipients = recipients;
        this.webhooks = webhooks;
        this.settings = settings;
        this.clock = clock;
    }

    static String key(long instanceId, String stepId) {
        return "sop:" + instanceId + ":" + stepId;
    }

    /** @param attempt for webhooks: which attempt this is (1 for the first) */
    ActionResult run(StoredSopInstance instance, String stepId, SopAction action, int attempt) {
        Long customerId = instance.customerId();
        if (action instanceof SopAction.CreateTask t) {
            return createTask(instance, stepId, t, customerId);
        }
        if (action instanceof SopAction.InviteToGroup g) {
            return invite(instance, stepId, g, customerId);
        }
        if (action instanceof SopAction.CallWebhook w) {
            return webhook(instance, stepId, w, attempt);
        }
        if (action instanceof SopAction.SendToGroups g) {
            return sendToGroups(instance, stepId, g);
        }
        if (customerId == null) {
            return ActionResult.failed(kind(action) + " needs a customer, and this instance is not about one");
        }
        Customer customer;
        try {
            customer = customers.get(Caller.SYSTEM, customerId);
        } catch (NotFoundException gone) {
            return ActionResult.failed("customer " + customerId + " no longer exists");
        }
        if (action instanceof SopAction.SendMessage s) {
            return send(instance, stepId, s, customer);
        }
        if (action instanceof SopAction.ChangeTags t) {
            return changeTags(t, customer);
        }
        return setAttribute((SopAction.SetAttribute) action, customer);
    }

    private ActionResult send(StoredSopInstance instance, String stepId, SopAction.SendMessage s, Customer customer) {
        Instant now = clock.instant();
        TouchPolicy p = policy.get();
        if (p == null) {
            // Never send unchecked: wait for the policy to come (back).
            return ActionResult.retryAt(now.plus(settings.policyRetry()), "touch policy not running");
        }
        PolicyDecision decision = p.check(Caller.SYSTEM, new TouchRequest(customer.id(), s.channelType(),
                s.channelAccount(), s.kind(), s.scenario(), now));
        if (!decision.allowed()) {
            String why = decision.ruleId() + ": " + decision.reason();
            if (TouchPolicy.RULE_QUIET_HOURS.equals(decision.ruleId()) && decision.allowedFrom() != null
                    && decision.allowedFrom().isAfter(now)) {
                return ActionResult.retryAt(decision.allowedFrom(), why);
            }
            return ActionResult.blocked(why);
        }
        ChannelIdentity to = recipients.on(customer, s.channelType(), s.channelAccount()).orElse(null);
        if (to == null) {
            return ActionResult.skipped("no identity on " + s.channelType() + "/" + s.channelAccount());
        }
        String key = key(instance.id(), stepId);
        Object owner = customer.attributes().get(OWNER_STAFF);
        try {
            outbox.enqueue(new OutboundMessage(key, s.channelType(), s.channelAccount(), s.kind(), List.of(to),
                    List.of(), personalised(s.content(), customer), s.scenario(), owner == null ? null : owner.toString(),
                    Map.of()), null);
        } catch (ConflictException alreadyQueued) {
            // The key holds this step's message from an earlier run (the name may have changed since).
        } catch (ValidationException refused) {
            // e.g. its SMS template withdrawn since the SOP was defined: recorded on the step, the SOP goes on
            return ActionResult.blocked("refused by the outbox: " + refused.errors().stream()
                    .map(e -> e.field() + " " + e.message()).collect(java.util.stream.Collectors.joining("; ")));
        } catch (UnavailableException notNow) {
            return ActionResult.retryAt(now.plus(settings.policyRetry()), notNow.getMessage());
        }
        return ActionResult.done("outbox " + key);
    }

    /**
     * One outbox message per chat under the key {@code grp:<channel>:<chat>:<brand day>}, so a chat
     * gets one group message a day whichever SOP sends it; a key already taken by this very step (a
     * run repeated after a crash) counts as sent. Quiet hours, which cover midnight by default, keep
     * a repeated run from crossing into the next day's key.
     */
    private ActionResult sendToGroups(StoredSopInstance instance, String stepId, SopAction.SendToGroups g) {
        Instant now = clock.instant();
        TouchPolicy p = policy.get();
        if (p == null) {
            return ActionResult.retryAt(now.plus(settings.policyRetry()), "touch policy not running");
        }
        io.siyu.api.policy.PolicySettings rules = p.settings();
        Instant quietEnd = io.siyu.core.internal.policy.Periods.quietUntil(now, rules.quietFrom(), rules.quietUntil(),
                rules.brandZone());
        if (quietEnd != null) {
            return ActionResult.retryAt(quietEnd, TouchPolicy.RULE_QUIET_HOURS + ": group chats are not messaged "
                    + rules.quietFrom() + "–" + rules.quietUntil());
        }
        String mine = key(instance.id(), stepId);
        String day = java.time.LocalDate.ofInstant(now, rules.brandZone()).toString();
        List<String> sent = new java.util.ArrayList<>();
        List<String> taken = new java.util.ArrayList<>();
        for (String chat : g.groupChatIds()) {
            String key = groupKey(g.channelType() + "/" + g.channelAccount(), chat, day);
            try {
                outbox.enqueue(new OutboundMessage(key, g.channelType(), g.channelAccount(), MessageKind.GROUP, List.of(),
                        List.of(chat), g.content(), null, g.senderStaffId(), Map.of(SOP_STEP_OPTION, mine)), null);
                sent.add(chat);
            } catch (ConflictException exists) {
                boolean ours = outbox.message(key).map(m -> mine.equals(m.options().get(SOP_STEP_OPTION))).orElse(false);
                (ours ? sent : taken).add(chat);
            }
        }
        String already = taken.isEmpty() ? "" : "; " + taken.size() + " already had today's group message: "
                + String.join(", ", taken);
        return sent.isEmpty() ? ActionResult.blocked("group_quota: every chat already had today's group message")
                : ActionResult.done("outbox " + sent.size() + " group chat(s)" + already);
    }

    /** Marks an outbox message with the SOP step that queued it (ignored by adapters: not their prefix). */
    static final String SOP_STEP_OPTION = "siyu.sopStep";

    static String groupKey(String channel, String chat, String day) {
        String key = "grp:" + channel + ":" + chat + ":" + day;
        return key.length() <= OutboundMessage.MAX_KEY_LENGTH ? key
                : "grp:" + java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code {name}} in the text becomes the customer's display name. */
    private static MessageContent personalised(MessageContent content, Customer customer) {
        if (content instanceof MessageContent.Text t && t.text().contains("{name}")) {
            return new MessageContent.Text(t.text().replace("{name}", customer.displayName()), t.attachments());
        }
        return content;
    }

    private ActionResult changeTags(SopAction.ChangeTags t, Customer customer) {
        Set<Long> has = new LinkedHashSet<>();
        for (Tag tag : customer.tags()) {
            has.add(tag.id());
        }
        try {
            for (long tagId : t.add()) {
                if (!has.contains(tagId)) {
                    tags.tagCustomers(Caller.SYSTEM, tagId, TagAction.ADD, List.of(customer.id()));
                }
            }
            for (long tagId : t.remove()) {
                if (has.contains(tagId)) {
                    tags.tagCustomers(Caller.SYSTEM, tagId, TagAction.REMOVE, List.of(customer.id()));
                }
            }
        } catch (NotFoundException | ValidationException e) {
            return ActionResult.failed("tags not changed: " + e.getMessage());
        }
        return ActionResult.done("tags +" + t.add() + " -" + t.remove());
    }

    private ActionResult setAttribute(SopAction.SetAttribute a, Customer customer) {
        Customer c = customer;
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, Object> attributes = new HashMap<>(c.attributes());
            if (a.value() == null) {
                attributes.remove(a.attribute());
            } else {
                attributes.put(a.attribute(), a.value());
            }
            Set<Long> tagIds = new LinkedHashSet<>();
            c.tags().forEach(t -> tagIds.add(t.id()));
            try {
                customers.update(Caller.SYSTEM, c.id(), new CustomerDraft(c.displayName(), c.identities(), tagIds,
                        attributes), c.version());
                return ActionResult.done(a.attribute() + " = " + a.value());
            } catch (ValidationException e) {
                return ActionResult.failed("attribute " + a.attribute() + " not set: " + e.getMessage());
            } catch (ConflictException concurrentUpdate) {
                c = customers.get(Caller.SYSTEM, c.id());
            }
        }
        return ActionResult.retryAt(clock.instant().plusSeconds(5), "the customer kept changing");
    }

    private ActionResult createTask(StoredSopInstance instance, String stepId, SopAction.CreateTask t, Long customerId) {
        String assignee = assignee(customerId);
        Instant now = clock.instant();
        StaffTask task = tasks.create(Caller.SYSTEM, new StaffTaskDraft(t.kind(), assignee, t.title(), t.script(),
                customerId, "sop-instance:" + instance.id(), t.priority(), t.dueIn() == null ? null : now.plus(t.dueIn())),
                key(instance.id(), stepId));
        return ActionResult.done("task " + task.id() + " for " + task.assigneeStaffId());
    }

    /**
     * No channel offers a "send a group invitation" call yet (WeCom invites by a staff member's
     * action), so the owner gets a task to invite the customer.
     */
    private ActionResult invite(StoredSopInstance instance, String stepId, SopAction.InviteToGroup g, Long customerId) {
        String assignee = assignee(customerId);
        StaffTask task = tasks.create(Caller.SYSTEM, new StaffTaskDraft(StaffTask.Kind.INVITE_TO_GROUP, assignee,
                "Invite the customer to group chat " + g.groupChatId(), "Channel " + g.channelType() + "/"
                        + g.channelAccount() + ", group chat " + g.groupChatId(),
                customerId, "sop-instance:" + instance.id(), StaffTask.Priority.NORMAL, null), key(instance.id(), stepId));
        return ActionResult.done("task " + task.id() + " for " + task.assigneeStaffId() + " to invite");
    }

    private String assignee(Long customerId) {
        if (customerId != null) {
            try {
                Object owner = customers.get(Caller.SYSTEM, customerId).attributes().get(OWNER_STAFF);
                if (owner != null && !owner.toString().isBlank()) {
                    return owner.toString();
                }
            } catch (NotFoundException gone) {
                // the task still says who it was about
            }
        }
        return settings.fallbackAssignee();
    }

    private ActionResult webhook(StoredSopInstance instance, String stepId, SopAction.CallWebhook w, int attempt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instanceId", instance.id());
        body.put("sopId", instance.sopId());
        body.put("sopVersion", instance.sopVersion());
        body.put("stepId", stepId);
        body.put("customerId", instance.customerId());
        body.put("attempt", attempt);
        String json;
        try {
            json = Definitions.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Webhooks.Answer answer = webhooks.post(w.url(), "sop-" + instance.id() + "-" + stepId, json);
        if (answer.ok()) {
            return ActionResult.done(answer.describe() + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s"));
        }
        if (!answer.transientFailure()) {
            return ActionResult.failed("webhook " + w.url() + " refused the call: " + answer.describe());
        }
        if (attempt >= settings.webhookAttempts()) {
            return ActionResult.failed("webhook " + w.url() + " failed " + attempt + " times, last: " + answer.describe());
        }
        // 1, 2, 4, 8… times the base, capped at an hour.
        Duration wait = settings.webhookBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (wait.compareTo(Duration.ofHours(1)) > 0) {
            wait = Duration.ofHours(1);
        }
        return ActionResult.retryAt(clock.instant().plus(wait), "webhook attempt " + attempt + ": " + answer.describe());
    }

    private static String kind(SopAction action) {
        return action.getClass().getSimpleName();
    }
}
