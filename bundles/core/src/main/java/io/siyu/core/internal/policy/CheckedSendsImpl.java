package io.siyu.core.internal.policy;

import io.siyu.api.FieldError;
import io.siyu.api.ForbiddenException;
import io.siyu.api.ValidationException;
import io.siyu.api.audit.AuditActions;
import io.siyu.api.audit.AuditLog;
import io.siyu.api.audit.AuditRecord;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.Outbox;
import io.siyu.api.channel.OutboxEntry;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.org.Caller;
import io.siyu.api.org.Permission;
import io.siyu.api.policy.CheckedSends;
import io.siyu.api.policy.PolicyDecision;
import io.siyu.api.policy.PolicySettings;
import io.siyu.api.policy.TouchBlockedException;
import io.siyu.api.policy.TouchPolicy;
import io.siyu.api.policy.TouchRequest;
import io.siyu.api.policy.TouchScenario;
import io.siyu.core.internal.org.Authority;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Messages queued by hand, after the touch policy. Recipients are resolved in the caller's data
 * scope, so staff reach only their own customers and an identity outside the scope reads as
 * unknown. The check and the enqueue are two steps, as for SOP actions: two concurrent sends to
 * one customer can both pass a quota of one (the policy counts what is queued, it reserves nothing).
 */
@Component(service = CheckedSends.class)
public final class CheckedSendsImpl implements CheckedSends {
    private static final int MAX_REASON = 500;

    private final CustomerService customers;
    private final TouchPolicy policy;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Authority authority;
    private final Clock clock;

    @Activate
    public CheckedSendsImpl(@Reference CustomerService customers, @Reference TouchPolicy policy,
            @Reference Outbox outbox, @Reference AuditLog audit, @Reference Authority authority) {
        this(customers, policy, outbox, audit, authority, Clock.systemUTC());
    }

    public CheckedSendsImpl(CustomerService customers, TouchPolicy policy, Outbox outbox, AuditLog audit,
            Authority authority, Clock clock) {
        this.customers = customers;
        this.policy = policy;
        this.outbox = outbox;
        this.audit = audit;
        this.authority = authority;
        this.clock = clock;
    }

    @Override
    public OutboxEntry send(Caller caller, OutboundMessage message, Instant notBefore) {
        authority.require(caller, Permission.CUSTOMER_WRITE);
        if (outbox.find(message.idempotencyKey()).isPresent()) {
            // A retry: its touch is counted already. The outbox returns the entry, or refuses a different message.
            return outbox.enqueue(message, notBefore);
        }
        Instant now = clock.instant();
        Instant at = notBefore == null || notBefore.isBefore(now) ? now : notBefore;
        List<TouchBlockedException.Blocked> blocked = new ArrayList<>();
        if (message.recipients().isEmpty()) {
            blocked.addAll(quietHoursForGroups(message, at));
        } else {
            Map<Long, String> targets = recipients(caller, message);
            List<Long> ids = new ArrayList<>(targets.keySet());
            List<TouchRequest> requests = ids.stream().map(id -> new TouchRequest(id, message.channelType(),
                    message.channelAccount(), message.kind(), message.scenario(), at)).toList();
            List<PolicyDecision> decisions = policy.checkAll(caller, requests);
            for (int i = 0; i < ids.size(); i++) {
                if (!decisions.get(i).allowed()) {
                    blocked.add(new TouchBlockedException.Blocked(targets.get(ids.get(i)), ids.get(i),
                            decisions.get(i)));
                }
            }
        }
        if (!blocked.isEmpty()) {
            throw new TouchBlockedException(blocked);
        }
        return outbox.enqueue(message, notBefore);
    }

    @Override
    public OutboxEntry sendUnchecked(Caller caller, OutboundMessage message, Instant notBefore, String reason) {
        if (!Authority.isAdmin(caller)) {
            throw new ForbiddenException("only administrators may queue a message without the touch policy");
        }
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw new ValidationException(FieldError.of("reason", "say why the touch policy is bypassed (1 to "
                    + MAX_REASON + " characters); it is kept in the audit log"));
        }
        if (outbox.find(message.idempotencyKey()).isEmpty()) {
            // Before the message is stored: a bypass is never queued without its record.
            audit.record(caller, new AuditRecord(AuditActions.MESSAGE_SEND_UNCHECKED, "outbox",
                    message.idempotencyKey(), reason.strip()));
        }
        return outbox.enqueue(message, notBefore);
    }

    /**
     * Each distinct customer with the first recipient field that names them. Unknown recipients are
     * bad input, except strangers answered with scenario {@code customer_initiated}, who are left out.
     */
    private Map<Long, String> recipients(Caller caller, OutboundMessage message) {
        Map<Long, String> targets = new LinkedHashMap<>();
        List<FieldError> unknown = new ArrayList<>();
        List<ChannelIdentity> given = message.recipients();
        for (int i = 0; i < given.size(); i++) {
            String field = "recipients[" + i + "]";
            Optional<Customer> found;
            try {
                found = customers.findByIdentity(caller, given.get(i));
            } catch (ValidationException e) {
                e.errors().forEach(err -> unknown.add(FieldError.of(field, err.message())));
                continue;
            }
            if (found.isEmpty()) {
                // Someone who is nobody's customer may get a reply (a verification code they asked for): there
                // is no consent or quota on record to check. Another staff member's customer may not.
                boolean stranger = caller.scope() == io.siyu.api.org.DataScope.ALL
                        || customers.findByIdentity(Caller.SYSTEM, given.get(i)).isEmpty();
                if (!stranger || message.scenario() != TouchScenario.CUSTOMER_INITIATED) {
                    unknown.add(FieldError.of(field, "no customer you may reach has this identity; messages sent"
                            + " by hand go to known customers, whose consent and quotas are on record, or answer"
                            + " someone who asked (scenario customer_initiated)"));
                }
            } else {
                targets.putIfAbsent(found.get().id(), field);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ValidationException(unknown);
        }
        return targets;
    }

    /** Group chats have no consent or quota of their own; they are not messaged in quiet hours (as in group SOPs). */
    private List<TouchBlockedException.Blocked> quietHoursForGroups(OutboundMessage message, Instant at) {
        PolicySettings rules = policy.settings();
        Instant quietEnd = Periods.quietUntil(at, rules.quietFrom(), rules.quietUntil(), rules.brandZone());
        if (quietEnd == null) {
            return List.of();
        }
        PolicyDecision decision = PolicyDecision.block(TouchPolicy.RULE_QUIET_HOURS, "group chats are not messaged "
                + rules.quietFrom() + "–" + rules.quietUntil() + " (" + rules.brandZone() + ")", quietEnd);
        List<TouchBlockedException.Blocked> out = new ArrayList<>();
        for (int i = 0; i < message.groupChatIds().size(); i++) {
            out.add(new TouchBlockedException.Blocked("groupChatIds[" + i + "]", null, decision));
        }
        return out;
    }
}
