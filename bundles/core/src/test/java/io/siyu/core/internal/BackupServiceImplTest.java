package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.siyu.api.ConflictException;
import io.siyu.api.ValidationException;
import io.siyu.api.backup.BackupSummary;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupServiceImplTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void backupFromDerbyRestoresIntoPostgresWithTheClockAndVersionInTheSummary() {
        try (TestStores derby = TestStores.derbyStore(); TestStores pg = TestStores.postgresStore()) {
            long id = derby.store.customers().insert(new CustomerDraft("王芳",
                    List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800000201")), null, Map.of("city", "上海")), NOW).id();
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            List<String> progress = new ArrayList<>();
            BackupSummary written = new BackupServiceImpl(derby.store, "1.2.3", CLOCK).export(archive,
                    (table, rows, done) -> progress.add(table + "=" + rows + (done ? "." : "")));
            assertEquals(NOW, written.createdAt());
            assertEquals("1.2.3", written.siyuVersion());
            assertEquals(1L, written.rows().get("customer"));
            assertEquals(true, progress.contains("customer=1."));

            BackupSummary restored = new BackupServiceImpl(pg.store, "1.2.4", CLOCK)
                    .restore(new ByteArrayInputStream(archive.toByteArray()), null);
            assertEquals(written, restored);
            assertEquals(derby.store.customers().find(id), pg.store.customers().find(id));
        }
    }

    @Test
    void restoreWithoutABodyOrIntoAUsedInstanceIsRefused() {
        try (TestStores source = TestStores.derbyStore(); TestStores target = TestStores.derbyStore()) {
            source.store.customers().insert(new CustomerDraft("A", null, null, null), NOW);
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            new BackupServiceImpl(source.store, "1", CLOCK).export(archive, null);
            BackupServiceImpl service = new BackupServiceImpl(target.store, "1", CLOCK);

            assertEquals("archive", assertThrows(ValidationException.class, () -> service.restore(null, null))
                    .errors().get(0).field());
            target.store.customers().insert(new CustomerDraft("B", null, null, null), NOW);
            assertThrows(ConflictException.class, () -> service.restore(new ByteArrayInputStream(archive.toByteArray()), null));
            assertEquals(1, target.store.customers().count());
        }
    }
}
