package io.siyu.store.internal;

import javax.sql.DataSource;

class DerbyCustomerImportTest extends CustomerImportContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshDerby();
    }
}
