package io.siyu.store.internal;

import javax.sql.DataSource;

class DerbyTagStoreTest extends TagStoreContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshDerby();
    }
}
