package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.FieldError;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.IdentityConflictException;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.MergeStrategies;
import io.siyu.api.customer.MergeStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class MergeResourcesTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void strategiesReadTheWireNamesAndNameEveryBadOne() {
        MergeStrategies s = new MergeResources.StrategiesJson("oldest", Map.of("city", "most-recent")).toApi();
        assertEquals(new MergeStrategies(MergeStrategy.OLDEST, Map.of("city", MergeStrategy.MOST_RECENT)), s);
        assertEquals(new MergeResources.StrategiesJson("oldest", Map.of("city", "most-recent")), MergeResources.StrategiesJson.of(s));
        ValidationException e = assertThrows(ValidationException.class,
                () -> new MergeResources.StrategiesJson("newest", Map.of("city", "loudest")).toApi());
        assertEquals(List.of("default", "attributes.city"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void strategiesJsonUsesDefaultAsTheFieldName() throws Exception {
        JsonNode node = json.valueToTree(MergeResources.StrategiesJson.of(MergeStrategies.DEFAULT));
        assertEquals("most-recent", node.get("default").asText());
        assertEquals(MergeResources.StrategiesJson.of(MergeStrategies.DEFAULT),
                json.readValue("{\"default\":\"most-recent\",\"attributes\":{}}", MergeResources.StrategiesJson.class));
    }

    @Test
    void aProfileReadThroughAnAliasIsTheLiveBodyPlusWhatWasAsked() {
        Instant t = Instant.parse("2026-11-22T00:00:00Z");
        Customer live = new Customer(7, "王芳", List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800138000")), List.of(),
                Map.of(), t, t, 3);
        Dto.Customer360Json view = Dto.Customer360Json.of(live, List.of(), null, "ORDINARY");
        JsonNode node = json.valueToTree(new CustomerResource.AliasedCustomer360Json(view, 5, 7));
        assertEquals(7, node.get("id").asLong());
        assertEquals("王芳", node.get("displayName").asText());
        assertEquals(5, node.get("requestedId").asLong());
        assertEquals(7, node.get("mergedInto").asLong());
    }

    @Test
    void anIdentityTakenOnCreateIsAConflictThatPointsAtTheLinkEndpoint() {
        Response r = new ProblemMappers.IdentityTaken().toResponse(
                new IdentityConflictException(ChannelIdentity.of(IdentityType.PHONE, "+8613800138000"), 42));
        assertEquals(409, r.getStatus());
        Problem p = (Problem) r.getEntity();
        assertEquals(Problem.TYPE_BASE + "identity-taken", p.type());
        assertTrue(p.detail().contains("POST /siyu/api/v1/customers/{id}/identities"), p.detail());
        assertTrue(p.detail().contains("customer 42"), p.detail());
    }

    @Test
    void anIdentityBodyNamesTheMissingField() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> MergeResources.identity(new Dto.IdentityJson(null, null, "x")));
        assertEquals("type", e.errors().get(0).field());
    }
}
