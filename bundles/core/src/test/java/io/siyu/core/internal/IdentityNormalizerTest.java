package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.IdentityType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityNormalizerTest {
    private static ChannelIdentity normalize(IdentityType type, String namespace, String value, List<FieldError> errors) {
        return IdentityNormalizer.normalize(new ChannelIdentity(type, namespace, value), "identities[0]", errors);
    }

    @Test
    void phonesBecomeE164WhateverTheSeparators() {
        assertEquals("+8613800138000", IdentityNormalizer.normalizePhone("138 0013 8000"));
        assertEquals("+8613800138000", IdentityNormalizer.normalizePhone("+86 138-0013-8000"));
        assertEquals("+8613800138000", IdentityNormalizer.normalizePhone("0086 13800138000"));
        assertEquals("+14155552671", IdentityNormalizer.normalizePhone("+1 (415) 555-2671"));
        assertNull(IdentityNormalizer.normalizePhone("12345"));
        assertNull(IdentityNormalizer.normalizePhone("phone"));
    }

    @Test
    void emailIsLowerCasedAndChecked() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals("wang@example.com", normalize(IdentityType.EMAIL, "", " Wang@Example.COM ", errors).value());
        assertNull(normalize(IdentityType.EMAIL, "", "not-an-address", errors));
        assertEquals(List.of("identities[0].value"), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void scopedIdentitiesNeedTheirNamespaceAndOthersMustNotHaveOne() {
        List<FieldError> errors = new ArrayList<>();
        assertNull(normalize(IdentityType.WECOM_EXTERNAL_USERID, "", "wmX", errors));
        assertNull(normalize(IdentityType.PHONE, "corp", "+8613800138000", errors));
        assertEquals(2, errors.size());
        assertTrue(errors.stream().allMatch(e -> e.field().equals("identities[0].namespace")));
        assertEquals(new ChannelIdentity(IdentityType.WECOM_EXTERNAL_USERID, "ww1", "wmX"),
                normalize(IdentityType.WECOM_EXTERNAL_USERID, " ww1 ", " wmX ", errors));
    }
}
