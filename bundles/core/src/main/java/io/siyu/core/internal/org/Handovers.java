package io.siyu.core.internal.org;

import io.siyu.api.FieldError;
import io.siyu.api.ForbiddenException;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.CustomerTransfers;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerService;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.org.Caller;
import io.siyu.api.org.HandoverRequest;
import io.siyu.api.org.HandoverResult;
import io.siyu.api.org.HandoverResult.CustomerOutcome;
import io.siyu.api.org.HandoverResult.GroupOutcome;
import io.siyu.api.org.HandoverResult.Status;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Staff;
import io.siyu.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * 客户继承 through WeCom, recorded per customer. Siyu refuses up front what WeCom would refuse or
 * what the org does not allow (a customer the handing-over staff member does not follow, a third
 * in-service move within 90 days, a customer without a WeCom contact), then asks the channel and
 * keeps the outcome; the takeover completes when WeCom says so (after 24 hours), and only then does
 * the customer's {@code ownerStaff} change.
 */
final class Handovers {
    static final int IN_SERVICE_MOVES = 2;
    static final Duration IN_SERVICE_WINDOW = Duration.ofDays(90);
    private static final Logger LOG = Logger.getLogger(Handovers.class.getName());
    static final String OWNER_STAFF = "ownerStaff";

    private final Store store;
    private final Authority authority;
    private final ChannelRegistry channels;
    private final CustomerService customers;
    private final Clock clock;

    Handovers(Store store, Authority authority, ChannelRegistry channels, CustomerService customers, Clock clock) {
        this.store = store;
        this.authority = authority;
        this.channels = channels;
        this.customers = customers;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A WeCom account that can transfer contacts, by the corp id its contacts carry. */
    private record Transfers(String channel, String corpId, CustomerTransfers api) {
    }

    private Map<String, Transfers> transfersByCorp() {
        Map<String, Transfers> byCorp = new HashMap<>();
        for (ChannelDescriptor d : channels.channels()) {
            Optional<ChannelAdapter> adapter = channels.adapter(d.type(), d.account());
            if (adapter.isEmpty()) {
                continue;
            }
            Optional<RecipientScope> scope = adapter.get().recipientScope();
            Optional<CustomerTransfers> api = adapter.get().customerTransfers();
            if (scope.isPresent() && api.isPresent() && scope.get().type() == IdentityType.WECOM_EXTERNAL_USERID) {
                byCorp.putIfAbsent(scope.get().namespace(),
                        new Transfers(d.type() + "/" + d.account(), scope.get().namespace(), api.get()));
            }
        }
        return byCorp;
    }

    HandoverResult start(Caller caller, HandoverRequest request) {
        authority.require(caller, Permission.HANDOVER);
        Staff from = staff(request.fromStaffId(), "fromStaffId");
        Staff to = staff(request.toStaffId(), "toStaffId");
        Set<String> units = authority.unitsInReach(caller);
        for (Staff s : List.of(from, to)) {
            if (!units.contains(s.orgUnitId())) {
                throw new ForbiddenException("staff member " + s.id() + " is outside the data scope of '"
                        + caller.username() + "'");
            }
        }
        List<FieldError> errors = new ArrayList<>();
        if (!to.active()) {
            errors.add(FieldError.of("toStaffId", "staff member " + to.id() + " has left"));
        }
        if (request.kind() == HandoverRequest.Kind.RESIGNED && from.active()) {
            errors.add(FieldError.of("kind", "staff member " + from.id() + " is still active: mark them as left first,"
                    + " or hand over IN_SERVICE"));
        }
        if (request.kind() == HandoverRequest.Kind.IN_SERVICE && !from.active()) {
            errors.add(FieldError.of("kind", "staff member " + from.id() + " has left: hand over RESIGNED"));
        }
        if (from.wecomUserId() == null) {
            errors.add(FieldError.of("fromStaffId", "staff member " + from.id() + " has no WeCom userid; the"
                    + " relationships to hand over live in WeCom"));
        }
        if (to.wecomUserId() == null) {
            errors.add(FieldError.of("toStaffId", "staff member " + to.id() + " has no WeCom userid"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = now();
        boolean resigned = request.kind() == HandoverRequest.Kind.RESIGNED;
        Map<Long, Integer> moves = resigned ? Map.of()
                : store.org().inServiceMovesSince(request.customerIds(), now.minus(IN_SERVICE_WINDOW));
        Set<String> fromKeys = Authority.keys(List.of(from));
        Map<String, Transfers> byCorp = transfersByCorp();
        Reach reach = authority.reach(caller);
        Map<Long, CustomerOutcome> outcomes = new LinkedHashMap<>();
        // per channel: the customers going through it, by external_userid
        Map<Transfers, Map<String, Long>> batches = new LinkedHashMap<>();
        for (long id : request.customerIds()) {
            Optional<Customer> customer = store.customers().find(id);
            Optional<ChannelIdentity> contact = customer.flatMap(c -> c.identities().stream()
                    .filter(i -> i.type() == IdentityType.WECOM_EXTERNAL_USERID).findFirst());
            Transfers via = contact.map(i -> byCorp.get(i.namespace())).orElse(null);
            String refusal = customer.isEmpty() ? "no customer " + id + " (a merged-away id names its live profile)"
                    : !reach.all() && !store.org().followedBy(id, reach.staffKeys()) ? "customer " + id + " is outside your data scope"
                    : !store.org().followedBy(id, fromKeys) ? "staff member " + from.id() + " does not follow customer " + id
                    : contact.isEmpty() ? "customer " + id + " has no WeCom external contact to hand over"
                    : via == null ? "no running WeCom channel for corp " + contact.get().namespace()
                    : moves.getOrDefault(id, 0) >= IN_SERVICE_MOVES ? "customer " + id + " was already moved in service "
                            + IN_SERVICE_MOVES + " times within " + IN_SERVICE_WINDOW.toDays() + " days (WeCom's limit)"
                    : null;
            if (refusal != null) {
                outcomes.put(id, new CustomerOutcome(id, Status.FAILED, refusal));
            } else {
                batches.computeIfAbsent(via, k -> new LinkedHashMap<>()).put(contact.get().value(), id);
            }
        }
        batches.forEach((via, byContact) -> {
            try {
                for (CustomerTransfers.Outcome o : via.api().transfer(resigned, from.wecomUserId(), to.wecomUserId(),
                        List.copyOf(byContact.keySet()), request.message())) {
                    Long id = byContact.get(o.externalUserId());
                    if (id != null) {
                        outcomes.put(id, o.accepted() ? new CustomerOutcome(id, Status.WAITING, null)
                                : new CustomerOutcome(id, Status.FAILED, "WeCom refused the transfer with errcode "
                                        + o.errorCode()));
                    }
                }
            } catch (RuntimeException e) {
                byContact.values().forEach(id -> outcomes.putIfAbsent(id, new CustomerOutcome(id, Status.FAILED,
                        via.channel() + " could not be asked: " + e.getMessage())));
            }
            byContact.values().forEach(id -> outcomes.putIfAbsent(id, new CustomerOutcome(id, Status.FAILED,
                    via.channel() + " gave no outcome for this customer")));
        });
        List<GroupOutcome> groups = groupChats(request, to, byCorp);
        List<CustomerOutcome> ordered = request.customerIds().stream().map(outcomes::get).toList();
        HandoverResult result = store.org().insertHandover(request, now, caller.username(), ordered, groups);
        long waiting = ordered.stream().filter(o -> o.status() == Status.WAITING).count();
        LOG.info(() -> caller.username() + " started handover " + result.id() + " (" + request.kind() + ") of "
                + waiting + " of " + ordered.size() + " customers from " + from.id() + " to " + to.id());
        return result;
    }

    /**
     * WeCom moves group chats of departed owners only, and at once: DONE or FAILED with WeCom's
     * code. Chats are not tied to a corp in the request, so a Siyu with several WeCom corps asks
     * each until one knows the chat.
     */
    private List<GroupOutcome> groupChats(HandoverRequest request, Staff to, Map<String, Transfers> byCorp) {
        if (request.groupChatIds().isEmpty()) {
            return List.of();
        }
        if (request.kind() != HandoverRequest.Kind.RESIGNED) {
            return request.groupChatIds().stream().map(chat -> new GroupOutcome(chat, Status.FAILED,
                    "WeCom hands over group chats of staff who have left only (hand over RESIGNED)")).toList();
        }
        Map<String, GroupOutcome> outcomes = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(request.groupChatIds());
        for (Transfers via : byCorp.values()) {
            if (pending.isEmpty()) {
                break;
            }
            try {
                for (CustomerTransfers.Outcome o : via.api().transferGroupChats(List.copyOf(pending), to.wecomUserId())) {
                    if (o.accepted()) {
                        outcomes.put(o.externalUserId(), new GroupOutcome(o.externalUserId(), Status.DONE, null));
                        pending.remove(o.externalUserId());
                    } else {
                        outcomes.put(o.externalUserId(), new GroupOutcome(o.externalUserId(), Status.FAILED,
                                o.errorCode() == 90500 ? "the chat's owner has not left (WeCom 90500)"
                                        : o.errorCode() == 90501 ? "WeCom knows no such customer group chat (90501)"
                                        : "WeCom refused with errcode " + o.errorCode()));
                    }
                }
            } catch (RuntimeException e) {
                pending.forEach(chat -> outcomes.putIfAbsent(chat, new GroupOutcome(chat, Status.FAILED,
                        via.channel() + " could not be asked: " + e.getMessage())));
            }
        }
        return request.groupChatIds().stream().map(chat -> outcomes.getOrDefault(chat, new GroupOutcome(chat,
                Status.FAILED, "no running WeCom channel"))).toList();
    }

    private Staff staff(String id, String field) {
        return store.org().staff(id).orElseThrow(() -> new ValidationException(FieldError.of(field,
                "no staff member " + id)));
    }

    HandoverResult status(Caller caller, long id) {
        HandoverResult r = store.org().handover(id).orElseThrow(() -> new NotFoundException("handover", id));
        Set<String> units = authority.unitsInReach(caller);
        boolean visible = caller.scope() == io.siyu.api.org.DataScope.ALL
                || r.fromStaffId().equals(caller.staffId()) || r.toStaffId().equals(caller.staffId())
                || store.org().staff(r.fromStaffId()).map(s -> units.contains(s.orgUnitId())).orElse(false)
                || store.org().staff(r.toStaffId()).map(s -> units.contains(s.orgUnitId())).orElse(false);
        if (!visible) {
            throw new NotFoundException("handover", id);
        }
        if (r.finished()) {
            return r;
        }
        refresh(r);
        return store.org().handover(id).orElseThrow();
    }

    /** Asks WeCom about the waiting customers; a takeover it reports done moves ownerStaff. */
    private void refresh(HandoverResult r) {
        Staff from = store.org().staff(r.fromStaffId()).orElse(null);
        Staff to = store.org().staff(r.toStaffId()).orElse(null);
        if (from == null || to == null || from.wecomUserId() == null || to.wecomUserId() == null) {
            return;
        }
        boolean resigned = r.kind() == HandoverRequest.Kind.RESIGNED;
        Map<String, Transfers> byCorp = transfersByCorp();
        Map<String, Map<String, CustomerTransfers.Status>> statusByCorp = new HashMap<>();
        Instant now = now();
        for (CustomerOutcome o : r.customers()) {
            if (o.status() != Status.WAITING) {
                continue;
            }
            Optional<ChannelIdentity> contact = store.customers().find(o.customerId()).flatMap(c -> c.identities()
                    .stream().filter(i -> i.type() == IdentityType.WECOM_EXTERNAL_USERID).findFirst());
            if (contact.isEmpty() || !byCorp.containsKey(contact.get().namespace())) {
                continue; // asked again when the channel is back
            }
            Map<String, CustomerTransfers.Status> statuses = statusByCorp.computeIfAbsent(contact.get().namespace(),
                    corp -> {
                        Map<String, CustomerTransfers.Status> m = new HashMap<>();
                        byCorp.get(corp).api().results(resigned, from.wecomUserId(), to.wecomUserId())
                                .forEach(s -> m.put(s.externalUserId(), s));
                        return m;
                    });
            CustomerTransfers.Status s = statuses.get(contact.get().value());
            Status next = s == null ? Status.WAITING : switch (s.status()) {
                case 1 -> Status.DONE;
                case 3 -> Status.REFUSED;
                case 4 -> Status.TAKER_FULL;
                case 5 -> Status.NO_RECORD;
                default -> Status.WAITING;
            };
            if (next == Status.WAITING) {
                continue;
            }
            if (next == Status.DONE) {
                moveOwner(o.customerId(), Authority.keys(List.of(from)), to);
            }
            store.org().updateCustomerOutcome(r.id(), o.customerId(), next, null, now);
        }
    }

    /** The taker now follows the customer; the one who handed over no longer does. */
    private void moveOwner(long customerId, Set<String> fromKeys, Staff to) {
        Customer c = customers.get(Caller.SYSTEM, customerId);
        Object owner = c.attributes().get(OWNER_STAFF);
        if (owner == null || fromKeys.contains(owner.toString())) {
            Map<String, Object> attributes = new LinkedHashMap<>(c.attributes());
            attributes.put(OWNER_STAFF, to.wecomUserId());
            Set<Long> tags = new LinkedHashSet<>();
            for (Tag t : c.tags()) {
                tags.add(t.id());
            }
            customers.update(Caller.SYSTEM, customerId,
                    new CustomerDraft(c.displayName(), c.identities(), tags, attributes), null);
        }
        fromKeys.forEach(k -> store.org().unshare(customerId, k));
    }
}
