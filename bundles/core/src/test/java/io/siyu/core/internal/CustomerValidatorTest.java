package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerValidatorTest {
    @Test
    void everyBadFieldIsReportedAtOnce() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("9starts-with-digit", "x");
        attributes.put("list", List.of(1));
        attributes.put("nan", Double.NaN);
        ValidationException e = assertThrows(ValidationException.class, () -> CustomerValidator.validate(
                new CustomerDraft("  ", List.of(ChannelIdentity.of(IdentityType.PHONE, "12")), Set.of(), attributes)));
        assertEquals(List.of("displayName", "identities[0].value", "attributes.9starts-with-digit", "attributes.list",
                "attributes.nan"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void validDraftComesBackCanonical() {
        CustomerDraft draft = CustomerValidator.validate(new CustomerDraft(" 王芳 ",
                List.of(ChannelIdentity.of(IdentityType.PHONE, "138 0013 8000"),
                        ChannelIdentity.of(IdentityType.PHONE, "+8613800138000")),
                Set.of(1L), Map.of("orders", 3, "ratio", 0.5, "vip", true)));
        assertEquals("王芳", draft.displayName());
        assertEquals(List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800138000")), draft.identities());
        assertEquals(Map.of("orders", 3L, "ratio", new BigDecimal("0.5"), "vip", true), draft.attributes());
    }
}
