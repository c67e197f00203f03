package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.api.PageRequest;
import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.org.Caller;
import io.siyu.core.internal.edition.EditionAttributesFile;
import io.siyu.core.internal.edition.EditionAttributesFileTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every demo row of every shipped edition loads against the schema with that edition active. */
class DemoDataLoaderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);

    /** Loads the edition's demo CSV with its attributes in the schema; returns the customers by display name. */
    private static Map<String, Customer> load(String edition) throws IOException {
        Path csv = EditionAttributesFileTest.editionFile(edition, DemoDataLoader.RESOURCE);
        List<AttributeDefinition> declared;
        try (InputStream in = Files.newInputStream(EditionAttributesFileTest.editionFile(edition, EditionAttributesFile.RESOURCE))) {
            declared = EditionAttributesFile.read(in, edition, problem -> {
                throw new AssertionError(problem);
            });
        }
        List<List<String>> records;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            records = Csv.read(r);
        }
        try (TestStores stores = new TestStores()) {
            AttributeSchemaServiceImpl schema = new AttributeSchemaServiceImpl(stores.store, () -> declared, CLOCK);
            CustomerServiceImpl customers = new CustomerServiceImpl(stores.store, schema, CLOCK);
            DemoDataLoader loader = new DemoDataLoader(stores.store, customers, new TagServiceImpl(stores.store, CLOCK), schema);
            assertEquals(records.size() - 1, loader.load(records), edition + ": every row is a new customer");
            Map<String, Customer> byName = new java.util.HashMap<>();
            customers.search(Caller.SYSTEM, CustomerQuery.all(PageRequest.first(100))).items()
                    .forEach(c -> byName.put(c.displayName(), c));
            assertEquals(records.size() - 1, byName.size());
            return byName;
        }
    }

    @Test
    void retailDemoLoadsWithBuiltInRegionGenderSourceAndBirthday() throws IOException {
        Customer wang = load("retail").get("王芳");
        assertEquals(Map.of("region", "上海", "gender", "female", "sourceChannel", "package-card",
                "birthday", LocalDate.of(1990, 5, 1), "memberPoints", 12800L, "ownerStaff", "zhangsan"), wang.attributes());
    }

    @Test
    void bankDemoLoadsWithBranchOwnerStaffAndAssetTier() throws IOException {
        Customer sun = load("bank").get("孙建国");
        assertEquals(Map.of("branch", "上海分行", "ownerStaff", "manager-zhou", "assetTier", "private"), sun.attributes());
    }

    @Test
    void educationDemoLoadsWithChildGradeAndStage() throws IOException {
        Customer lin = load("education").get("林妈妈");
        assertEquals(Map.of("child", "林小宝", "grade", "二年级", "stage", "trial-booked", "ownerStaff", "advisor-chen"),
                lin.attributes());
    }

    @Test
    void csvCellsAreParsedForTypedAttributes() {
        var integer = new AttributeDefinition("n", null, io.siyu.api.customer.AttributeType.INTEGER, null, null,
                io.siyu.api.customer.AttributeOrigin.CUSTOM);
        var decimal = new AttributeDefinition("d", null, io.siyu.api.customer.AttributeType.DECIMAL, null, null,
                io.siyu.api.customer.AttributeOrigin.CUSTOM);
        var bool = new AttributeDefinition("b", null, io.siyu.api.customer.AttributeType.BOOLEAN, null, null,
                io.siyu.api.customer.AttributeOrigin.CUSTOM);
        assertEquals(12L, DemoDataLoader.cell(integer, "12"));
        assertEquals("twelve", DemoDataLoader.cell(integer, "twelve"));
        assertEquals(new BigDecimal("1.50"), DemoDataLoader.cell(decimal, "1.50"));
        assertEquals(Boolean.TRUE, DemoDataLoader.cell(bool, "TRUE"));
        assertEquals("1990-05-01", DemoDataLoader.cell(null, "1990-05-01"));
    }
}
