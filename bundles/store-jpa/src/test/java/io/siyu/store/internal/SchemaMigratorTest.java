package io.siyu.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
    @Test
    void scriptsSplitAtLineEndingSemicolonsAndSkipComments() {
        String script = "-- a comment\nCREATE TABLE a (\n  x INT\n);\n\nINSERT INTO a VALUES (1);\n";
        assertEquals(List.of("CREATE TABLE a (\nx INT\n)", "INSERT INTO a VALUES (1)"), SchemaMigrator.statements(script));
    }

    @Test
    void everyMigrationHasAScriptForEveryDialect() {
        for (SchemaMigrator.Migration m : SchemaMigrator.MIGRATIONS) {
            for (SchemaMigrator.Dialect d : SchemaMigrator.Dialect.values()) {
                String resource = m.resource(d);
                assertEquals(true, getClass().getClassLoader().getResource(resource) != null, resource);
            }
        }
    }
}
