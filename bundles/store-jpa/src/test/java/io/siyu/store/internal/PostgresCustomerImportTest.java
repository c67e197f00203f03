package io.siyu.store.internal;

import javax.sql.DataSource;

class PostgresCustomerImportTest extends CustomerImportContract {
    @Override
    DataSource freshDatabase() {
        return TestDatabases.freshPostgres();
    }
}
