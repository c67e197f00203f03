package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.customer.TagRule;
import io.siyu.api.customer.TagRuleRun;
import io.siyu.api.customer.TagUpdate;
import io.siyu.api.event.CustomerEvent;
import io.siyu.api.event.EventDraft;
import io.siyu.api.org.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Auto tags follow their rules on ingest and when the rule is created or changed; never by hand. */
class AutoTagRulesTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    final TestStores stores = new TestStores();
    final MutableClock clock = new MutableClock(NOW);
    final AutoTagger autoTagger = new AutoTagger(stores.store, clock, Runnable::run);
    final TagServiceImpl tags = new TagServiceImpl(stores.store, clock, autoTagger);
    final EventServiceImpl events = new EventServiceImpl(stores.store, clock, autoTagger);
    final CustomerServiceImpl customers = new CustomerServiceImpl(stores.store, TestStores.attributeSchema(stores.store), clock);
    int eventSeq;

    @AfterEach
    void close() {
        stores.close();
    }

    private TagDefinition autoTag(String name, TagRule rule) {
        return tags.create(Caller.SYSTEM, new TagDefinitionDraft(null, "自动", name, TagKind.AUTO, null, null, null, rule));
    }

    private long customer(String phone) {
        return customers.create(Caller.SYSTEM, new CustomerDraft(phone, List.of(ChannelIdentity.of(IdentityType.PHONE, phone)),
                null, null)).id();
    }

    private void event(long customerId, String type, Instant at, Map<String, Object> properties) {
        assertTrue(events.ingest(Caller.SYSTEM, List.of(EventDraft.forCustomer("e" + (++eventSeq), type, at, customerId,
                properties))).ok());
    }

    private boolean carries(long customerId, long tagId) {
        return customers.get(Caller.SYSTEM, customerId).tags().stream().anyMatch(t -> t.id() == tagId);
    }

    private List<CustomerEvent> tagHistory(long customerId) {
        return events.timeline(Caller.SYSTEM, customerId, PageRequest.first(100)).items().stream()
                .filter(e -> e.type().startsWith("tag.")).toList();
    }

    @Test
    void theSecondOrderTagsARepeatBuyerAndTheTimelineNamesTheRule() {
        TagDefinition repeat = autoTag("复购", TagRule.atLeast("order", 2));
        long c = customer("13800000001");
        event(c, "order", NOW.minus(Duration.ofDays(3)), Map.of("amount", 99));
        assertFalse(carries(c, repeat.id()));
        event(c, "order", NOW, Map.of("amount", 20));
        assertTrue(carries(c, repeat.id()));

        List<CustomerEvent> history = tagHistory(c);
        assertEquals(1, history.size());
        assertEquals("tag.added", history.get(0).type());
        assertEquals(Map.of("tagId", (int) repeat.id(), "tagName", "复购", "group", "自动", "by", "rule:" + repeat.id()),
                history.get(0).properties());
    }

    @Test
    void ordersOlderThanTheWindowDoNotCount() {
        TagDefinition recent = autoTag("近30天复购", new TagRule("order", null, null, 2, 30));
        long c = customer("13800000002");
        event(c, "order", NOW.minus(Duration.ofDays(40)), null);
        event(c, "order", NOW.minus(Duration.ofDays(1)), null);
        assertFalse(carries(c, recent.id()));
        event(c, "order", NOW, null);
        assertTrue(carries(c, recent.id()));

        // sixty days on the window is empty: the periodic refresh of windowed rules takes the tag off
        clock.advance(Duration.ofDays(60));
        autoTagger.refreshWindowedRules();
        assertFalse(carries(c, recent.id()));
        assertEquals(List.of("tag.removed", "tag.added"), tagHistory(c).stream().map(CustomerEvent::type).toList());
    }

    @Test
    void aChannelCodeRuleTagsOnlyContactsWhoEnteredThroughThatCode() {
        TagDefinition viaX = autoTag("渠道X", new TagRule("contact.added", "channelCode", "X", null, null));
        TagDefinition twoItems = autoTag("两件", new TagRule("order", "items", "2", null, null));
        long x = customer("13800000003");
        long y = customer("13800000004");
        event(x, "contact.added", NOW, Map.of("channelCode", "X", "staffId", "li"));
        event(y, "contact.added", NOW, Map.of("channelCode", "Y"));
        event(y, "order", NOW, Map.of("items", 2.0));
        assertTrue(carries(x, viaX.id()));
        assertFalse(carries(y, viaX.id()));
        assertTrue(carries(y, twoItems.id()), "numbers compare by value");
    }

    @Test
    void aNewRuleTagsExistingCustomersInTheBackgroundPassAndAChangedRuleUntagsThoseNoLongerMatching() {
        long one = customer("13800000005");
        long two = customer("13800000006");
        event(one, "order", NOW.minus(Duration.ofDays(2)), null);
        event(two, "order", NOW.minus(Duration.ofDays(2)), null);
        event(two, "order", NOW.minus(Duration.ofDays(1)), null);

        TagDefinition buyer = autoTag("买过", TagRule.atLeast("order", 1));
        assertTrue(carries(one, buyer.id()) && carries(two, buyer.id()));
        TagRuleRun run = tags.ruleRun(Caller.SYSTEM, buyer.id()).orElseThrow();
        assertEquals(TagRuleRun.State.DONE, run.state());
        assertEquals(2, run.customersDone());
        assertEquals(2, run.added());

        tags.update(Caller.SYSTEM, buyer.id(), TagUpdate.rule(TagRule.atLeast("order", 2)));
        assertFalse(carries(one, buyer.id()));
        assertTrue(carries(two, buyer.id()));
        assertEquals(1, tags.ruleRun(Caller.SYSTEM, buyer.id()).orElseThrow().removed());
        assertEquals("rule:" + buyer.id(), tagHistory(one).get(0).properties().get("by"));
    }

    @Test
    void anAutoTagIsNeverPutOnOrTakenOffByHand() {
        TagDefinition buyer = autoTag("买过", TagRule.atLeast("order", 1));
        long c = customer("13800000007");
        ValidationException bulk = assertThrows(ValidationException.class,
                () -> tags.tagCustomers(Caller.SYSTEM, buyer.id(), TagAction.ADD, List.of(c)));
        assertEquals("tagId", bulk.errors().get(0).field());
        assertTrue(bulk.getMessage().contains("自动/买过"), bulk.getMessage());
        ValidationException update = assertThrows(ValidationException.class, () -> customers.update(Caller.SYSTEM, c,
                new CustomerDraft("x", null, Set.of(buyer.id()), null), null));
        assertEquals("tagIds", update.errors().get(0).field());
        assertFalse(carries(c, buyer.id()));

        event(c, "order", NOW, null);
        ValidationException remove = assertThrows(ValidationException.class,
                () -> tags.tagCustomers(Caller.SYSTEM, buyer.id(), TagAction.REMOVE, List.of(c)));
        assertEquals("tagId", remove.errors().get(0).field());
        // a full update that leaves the auto tag out keeps it
        customers.update(Caller.SYSTEM, c, new CustomerDraft("renamed", null, Set.of(), null), null);
        assertTrue(carries(c, buyer.id()));
    }

    @Test
    void aBadRuleIsRefusedNamingEveryFieldAndNoTagIsStored() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> autoTag("坏", new TagRule(" ", "channelCode", null, 0, 0)));
        assertEquals(List.of("rule.eventType", "rule.value", "rule.minCount", "rule.withinDays"),
                e.errors().stream().map(FieldError::field).toList());
        assertEquals("rule", assertThrows(ValidationException.class, () -> autoTag("无规则", null)).errors().get(0).field());
        assertEquals("rule", assertThrows(ValidationException.class, () -> tags.create(Caller.SYSTEM,
                new TagDefinitionDraft(null, "g", "企业", TagKind.ENTERPRISE, null, null, null, TagRule.atLeast("order", 1))))
                .errors().get(0).field());
        assertTrue(tags.list().stream().map(Tag::name).noneMatch(n -> n.equals("坏") || n.equals("无规则") || n.equals("企业")));
    }
}
