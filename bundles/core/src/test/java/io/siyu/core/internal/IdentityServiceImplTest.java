package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityConflictException;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.MergeReason;
import io.siyu.api.customer.MergeRecord;
import io.siyu.api.customer.MergeStrategies;
import io.siyu.api.customer.MergeStrategy;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.event.EventDraft;
import io.siyu.api.event.EventTypes;
import io.siyu.api.event.IngestResult;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.policy.Consent;
import io.siyu.api.policy.ConsentState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdentityServiceImplTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Caller ALICE = new Caller("alice", Set.of("siyu-operator"), null, DataScope.ALL);
    final TestStores stores = new TestStores();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final IdentityServiceImpl identities = new IdentityServiceImpl(stores.store, clock);
    final CustomerServiceImpl customers = new CustomerServiceImpl(stores.store,
            new AttributeSchemaServiceImpl(stores.store, java.util.List::of, clock), clock);
    final EventServiceImpl events = new EventServiceImpl(stores.store, clock);
    final ConsentServiceImpl consents = new ConsentServiceImpl(stores.store, clock);

    @AfterEach
    void close() {
        stores.close();
    }

    private static ChannelIdentity phone(String p) {
        return ChannelIdentity.of(IdentityType.PHONE, p);
    }

    @Test
    void strategiesDefaultToMostRecentAndOverridesAreStored() {
        assertEquals(MergeStrategies.DEFAULT, identities.strategies(ALICE));
        MergeStrategies set = new MergeStrategies(MergeStrategy.OLDEST, Map.of("city", MergeStrategy.FIRST_NON_EMPTY));
        identities.setStrategies(ALICE, set);
        assertEquals(set, identities.strategies(ALICE));
        ValidationException bad = assertThrows(ValidationException.class, () -> identities.setStrategies(ALICE,
                new MergeStrategies(MergeStrategy.OLDEST, Map.of("1city", MergeStrategy.OLDEST))));
        assertEquals("attributes.1city", bad.errors().get(0).field());
        assertEquals(set, identities.strategies(ALICE));
    }

    @Test
    void aMalformedIdentityIsRefusedBeforeAnythingIsStored() {
        Customer a = customers.create(ALICE, new CustomerDraft("A", List.of(phone("13800138001")), null, null));
        ValidationException e = assertThrows(ValidationException.class,
                () -> identities.link(ALICE, a.id(), phone("12")));
        assertEquals("identity.value", e.errors().get(0).field());
        assertEquals(a, customers.get(ALICE, a.id()));
    }

    @Test
    void mergingWithItselfIsAMergeLoopOnTheCustomerIdField() {
        Customer a = customers.create(ALICE, new CustomerDraft("A", null, null, null));
        ValidationException e = assertThrows(ValidationException.class, () -> identities.merge(ALICE, a.id(), a.id()));
        assertEquals(List.of("customerId"), e.errors().stream().map(FieldError::field).toList());
        assertTrue(identities.history(ALICE, a.id()).isEmpty());
    }

    @Test
    void createStillRefusesAnotherProfilesIdentityAndNamesItsOwner() {
        Customer a = customers.create(ALICE, new CustomerDraft("A", List.of(phone("13800138002")), null, null));
        IdentityConflictException e = assertThrows(IdentityConflictException.class,
                () -> customers.create(ALICE, new CustomerDraft("B", List.of(phone("+86 138 0013 8002")), null, null)));
        assertEquals(a.id(), e.ownerId());
        assertEquals(1, customers.count(ALICE));
    }

    @Test
    void anAliasReadsAsTheSurvivorAndRefusesChangesWithAPointer() {
        Customer a = customers.create(ALICE, new CustomerDraft("A", List.of(phone("13800138003")), null, null));
        Customer b = customers.create(ALICE, new CustomerDraft("B", List.of(phone("13800138004")), null, null));
        MergeRecord m = identities.merge(ALICE, b.id(), a.id());
        assertEquals("alice", m.by());
        long survivor = m.survivorId();
        long alias = m.mergedId();
        assertEquals(survivor, customers.get(ALICE, alias).id());
        assertEquals(survivor, identities.resolve(ALICE, alias));
        ConflictException e = assertThrows(ConflictException.class,
                () -> customers.update(ALICE, alias, new CustomerDraft("X", null, null, null), null));
        assertTrue(e.getMessage().contains("merged into customer " + survivor), e.getMessage());
        Consent c = consents.record(ALICE, new Consent(alias, "sms", ConsentState.OPTED_OUT, NOW, "reply"));
        assertEquals(survivor, c.customerId());
        assertEquals(1, consents.consents(ALICE, alias).size());
        assertEquals(1, events.timeline(ALICE, alias, PageRequest.first(10)).total());
    }

    @Test
    void anEventWithSeveralIdentitiesMergesAVisitorIntoTheKnownCustomerKeepingTheSingleIdentityFormWorking() {
        ChannelIdentity visitor = ChannelIdentity.of(IdentityType.VISITOR, "v-77");
        IngestResult read = events.ingest(ALICE, List.of(EventDraft.forIdentity("r1", EventTypes.ARTICLE_VIEW,
                NOW.minusSeconds(600), "wechat-oa/main", visitor, null)));
        assertEquals(1, read.createdCustomers());
        Customer known = customers.create(ALICE, new CustomerDraft("韩梅梅", List.of(phone("13800138005")), null, null));

        // only the identities list names the customer; phone written differently is normalised
        IngestResult form = events.ingest(ALICE, List.of(new EventDraft("f1", EventTypes.FORM_SUBMIT, NOW.minusSeconds(60),
                "mp/main", null, null, null, List.of(phone("138-0013-8005"), visitor))));
        assertTrue(form.ok(), form.errors().toString());

        MergeRecord m = identities.history(ALICE, known.id()).get(0);
        assertEquals(MergeReason.VISITOR_IDENTIFIED, m.reason());
        assertEquals(known.id(), m.survivorId());
        assertEquals("alice", m.by());
        List<String> timeline = events.timeline(ALICE, known.id(), PageRequest.first(10)).items().stream()
                .map(CustomerEvent::id).toList();
        assertTrue(timeline.containsAll(List.of("f1", "r1", "siyu-merge-" + m.id())), timeline.toString());
        assertEquals(EventTypes.CUSTOMER_MERGED, events.timeline(ALICE, known.id(), PageRequest.first(10)).items().stream()
                .filter(e -> e.id().equals("siyu-merge-" + m.id())).findFirst().orElseThrow().type());
    }

    @Test
    void aBadIdentityInTheListIsNamedAndNothingIsStored() {
        IngestResult r = events.ingest(ALICE, List.of(new EventDraft("x1", EventTypes.ORDER, NOW, null, null,
                phone("13800138006"), null, List.of(ChannelIdentity.of(IdentityType.EMAIL, "not-an-email")))));
        assertEquals(List.of("events[0].identities[0].value"), r.errors().stream().map(FieldError::field).toList());
        assertEquals(0, customers.count(ALICE));
    }
}
