package io.siyu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.FieldError;
import io.siyu.api.PageRequest;
import io.siyu.api.ValidationException;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.Customer;
import io.siyu.api.customer.CustomerQuery;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.customer.ImportJob;
import io.siyu.api.customer.ImportMode;
import io.siyu.api.customer.ImportOptions;
import io.siyu.api.customer.ImportProblem;
import io.siyu.api.customer.ImportState;
import io.siyu.api.customer.TagDraft;
import io.siyu.api.customer.TagKind;
import io.siyu.api.org.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV importer over a real Derby store: parsing, row validation named by row and column, dry run, chunks. */
class CustomerImportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);
    private static final String HEADER = "displayName,identity:phone,identity:email,identity:wecom:wwcorp,tags,"
            + "attr:region,attr:birthday,attr:memberPoints\r\n";

    @TempDir
    Path dir;
    TestStores stores;
    CustomerServiceImpl customers;
    TagServiceImpl tags;
    ImportServiceImpl imports;

    @BeforeEach
    void open() {
        stores = new TestStores();
        AttributeSchemaServiceImpl schema = new AttributeSchemaServiceImpl(stores.store, List::of, CLOCK);
        schema.define(new io.siyu.api.customer.AttributeDraft("memberPoints", null,
                io.siyu.api.customer.AttributeType.INTEGER, List.of(), null));
        customers = new CustomerServiceImpl(stores.store, schema, CLOCK);
        tags = new TagServiceImpl(stores.store, CLOCK);
        tags.create(new TagDraft("层级", "核心用户", TagKind.ENTERPRISE));
        imports = new ImportServiceImpl(stores.store, schema, tags, CLOCK);
    }

    @AfterEach
    void close() {
        imports.close();
        stores.close();
    }

    private Path csv(String text) throws IOException {
        Path file = Files.createTempFile(dir, "customers", ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static ImportOptions dryRun() {
        return new ImportOptions(true, ImportMode.CREATE, false, false);
    }

    private static ImportOptions real(ImportMode mode, boolean abort, boolean createTags) {
        return new ImportOptions(false, mode, abort, createTags);
    }

    private Map<String, Customer> byName() {
        return customers.search(Caller.SYSTEM, CustomerQuery.all(PageRequest.first(100))).items().stream()
                .collect(Collectors.toMap(Customer::displayName, c -> c));
    }

    private static Set<String> where(ImportJob job) {
        return job.problems().stream().map(p -> p.row() + ":" + p.column()).collect(Collectors.toSet());
    }

    @Test
    void quotedChineseFieldsWithBomAndCrlfImportWithIdentitiesTagsAndTypedAttributes() throws IOException {
        Path file = csv("\uFEFF" + HEADER
                + "\"王, 芳\",13800138001,WangFang@Example.com,wmA1,层级/核心用户,\"上海 \"\"浦东\"\"\",1990-05-01,12800\r\n"
                + "李娜,+86 138-0013-8002,,,,杭州,,\r\n");

        ImportJob job = imports.run(Caller.SYSTEM, file, real(ImportMode.CREATE, false, false));

        assertEquals(ImportState.DONE, job.state(), job.message());
        assertEquals(2, job.rowsRead());
        assertEquals(2, job.created());
        assertEquals(0, job.rowsFailed());
        assertEquals(100, job.percent());
        Customer wang = byName().get("王, 芳");
        assertEquals(Set.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800138001"),
                ChannelIdentity.of(IdentityType.EMAIL, "wangfang@example.com"),
                ChannelIdentity.scoped(IdentityType.WECOM_EXTERNAL_USERID, "wwcorp", "wmA1")), Set.copyOf(wang.identities()));
        assertEquals("层级/核心用户", wang.tags().get(0).group() + "/" + wang.tags().get(0).name());
        assertEquals(Map.of("region", "上海 \"浦东\"", "birthday", LocalDate.of(1990, 5, 1), "memberPoints", 12800L),
                wang.attributes());
        assertEquals(List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800138002")), byName().get("李娜").identities());
    }

    @Test
    void aDryRunReportsEveryBadCellWithRowAndColumnAndStoresNothing() throws IOException {
        Path file = csv(HEADER
                + "好人,13800138001,ok@example.com,,,上海,,\r\n"
                + "坏电话,12345,,,,,,\r\n"
                + "坏邮件,,not-an-email,,,,,\r\n"
                + "坏类型,,,,,,1990-13-45,lots\r\n"
                + "坏标签,13800138005,,,层级/不存在;没有斜杠,,,\r\n"
                + ",13800138006,,,,,,\r\n"
                + "多一列,13800138007,,,,,,,extra\r\n");

        ImportJob job = imports.run(Caller.SYSTEM, file, dryRun());

        assertEquals(ImportState.DONE, job.state());
        assertEquals(7, job.rowsRead());
        assertEquals(1, job.rowsWritten(), "the good row would be created");
        assertEquals(6, job.rowsFailed());
        assertEquals(Set.of("3:identity:phone", "4:identity:email", "5:attr:birthday", "5:attr:memberPoints",
                "6:tags", "7:displayName", "8:"), where(job));
        assertEquals(2, job.problems().stream().filter(p -> p.row() == 6).count(), "both bad tags of row 6");
        assertTrue(job.problems().stream().anyMatch(p -> p.message().contains("unknown tag '层级/不存在'")));
        assertEquals(0, customers.count(Caller.SYSTEM));
        assertEquals(1, tags.list().size());
    }

    @Test
    void anUnknownColumnIsRefusedBeforeAnythingRunsNamingRowAndColumn() throws IOException {
        Path file = csv("displayName,identity:phone,attr:favouriteColour,colour\n王芳,13800138001,red,red\n");

        ValidationException e = assertThrows(ValidationException.class,
                () -> imports.start(Caller.SYSTEM, file, real(ImportMode.CREATE, false, false), true));

        assertEquals(List.of("row 1, column 3 (attr:favouriteColour)", "row 1, column 4 (colour)"),
                e.errors().stream().map(FieldError::field).toList());
        assertTrue(Files.notExists(file), "the refused upload is deleted");
        assertEquals(List.of(), imports.jobs());
    }

    @Test
    void unbalancedQuotesAreRefusedNamingRowAndColumn() throws IOException {
        Path file = csv(HEADER + "王芳,13800138001,,,,上海,,\n李娜,\"13800138002,,,,,,\n");

        ValidationException e = assertThrows(ValidationException.class, () -> imports.run(Caller.SYSTEM, file, dryRun()));

        assertEquals("row 3, column 2", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("unbalanced quotes"));
        assertEquals(0, customers.count(Caller.SYSTEM));
    }

    @Test
    void aRealImportStoresTheGoodRowsAndReportsTheBadOnesAndConflicts() throws IOException {
        customers.create(Caller.SYSTEM, new io.siyu.api.customer.CustomerDraft("老客户",
                List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800138003")), null, null));
        Path file = csv(HEADER
                + "甲,13800138001,,,,,,\n"
                + "乙,bad-phone,b@example.com,,,,,\n"
                + "丙,13800138003,c@example.com,,,,,\n"
                + "丁,13800138004,,,,,,\n");

        ImportJob job = imports.run(Caller.SYSTEM, file, real(ImportMode.CREATE, false, false));

        assertEquals(ImportState.DONE, job.state());
        assertEquals(2, job.created());
        assertEquals(2, job.rowsFailed());
        assertEquals(Set.of("3:identity:phone", "4:"), where(job));
        assertEquals(Set.of("老客户", "甲", "丁"), byName().keySet());
        assertTrue(stores.store.customers().findIdByIdentity(ChannelIdentity.of(IdentityType.EMAIL, "c@example.com")).isEmpty(),
                "the conflicting row left nothing behind");
    }

    @Test
    void onErrorAbortRefusesTheWholeFileWhenOneRowIsBad() throws IOException {
        Path file = csv(HEADER + "甲,13800138001,,,,,,\n乙,12,,,,,,\n");

        ImportJob job = imports.run(Caller.SYSTEM, file, real(ImportMode.CREATE, true, false));

        assertEquals(ImportState.FAILED, job.state());
        assertTrue(job.message().contains("nothing was stored"), job.message());
        assertEquals(Set.of("3:identity:phone"), where(job));
        assertEquals(0, customers.count(Caller.SYSTEM));
    }

    @Test
    void upsertUpdatesTheKnownCustomerAndCreateTagsMakesTheNewTag() throws IOException {
        customers.create(Caller.SYSTEM, new io.siyu.api.customer.CustomerDraft("李娜",
                List.of(ChannelIdentity.of(IdentityType.PHONE, "+8613800138002")), null, Map.of("region", "杭州")));
        Path file = csv(HEADER + "李娜娜,13800138002,ln@example.com,,兴趣/母婴,,,6400\n");

        ImportJob job = imports.run(Caller.SYSTEM, file, real(ImportMode.UPSERT, false, true));

        assertEquals(1, job.updated(), job.problems().toString());
        Customer li = byName().get("李娜娜");
        assertEquals(Map.of("region", "杭州", "memberPoints", 6400L), li.attributes());
        assertEquals(2, li.identities().size());
        assertEquals("母婴", li.tags().get(0).name());
        assertEquals(1, customers.count(Caller.SYSTEM));
    }

    @Test
    void backgroundJobsAreQueryableByIdAndReachOneHundredPercent() throws Exception {
        StringBuilder text = new StringBuilder(HEADER);
        for (int i = 0; i < 2500; i++) {
            text.append("客户").append(i).append(',').append(13900000000L + i).append(",,,,,,\n");
        }
        Path file = csv(text.toString());

        ImportJob started = imports.start(Caller.SYSTEM, file, real(ImportMode.CREATE, false, false), true);
        ImportJob job = started;
        for (int i = 0; i < 600 && !job.finished(); i++) {
            Thread.sleep(100);
            job = imports.job(started.id()).orElseThrow();
        }

        assertEquals(ImportState.DONE, job.state(), job.message());
        assertEquals(2500, job.created());
        assertEquals(100, job.percent());
        assertEquals(2500, customers.count(Caller.SYSTEM));
        // the job reports DONE from its run; the upload is deleted right after, on the same thread
        for (int i = 0; i < 50 && Files.exists(file); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.notExists(file), "the spooled upload is deleted when the job ends");
        assertEquals(List.of(job.id()), imports.jobs().stream().map(ImportJob::id).toList());
    }

    @Test
    void anotherNodeReadsTheFinishedJobsReportFromTheDatabase() throws IOException {
        Path file = csv(HEADER + "甲,13800138001,,,,,,\n乙,12,,,,,,\n");
        ImportJob job = imports.run(Caller.SYSTEM, file, real(ImportMode.CREATE, false, false));

        ImportServiceImpl otherNode = new ImportServiceImpl(stores.store, TestStores.attributeSchema(stores.store), tags, CLOCK);
        try {
            ImportJob seen = otherNode.job(job.id()).orElseThrow();
            assertEquals(job, seen);
            assertEquals(List.of(), otherNode.jobs(), "its list holds only its own jobs");
            assertTrue(otherNode.job("00000000-0000-0000-0000-000000000000").isEmpty());
        } finally {
            otherNode.close();
        }
    }

    @Test
    void problemsNameTheSpreadsheetRowOfRecordsAfterMultiLineFields() throws IOException {
        Path file = csv(HEADER + "\"两行\n名字\",13800138001,,,,,,\n坏,1,,,,,,\n");

        ImportJob job = imports.run(Caller.SYSTEM, file, dryRun());

        assertEquals(List.of(new ImportProblem(4, "identity:phone",
                job.problems().get(0).message())), job.problems());
    }
}
