package io.siyu.core.internal;

import io.siyu.store.internal.JpaStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManagerFactory;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;

/** A real store on a fresh embedded Derby database, for service tests. */
final class TestStores implements AutoCloseable {
    final String databaseName = Path.of("target", "derby", "core-" + UUID.randomUUID()).toString();
    final EmbeddedDataSource dataSource = new EmbeddedDataSource();
    final EntityManagerFactory emf;
    final JpaStore store;

    TestStores() {
        dataSource.setDatabaseName(databaseName);
        dataSource.setCreateDatabase("create");
        emf = new PersistenceProvider().createEntityManagerFactory("siyu",
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
        store = new JpaStore(emf, dataSource);
    }

    @Override
    public void close() {
        emf.close();
    }
}
