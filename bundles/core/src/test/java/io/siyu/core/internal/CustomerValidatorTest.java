package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerValidatorTest {
    /** The built-ins plus one custom attribute of every other type. */
    static final Map<String, AttributeDefinition> SCHEMA = new HashMap<>();

    static {
        BuiltInAttributes.ALL.forEach(d -> SCHEMA.put(d.name(), d));
        for (Object[] a : new Object[][] {{"orders", AttributeType.INTEGER}, {"spent", AttributeType.DECIMAL},
                {"vip", AttributeType.BOOLEAN}}) {
            SCHEMA.put((String) a[0], new AttributeDefinition((String) a[0], null, (AttributeType) a[1], null, null,
                    AttributeOrigin.CUSTOM));
        }
    }

    private static CustomerDraft validate(Map<String, Object> attributes) {
        return CustomerValidator.validate(new CustomerDraft("A", null, null, attributes), SCHEMA, Map.of());
    }

    private static List<FieldError> errors(Map<String, Object> attributes) {
        return assertThrows(ValidationException.class, () -> validate(attributes)).errors();
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("hobby", "chess");
        attributes.put("gender", "other");
        attributes.put("birthday", "1990-02-30");
        attributes.put("orders", "three");
        attributes.put("region", null);
        ValidationException e = assertThrows(ValidationException.class, () -> CustomerValidator.validate(
                new CustomerDraft("  ", List.of(ChannelIdentity.of(IdentityType.PHONE, "12")), Set.of(), attributes),
                SCHEMA, Map.of()));
        assertEquals(List.of("displayName", "identities[0].value", "attributes.hobby", "attributes.gender",
                "attributes.birthday", "attributes.orders", "attributes.region"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void validDraftComesBackCanonicalWithDatesAsLocalDateAndIntegersWidenedForDecimals() {
        CustomerDraft draft = CustomerValidator.validate(new CustomerDraft(" 王芳 ",
                List.of(ChannelIdentity.of(IdentityType.PHONE, "138 0013 8000"),
                        ChannelIdentity.of(IdentityType.PHONE, "+8613800138000")),
                Set.of(1L), Map.of("orders", 3, "spent", 2, "vip", true, "birthday", "1990-05-01", "gender", "female",
                        "region", "上海")), SCHEMA, Map.of());
        assertEquals("王芳", draft.displayName());
        assertEquals(List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800138000")), draft.identities());
        assertEquals(Map.of("orders", 3L, "spent", new BigDecimal("2"), "vip", true, "birthday", LocalDate.of(1990, 5, 1),
                "gender", "female", "region", "上海"), draft.attributes());
    }

    @Test
    void anUnknownAttributeIsRefusedWithAHintToDefineIt() {
        FieldError e = errors(Map.of("hobby", "chess")).get(0);
        assertEquals("attributes.hobby", e.field());
        assertTrue(e.message().startsWith("unknown attribute; define it first"), e.message());
    }

    @Test
    void aValueOfTheWrongTypeNamesTheExpectedType() {
        assertTrue(errors(Map.of("orders", "3")).get(0).message().contains("INTEGER"));
        assertTrue(errors(Map.of("spent", "9.5")).get(0).message().contains("DECIMAL"));
        assertTrue(errors(Map.of("vip", "yes")).get(0).message().contains("BOOLEAN"));
        assertTrue(errors(Map.of("region", 21)).get(0).message().contains("TEXT"));
        assertTrue(errors(Map.of("birthday", 19900501)).get(0).message().contains("YYYY-MM-DD"));
    }

    @Test
    void anEnumValueOutsideTheAllowedOnesListsThem() {
        FieldError e = errors(Map.of("gender", "Female")).get(0);
        assertEquals("attributes.gender", e.field());
        assertTrue(e.message().contains("male, female, unknown"), e.message());
    }

    @Test
    void datesMustBeRealCalendarDaysWrittenAsYyyyMmDd() {
        for (String bad : List.of("1990-5-1", "1990-02-30", "01.05.1990", "1990-05-01T00:00:00Z", "+11990-05-01")) {
            assertEquals("attributes.birthday", errors(Map.of("birthday", bad)).get(0).field(), bad);
        }
        assertEquals(LocalDate.of(2000, 2, 29), validate(Map.of("birthday", LocalDate.of(2000, 2, 29))).attributes().get("birthday"));
        assertEquals(LocalDate.of(2000, 2, 29), validate(Map.of("birthday", "2000-02-29")).attributes().get("birthday"));
    }

    @Test
    void integersAcceptWholeNumbersInAnyNumericFormButNoFractionsOrOverflow() {
        assertEquals(3L, validate(Map.of("orders", new BigDecimal("3.0"))).attributes().get("orders"));
        assertEquals(Long.MAX_VALUE, validate(Map.of("orders", BigInteger.valueOf(Long.MAX_VALUE))).attributes().get("orders"));
        errors(Map.of("orders", new BigDecimal("3.5")));
        errors(Map.of("orders", BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)));
        errors(Map.of("spent", Double.NaN));
        assertEquals(new BigDecimal("0.5"), validate(Map.of("spent", 0.5)).attributes().get("spent"));
    }

    @Test
    void aNullAttributeNameIsRefused() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(null, "x");
        assertEquals("attributes", errors(attributes).get(0).field());
    }

    @Test
    void textLongerThan4000CharactersIsRefused() {
        assertEquals(4000, ((String) validate(Map.of("region", "x".repeat(4000))).attributes().get("region")).length());
        assertTrue(errors(Map.of("region", "x".repeat(4001))).get(0).message().contains("4000"));
    }

    @Test
    void aStoredValueOfAnAttributeThatLeftTheSchemaMayBeKeptButNotChangedOrAdded() {
        Map<String, Object> stored = Map.of("branch", "上海分行", "since", LocalDate.of(2020, 1, 2), "score", 7L);
        CustomerDraft kept = CustomerValidator.validate(new CustomerDraft("A", null, null,
                Map.of("branch", "上海分行", "since", "2020-01-02", "score", 7)), SCHEMA, stored);
        assertEquals(stored, kept.attributes());

        ValidationException e = assertThrows(ValidationException.class, () -> CustomerValidator.validate(
                new CustomerDraft("A", null, null, Map.of("branch", "杭州分行", "assetTier", "mass")), SCHEMA, stored));
        assertEquals(Set.of("attributes.branch", "attributes.assetTier"),
                Set.copyOf(e.errors().stream().map(FieldError::field).toList()));
    }
}
