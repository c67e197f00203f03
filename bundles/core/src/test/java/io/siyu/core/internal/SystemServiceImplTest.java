package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.edition.EditionDescriptor;
import io.siyu.api.edition.EditionRegistry;
import io.siyu.api.system.Health;
import io.siyu.api.system.HealthStatus;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

/** The health report on a real store: UP while the database answers, DOWN with the reason when not. */
class SystemServiceImplTest {
    private static final EditionRegistry RETAIL = TestEditions.of("retail");

    private static final ChannelRegistry NO_CHANNELS = new ChannelRegistry() {
        @Override
        public List<ChannelDescriptor> channels() {
            return List.of();
        }

        @Override
        public Optional<ChannelAdapter> adapter(String type, String account) {
            return Optional.empty();
        }
    };

    @Test
    void withoutAStoreTheNodeIsDownAndSaysWhatToInstall() {
        Health h = new SystemServiceImpl("1.0.0", RETAIL, NO_CHANNELS).health();
        assertEquals(HealthStatus.DOWN, h.status());
        assertNull(h.store());
        assertEquals("retail", h.edition());
        assertTrue(h.reason().contains("siyu-persistence-derby"), h.reason());
    }

    @Test
    void upWhileTheDatabaseAnswersAndDownWithTheReasonWhenItIsGone() throws SQLException {
        try (TestStores stores = new TestStores()) {
            EmbeddedDataSource ds = (EmbeddedDataSource) stores.dataSource;
            String db = ds.getDatabaseName();
            SystemServiceImpl system = new SystemServiceImpl("1.0.0", RETAIL, NO_CHANNELS);
            system.setStore(stores.store);
            Health up = system.health();
            assertEquals(HealthStatus.UP, up.status());
            assertEquals("derby", up.store());
            assertNull(up.reason());

            shutDown(db);
            // the data source may no longer create the database either
            ds.setCreateDatabase(null);
            ds.setDatabaseName(db + "-gone");
            Health down = system.health();
            assertEquals(HealthStatus.DOWN, down.status());
            assertEquals("derby", down.store());
            assertTrue(down.reason().startsWith("derby store unreachable"), down.reason());
        }
    }

    private static void shutDown(String db) {
        try {
            DriverManager.getConnection("jdbc:derby:" + db + ";shutdown=true");
        } catch (SQLException expected) {
            // Derby reports a clean shutdown as SQLState 08006
            assertEquals("08006", expected.getSQLState());
        }
    }
}
