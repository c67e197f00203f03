package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.PageRequest;
import io.siyu.api.UnavailableException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.Tag;
import io.siyu.api.customer.TagAction;
import io.siyu.api.customer.TagBulkResult;
import io.siyu.api.customer.TagDefinition;
import io.siyu.api.customer.TagDefinitionDraft;
import io.siyu.api.customer.TagGroup;
import io.siyu.api.customer.TagGroupDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.event.EventDraft;
import io.siyu.api.org.Caller;
import io.siyu.core.internal.segment.SegmentServiceImpl;
import io.siyu.api.org.DataScope;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.SegmentDefinition;
import io.siyu.api.segment.SegmentDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TagServiceImplTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Caller LI = new Caller("li", Set.of("siyu-operator"), null, DataScope.ALL);
    static final Caller WANG = new Caller("wang", Set.of("siyu-operator"), null, DataScope.ALL);
    static final Caller ADMIN = new Caller("admin", Set.of("admin"), null, DataScope.ALL);

    final TestStores stores = new TestStores();
    final MutableClock clock = new MutableClock(NOW);
    final TagServiceImpl tags = new TagServiceImpl(stores.store, clock);
    final CustomerServiceImpl customers = new CustomerServiceImpl(stores.store, TestStores.attributeSchema(stores.store), clock);
    final EventServiceImpl events = new EventServiceImpl(stores.store, clock);

    @AfterEach
    void close() {
        stores.close();
    }

    private TagDefinition tag(Caller caller, String group, String name, TagKind kind) {
        return tags.create(caller, new TagDefinitionDraft(null, group, name, kind, null, null, null, null));
    }

    private long customer(String name, Set<Long> tagIds, Caller caller) {
        return customers.create(caller, new CustomerDraft(name, null, tagIds, null)).id();
    }

    /** n customers made by one event batch (visitor identities), ids ascending. */
    private List<Long> manyCustomers(int n) {
        List<EventDraft> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(EventDraft.forIdentity("v" + i, "article.view", NOW, "oa",
                    io.siyu.api.customer.ChannelIdentity.of(IdentityType.VISITOR, "v-" + i), null));
        }
        assertEquals(n, events.ingest(Caller.SYSTEM, batch).createdCustomers());
        return stores.store.tags().customerIdsAfter(0, n);
    }

    @Test
    void personalTagsAreSeenAndUsedByTheirOwnerOnlyAndAdminsSeeThem() {
        TagDefinition mine = tag(LI, "我的", "待跟进", TagKind.PERSONAL);
        assertEquals("li", mine.owner());
        TagDefinition shared = tag(ADMIN, "层级", "VIP", TagKind.ENTERPRISE);
        long c = customer("客户", Set.of(mine.id(), shared.id()), LI);

        assertEquals(List.of(mine.id()), tags.definitions(LI, null, TagKind.PERSONAL).stream().map(TagDefinition::id).toList());
        assertTrue(tags.definitions(WANG, null, null).stream().noneMatch(t -> t.id() == mine.id()));
        assertTrue(tags.definitions(ADMIN, null, null).stream().anyMatch(t -> t.id() == mine.id()));
        assertThrows(NotFoundException.class, () -> tags.definition(WANG, mine.id()));
        assertThrows(NotFoundException.class, () -> tags.delete(WANG, mine.id()));

        assertEquals(List.of(shared.id()), customers.get(WANG, c).tags().stream().map(Tag::id).toList());
        assertEquals(2, customers.get(LI, c).tags().size());
        assertEquals(2, customers.get(ADMIN, c).tags().size());
        assertEquals(0, customers.search(WANG, new CustomerQuery(null, mine.id(), PageRequest.first(10))).total());
        assertEquals(1, customers.search(LI, new CustomerQuery(null, mine.id(), PageRequest.first(10))).total());
        assertEquals(1L, tags.customerCounts(LI).get(mine.id()));
        assertFalse(tags.customerCounts(WANG).containsKey(mine.id()));

        // wang cannot put li's tag on anyone, by update or in bulk; admins see it but do not use it either
        long other = customer("另一位", Set.of(), WANG);
        assertEquals("tagIds", assertThrows(ValidationException.class, () -> customers.update(WANG, other,
                new CustomerDraft("另一位", null, Set.of(mine.id()), null), null)).errors().get(0).field());
        assertThrows(NotFoundException.class, () -> tags.tagCustomers(WANG, mine.id(), TagAction.ADD, List.of(other)));
        assertEquals("tagId", assertThrows(ValidationException.class,
                () -> tags.tagCustomers(ADMIN, mine.id(), TagAction.ADD, List.of(other))).errors().get(0).field());
        // wang's full update of the shared customer leaves li's tag where it is
        customers.update(WANG, c, new CustomerDraft("客户", null, Set.of(), null), null);
        assertEquals(List.of(mine.id()), customers.get(LI, c).tags().stream().map(Tag::id).toList());
    }

    @Test
    void bulkTaggingNamesUnknownCustomersAndStoresNothingThenCountsWhatChanged() {
        TagDefinition vip = tag(ADMIN, "层级", "VIP", TagKind.ENTERPRISE);
        long a = customer("A", Set.of(), ADMIN);
        long b = customer("B", Set.of(vip.id()), ADMIN);
        ValidationException e = assertThrows(ValidationException.class,
                () -> tags.tagCustomers(ADMIN, vip.id(), TagAction.ADD, List.of(a, 424242L)));
        assertEquals("customerIds", e.errors().get(0).field());
        assertTrue(e.getMessage().contains("424242"), e.getMessage());
        assertTrue(customers.get(ADMIN, a).tags().isEmpty());

        assertEquals(new TagBulkResult(2, 1), tags.tagCustomers(ADMIN, vip.id(), TagAction.ADD, List.of(a, b)));
        assertEquals(new TagBulkResult(2, 0), tags.tagCustomers(ADMIN, vip.id(), TagAction.ADD, List.of(a, b)));
        assertEquals(new TagBulkResult(1, 1), tags.tagCustomers(ADMIN, vip.id(), TagAction.REMOVE, List.of(b)));
        assertEquals("admin", events.timeline(ADMIN, b, PageRequest.first(5)).items().get(0).properties().get("by"));
        assertEquals("customerIds", assertThrows(ValidationException.class,
                () -> tags.tagCustomers(ADMIN, vip.id(), TagAction.ADD, List.of())).errors().get(0).field());
    }

    @Test
    void bulkTaggingRunsInChunksOverThousandsOfCustomers() {
        TagDefinition t = tag(ADMIN, "活动", "双11", TagKind.ENTERPRISE);
        List<Long> ids = manyCustomers(2_345);
        assertEquals(new TagBulkResult(2_345, 2_345), tags.tagCustomers(ADMIN, t.id(), TagAction.ADD, ids));
        assertEquals(2_345L, tags.customerCounts(ADMIN).get(t.id()));
        assertEquals(2_345 * 2L, stores.store.events().count());
    }

    @Test
    void segmentTaggingIsUnavailableWithoutTheSegmentServiceAndTagsEveryMemberPageByPage() {
        TagDefinition t = tag(ADMIN, "活动", "召回", TagKind.ENTERPRISE);
        assertThrows(UnavailableException.class, () -> tags.tagSegment(ADMIN, t.id(), TagAction.ADD, 1));
        List<Long> ids = manyCustomers(2_100);
        List<Long> members = ids.subList(50, 2_050);
        TagDefinition invited = tag(ADMIN, "活动", "已邀约", TagKind.ENTERPRISE);
        tags.tagCustomers(ADMIN, invited.id(), TagAction.ADD, members);
        SegmentServiceImpl segments = new SegmentServiceImpl(stores.store, TestStores.attributeSchema(stores.store),
                clock, false);
        SegmentDefinition invitedSegment = segments.define(ADMIN, new SegmentDraft("已邀约", null,
                Condition.tags(Condition.TagMatch.ANY, invited.id())));
        tags.segments = segments;
        assertEquals(new TagBulkResult(2_000, 2_000), tags.tagSegment(ADMIN, t.id(), TagAction.ADD, invitedSegment.id()));
        assertEquals(Set.copyOf(members), stores.store.tags().holders(t.id(), ids));
        assertEquals("segmentId", assertThrows(ValidationException.class,
                () -> tags.tagSegment(ADMIN, t.id(), TagAction.ADD, invitedSegment.id() + 1)).errors().get(0).field());
    }

    @Test
    void groupsAreManagedAndAGroupWithTagsIsDeletedOnlyByForce() {
        TagGroup g = tags.createGroup(ADMIN, new TagGroupDraft("来源", 2, "etGroup1"));
        TagDefinition t = tags.create(ADMIN, new TagDefinitionDraft(g.id(), null, "门店", null, 1, "etTag1", null, null));
        assertEquals(new TagDefinition(t.id(), g.id(), "来源", "门店", TagKind.ENTERPRISE, 1, "etTag1", null, null), t);
        assertEquals("渠道", tags.updateGroup(ADMIN, g.id(), new TagGroupDraft("渠道", null, null)).name());
        assertEquals("渠道", tags.get(t.id()).group());
        assertThrows(ConflictException.class, () -> tags.deleteGroup(ADMIN, g.id(), false));
        tags.deleteGroup(ADMIN, g.id(), true);
        assertThrows(NotFoundException.class, () -> tags.group(g.id()));
        assertThrows(NotFoundException.class, () -> tags.get(t.id()));

        ValidationException bad = assertThrows(ValidationException.class, () -> tags.create(ADMIN,
                new TagDefinitionDraft(987L, null, " ", TagKind.ENTERPRISE, null, null, "li", null)));
        assertEquals(List.of("name", "groupId", "owner"), bad.errors().stream().map(FieldError::field).toList());
    }
}
