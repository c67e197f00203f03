package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeDraft;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import io.siyu.api.customer.Customer;
import io.siyu.rest.internal.Dto.AttributeInput;
import io.siyu.rest.internal.Dto.AttributeJson;
import io.siyu.rest.internal.Dto.CustomerJson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeJsonTest {
    private final ObjectMapper json = new JsonConfig().getContext(Object.class);

    @Test
    void dateAttributeValuesAreWrittenAsYyyyMmDd() throws Exception {
        Customer c = new Customer(7, "王芳", List.of(), List.of(), Map.of("birthday", LocalDate.of(1990, 5, 1)),
                Instant.parse("2026-11-22T08:00:00Z"), Instant.parse("2026-11-22T08:00:00Z"), 1);
        String body = json.writeValueAsString(CustomerJson.of(c));
        assertEquals(true, body.contains("\"attributes\":{\"birthday\":\"1990-05-01\"}"), body);
    }

    @Test
    void definitionsAreWrittenWithLowerCaseTypeAndOrigin() throws Exception {
        AttributeDefinition d = new AttributeDefinition("assetTier", "资产层级", AttributeType.ENUM, List.of("private", "mass"),
                null, AttributeOrigin.edition("bank"));
        assertEquals("{\"name\":\"assetTier\",\"label\":\"资产层级\",\"type\":\"enum\",\"allowedValues\":[\"private\",\"mass\"],"
                + "\"description\":\"\",\"origin\":\"edition\",\"edition\":\"bank\",\"editable\":false}",
                json.writeValueAsString(AttributeJson.of(d)));
        assertEquals("built-in", AttributeJson.of(new AttributeDefinition("gender", null, AttributeType.TEXT, null, null,
                AttributeOrigin.BUILT_IN)).origin());
    }

    @Test
    void inputTypesAreReadInAnyCaseAndAnUnknownTypeNamesTheField() throws Exception {
        AttributeInput in = json.readValue("{\"name\":\"hobby\",\"type\":\"Text\"}", AttributeInput.class);
        assertEquals(new AttributeDraft("hobby", null, AttributeType.TEXT, List.of(), null), in.toDraft());
        ValidationException e = assertThrows(ValidationException.class,
                () -> json.readValue("{\"name\":\"hobby\",\"type\":\"colour\"}", AttributeInput.class).toDraft());
        assertEquals("type", e.errors().get(0).field());
    }
}
