package io.siyu.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportProblem;
import io.siyu.api.customer.ImportService;
import io.siyu.api.customer.ImportState;
import io.siyu.api.org.Caller;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.junit.jupiter.api.Test;

class ImportResourceTest {
    private static final Instant T = Instant.parse("2026-11-22T08:00:00Z");

    /** Records what the resource hands the service: the spooled file's text and the options. */
    private static final class Recording implements ImportService {
        final List<String> bodies = new ArrayList<>();
        final List<ImportOptions> options = new ArrayList<>();
        final List<Path> files = new ArrayList<>();

        private ImportJob job(Path csv, ImportOptions o, ImportState state) {
            try {
                bodies.add(Files.readString(csv));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            options.add(o);
            files.add(csv);
            return new ImportJob("j1", o, state, 2, 1, 1, 1, 0, state == ImportState.DONE ? 100 : 0,
                    List.of(new ImportProblem(3, "identity:phone", "'12' is not a phone number")), 1, "", T,
                    state == ImportState.DONE ? T : null);
        }

        @Override
        public ImportJob start(Caller caller, Path csv, ImportOptions o, boolean deleteWhenDone) {
            return job(csv, o, ImportState.RUNNING);
        }

        @Override
        public ImportJob run(Caller caller, Path csv, ImportOptions o) {
            return job(csv, o, ImportState.DONE);
        }

        @Override
        public Optional<ImportJob> job(String id) {
            return Optional.empty();
        }

        @Override
        public List<ImportJob> jobs() {
            return List.of();
        }
    }

    private static final SecurityContext ADMIN = new SecurityContext() {
        @Override
        public Principal getUserPrincipal() {
            return new CallerPrincipal(new RealmUser("admin", Set.of("admin")),
                    new io.siyu.api.org.Caller("admin", Set.of("admin"), null, io.siyu.api.org.DataScope.ALL));
        }

        @Override
        public boolean isUserInRole(String role) {
            return true;
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

    @Test
    void aSmallDryRunAnswersTheReportAtOnceAndRemovesTheSpooledBody() throws Exception {
        Recording service = new Recording();
        ServiceAccess access = new ServiceAccess();
        access.imports = service;
        String csv = "\uFEFFdisplayName,identity:phone\n王芳,13800138001\n坏,12\n";

        Response r = new ImportResource(access).importCustomers(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                true, "upsert", "abort", true, ADMIN, null);

        assertEquals(200, r.getStatus());
        assertEquals(List.of(csv), service.bodies);
        assertEquals(List.of(new ImportOptions(true, ImportMode.UPSERT, true, true)), service.options);
        assertFalse(Files.exists(service.files.get(0)), "the spooled body is deleted after a synchronous run");
        JsonNode json = new ObjectMapper().valueToTree(r.getEntity());
        assertEquals("done", json.get("state").asText());
        assertEquals(100, json.get("percent").asInt());
        assertEquals(3, json.get("problems").get(0).get("row").asLong());
        assertEquals("identity:phone", json.get("problems").get(0).get("column").asText());
        assertEquals("abort", json.get("onError").asText());
    }

    @Test
    void unknownModeAndOnErrorAreFieldErrors() {
        assertEquals("mode", assertThrows(ValidationException.class, () -> ImportResource.mode("merge")).errors().get(0).field());
        assertEquals("onError", assertThrows(ValidationException.class, () -> ImportResource.abort("ignore")).errors().get(0).field());
        assertEquals(ImportMode.CREATE, ImportResource.mode("create"));
    }
}
