package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.UnavailableException;
import io.siyu.api.backup.BackupSummary;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.Test;

class BackupResourceTest {
    static SecurityContext as(String name, String... roles) {
        RealmUser realm = new RealmUser(name, Set.of(roles));
        CallerPrincipal user = new CallerPrincipal(realm, new io.siyu.api.org.Caller(name, Set.of(roles), null,
                io.siyu.api.org.DataScope.ALL));
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return realm.roles().contains(role);
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return BASIC_AUTH;
            }
        };
    }

    @Test
    void onlyAdministratorsMayBackUpOrRestore() {
        BackupResource resource = new BackupResource(new ServiceAccess());
        Response operator = resource.backup(as("olga", "siyu-operator"));
        assertEquals(403, operator.getStatus());
        assertTrue(operator.getEntity().toString().contains("siyu-admin"), operator.getEntity().toString());
        assertEquals(403, resource.restore(null, as("vera", "siyu-viewer")).getStatus());
        assertNull(BackupResource.refuseNonAdmin(as("ann", "siyu-admin")));
        assertNull(BackupResource.refuseNonAdmin(as("root", "admin")));
    }

    @Test
    void withoutABackupServiceAnAdministratorGetsUnavailableBeforeAnyByteIsSent() {
        BackupResource resource = new BackupResource(new ServiceAccess());
        assertThrows(UnavailableException.class, () -> resource.backup(as("root", "admin")));
    }

    @Test
    void restoreResultNamesVersionsAndRowsPerTable() {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("customer", 2L);
        rows.put("tag", 1L);
        JsonNode json = new ObjectMapper().valueToTree(BackupResource.BackupJson.of(
                new BackupSummary(1, 8, "0.1.0", Instant.parse("2026-11-22T10:00:00Z"), rows)));
        assertEquals(8, json.get("schemaVersion").asInt());
        assertEquals("2026-11-22T10:00:00Z", json.get("createdAt").asText());
        assertEquals(2, json.get("rows").get("customer").asLong());
    }
}
