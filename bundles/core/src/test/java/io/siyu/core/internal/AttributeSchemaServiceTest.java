package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ConflictException;
import io.siyu.api.FieldError;
import io.siyu.api.NotFoundException;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.org.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schema service and customer validation against it, on a real Derby store. */
class AttributeSchemaServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);

    private final TestStores stores = new TestStores();
    /** What the active editions declare; tests add and withdraw as an edition bundle would. */
    private final List<AttributeDefinition> editionDefinitions = new CopyOnWriteArrayList<>();
    private final AttributeSchemaServiceImpl schema = new AttributeSchemaServiceImpl(stores.store, () -> editionDefinitions, CLOCK);
    private final CustomerServiceImpl customers = new CustomerServiceImpl(stores.store, schema, CLOCK);

    @AfterEach
    void close() {
        stores.close();
    }

    private static AttributeDefinition bank(String name, AttributeType type, String... allowed) {
        return new AttributeDefinition(name, null, type, List.of(allowed), null, AttributeOrigin.edition("bank"));
    }

    private Customer create(Map<String, Object> attributes) {
        return customers.create(Caller.SYSTEM, new CustomerDraft("客户", null, null, attributes));
    }

    @Test
    void theSchemaListsBuiltInEditionAndCustomAttributesByName() {
        editionDefinitions.add(bank("branch", AttributeType.TEXT));
        schema.define(new AttributeDraft("hobby", "爱好", AttributeType.TEXT, null, null));
        List<String> names = schema.list().stream().map(AttributeDefinition::name).toList();
        assertEquals(List.of("birthday", "branch", "entryPoint", "gender", "hobby", "occupation", "ownerStaff", "region",
                "sourceChannel"), names);
        assertEquals(AttributeOrigin.BUILT_IN, schema.get("gender").origin());
        assertEquals(AttributeOrigin.edition("bank"), schema.get("branch").origin());
        assertEquals("爱好", schema.get("hobby").label());
        assertThrows(NotFoundException.class, () -> schema.get("age"));
    }

    @Test
    void anUnknownAttributeIsRefusedAndNothingStoredUntilItIsDefined() {
        ValidationException e = assertThrows(ValidationException.class, () -> create(Map.of("hobby", "chess")));
        assertEquals("attributes.hobby", e.errors().get(0).field());
        assertEquals(0, customers.count(Caller.SYSTEM));

        schema.define(new AttributeDraft("hobby", null, AttributeType.TEXT, null, null));
        assertEquals(Map.of("hobby", "chess"), create(Map.of("hobby", "chess")).attributes());
    }

    @Test
    void dateAttributesGivenAsTextAreStoredAndReadBackAsDates() {
        Customer c = create(Map.of("birthday", "1990-05-01"));
        assertEquals(LocalDate.of(1990, 5, 1), customers.get(Caller.SYSTEM, c.id()).attributes().get("birthday"));
    }

    @Test
    void anEditionAttributeTakesValuesOnlyWhileTheEditionIsActiveAndStoredValuesStay() {
        AttributeDefinition branch = bank("branch", AttributeType.TEXT);
        editionDefinitions.add(branch);
        Customer c = create(Map.of("branch", "上海分行"));

        editionDefinitions.remove(branch);
        // still readable, and an update that keeps it unchanged is fine
        assertEquals("上海分行", customers.get(Caller.SYSTEM, c.id()).attributes().get("branch"));
        Customer renamed = customers.update(Caller.SYSTEM, c.id(), new CustomerDraft("新名字", null, null, c.attributes()), null);
        assertEquals(Map.of("branch", "上海分行"), renamed.attributes());
        // but no new values, neither changed nor on other customers
        ValidationException changed = assertThrows(ValidationException.class, () -> customers.update(Caller.SYSTEM, c.id(),
                new CustomerDraft("新名字", null, null, Map.of("branch", "杭州分行")), null));
        assertEquals("attributes.branch", changed.errors().get(0).field());
        assertThrows(ValidationException.class, () -> create(Map.of("branch", "上海分行")));
        assertEquals("上海分行", customers.get(Caller.SYSTEM, c.id()).attributes().get("branch"));
    }

    @Test
    void builtInAndEditionAttributesCannotBeChangedOrDeleted() {
        editionDefinitions.add(bank("branch", AttributeType.TEXT));
        for (String name : List.of("gender", "branch")) {
            ValidationException u = assertThrows(ValidationException.class,
                    () -> schema.update(name, new AttributeDraft(null, "x", AttributeType.TEXT, null, null)));
            assertEquals("name", u.errors().get(0).field());
            assertThrows(ValidationException.class, () -> schema.delete(name, true));
        }
        assertEquals(AttributeType.ENUM, schema.get("gender").type());
        assertThrows(NotFoundException.class, () -> schema.delete("nothing", false));
    }

    @Test
    void aNameAlreadyInTheSchemaCannotBeDefinedAgain() {
        editionDefinitions.add(bank("branch", AttributeType.TEXT));
        schema.define(new AttributeDraft("hobby", null, AttributeType.TEXT, null, null));
        for (String name : List.of("gender", "branch", "hobby")) {
            ConflictException e = assertThrows(ConflictException.class,
                    () -> schema.define(new AttributeDraft(name, null, AttributeType.INTEGER, null, null)));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void aCustomAttributeShadowsAnEditionOneOfTheSameName() {
        schema.define(new AttributeDraft("branch", null, AttributeType.INTEGER, null, null));
        editionDefinitions.add(bank("branch", AttributeType.TEXT));
        assertEquals(AttributeOrigin.CUSTOM, schema.get("branch").origin());
        assertEquals(1, schema.list().stream().filter(d -> d.name().equals("branch")).count());
    }

    @Test
    void badDefinitionsAreRefusedNamingEveryField() {
        ValidationException e = assertThrows(ValidationException.class, () -> schema.define(
                new AttributeDraft("9x", "l".repeat(101), null, List.of("a"), "d".repeat(1001))));
        assertEquals(List.of("name", "label", "description", "type", "allowedValues"),
                e.errors().stream().map(FieldError::field).toList());
        ValidationException enumErrors = assertThrows(ValidationException.class, () -> schema.define(
                new AttributeDraft("tier", null, AttributeType.ENUM, List.of("gold", " ", "gold"), null)));
        assertEquals(List.of("allowedValues[1]", "allowedValues[2]"),
                enumErrors.errors().stream().map(FieldError::field).toList());
        assertThrows(ValidationException.class, () -> schema.define(new AttributeDraft("tier", null, AttributeType.ENUM, null, null)));
        assertTrue(schema.list().stream().noneMatch(AttributeDefinition::editable));
    }

    @Test
    void aCustomAttributeCanChangeItsTypeOnlyWhileNoCustomerHoldsAValue() {
        schema.define(new AttributeDraft("score", null, AttributeType.TEXT, null, null));
        AttributeDefinition changed = schema.update("score", new AttributeDraft(null, "得分", AttributeType.INTEGER, null, "0-100"));
        assertEquals(AttributeType.INTEGER, changed.type());
        assertEquals("得分", changed.label());

        create(Map.of("score", 90));
        ConflictException e = assertThrows(ConflictException.class,
                () -> schema.update("score", new AttributeDraft(null, null, AttributeType.DECIMAL, null, null)));
        assertTrue(e.getMessage().contains("INTEGER to DECIMAL"), e.getMessage());
        assertEquals(AttributeType.INTEGER, schema.get("score").type());
        ValidationException rename = assertThrows(ValidationException.class,
                () -> schema.update("score", new AttributeDraft("points", null, AttributeType.INTEGER, null, null)));
        assertEquals("name", rename.errors().get(0).field());
    }

    @Test
    void deletingACustomAttributeHeldByCustomersNeedsPurgeWhichRemovesTheirValues() {
        schema.define(new AttributeDraft("tier", null, AttributeType.ENUM, List.of("gold", "silver"), null));
        Customer c = create(Map.of("tier", "gold", "region", "上海"));
        assertThrows(ConflictException.class, () -> schema.delete("tier", false));
        assertEquals("gold", customers.get(Caller.SYSTEM, c.id()).attributes().get("tier"));

        schema.delete("tier", true);
        assertFalse(schema.list().stream().anyMatch(d -> d.name().equals("tier")));
        assertEquals(Map.of("region", "上海"), customers.get(Caller.SYSTEM, c.id()).attributes());
    }
}
