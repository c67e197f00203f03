package io.siyu.core.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.ForbiddenException;
import io.siyu.api.Page;
import io.siyu.api.PageRequest;
import io.siyu.api.audit.AuditActions;
import io.siyu.api.audit.AuditEntry;
import io.siyu.api.audit.AuditQuery;
import io.siyu.api.audit.AuditRecord;
import io.siyu.api.audit.AuditVerification;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.customer.ChannelIdentity;
import io.siyu.api.customer.CustomerDraft;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.org.Caller;
import io.siyu.api.org.DataScope;
import io.siyu.api.org.OrgUnit;
import io.siyu.api.org.Permission;
import io.siyu.api.org.Role;
import io.siyu.api.org.Staff;
import io.siyu.core.internal.CustomerServiceImpl;
import io.siyu.core.internal.MutableClock;
import io.siyu.core.internal.TestStores;
import io.siyu.core.internal.org.Authority;
import io.siyu.core.internal.outbox.OutboxService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit log's hash chain on Derby and PostgreSQL: concurrent appenders (threads, and two nodes
 * over one database) keep one verifiable chain; a changed, removed or cut-off entry is found at the
 * right place; customer reads and sends are recorded; reading needs audit.read within reach.
 */
class AuditLogTest {
    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    static final Role AUDITOR = new Role("auditor", "审计", Set.of(Permission.AUDIT_READ), DataScope.UNIT_SUBTREE);

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("derby", (Supplier<TestStores>) TestStores::derbyStore),
                Arguments.of("postgresql", (Supplier<TestStores>) TestStores::postgresStore));
    }

    static final io.siyu.api.channel.ChannelRegistry NO_CHANNELS = new io.siyu.api.channel.ChannelRegistry() {
        @Override
        public List<io.siyu.api.channel.ChannelDescriptor> channels() {
            return List.of();
        }

        @Override
        public java.util.Optional<io.siyu.api.channel.ChannelAdapter> adapter(String type, String account) {
            return java.util.Optional.empty();
        }
    };

    static Caller admin(Authority authority) {
        return authority.callerFor("admin", Set.of("admin"));
    }

    static AuditRecord read(long customer) {
        return new AuditRecord(AuditActions.CUSTOMER_READ, "customer", Long.toString(customer), null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void concurrentAppendsOnTwoNodesKeepOneVerifiableChain(String kind, Supplier<TestStores> stores) throws Exception {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Authority authority = Authority.of(ts.store, List::of);
            // two logs over one database stand for two nodes: only the chain head's row lock orders them
            // (on Derby, one embedded node, the same store serialises them in the JVM)
            List<AuditLogImpl> nodes = List.of(new AuditLogImpl(ts.store, authority, clock),
                    new AuditLogImpl(ts.store, authority, clock));
            int threads = 8;
            int each = 40;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                AuditLogImpl log = nodes.get(t % 2);
                String actor = "staff-" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        if (i % 10 == 9) {
                            log.append(actor, List.of(read(i), read(i + 1000)));
                        } else {
                            log.append(actor, List.of(read(i)));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            int total = threads * (each + each / 10);
            AuditVerification v = nodes.get(0).verify(admin(authority));
            assertTrue(v.intact(), v.problem());
            assertEquals(total, v.checked());
            assertEquals(total, v.lastSeq());
            Page<AuditEntry> page = nodes.get(1).query(admin(authority), AuditQuery.all(new PageRequest(0, 1000)));
            assertEquals(total, page.total());
            Set<Long> seqs = new HashSet<>();
            page.items().forEach(e -> seqs.add(e.seq()));
            assertEquals(total, seqs.size(), "no seq handed out twice");
            assertEquals(total, page.items().get(0).seq(), "newest first");
            assertEquals(v.headHash(), page.items().get(0).hash());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aChangedRemovedOrCutOffEntryIsFoundWhereItIs(String kind, Supplier<TestStores> stores) throws SQLException {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Authority authority = Authority.of(ts.store, List::of);
            AuditLogImpl log = new AuditLogImpl(ts.store, authority, clock);
            Caller admin = admin(authority);
            assertEquals(new AuditVerification(0, 0, null, null, null), log.verify(admin), "an empty log is intact");
            for (int i = 1; i <= 10; i++) {
                clock.advance(Duration.ofSeconds(1));
                log.record(admin, new AuditRecord(AuditActions.CUSTOMER_EXPORT, "segment", "7", i + " customers"));
            }
            assertTrue(log.verify(admin).intact());

            update(ts, "UPDATE audit_log SET detail = '1 customer' WHERE seq = 6");
            AuditVerification changed = log.verify(admin);
            assertEquals(6L, changed.firstBrokenSeq());
            assertEquals(5, changed.checked());
            assertTrue(changed.problem().contains("does not match its hash"), changed.problem());
            update(ts, "UPDATE audit_log SET detail = '6 customers' WHERE seq = 6");
            assertTrue(log.verify(admin).intact(), "restored to what was hashed");

            // rewriting a row's hash to fit its new content breaks the next row instead
            String forged = forge(ts, 6, "1 customer");
            update(ts, "UPDATE audit_log SET detail = '1 customer', hash = '" + forged + "' WHERE seq = 6");
            assertEquals(7L, log.verify(admin).firstBrokenSeq());
            update(ts, "UPDATE audit_log SET detail = '6 customers', hash = '" + forge(ts, 6, "6 customers") + "' WHERE seq = 6");
            assertTrue(log.verify(admin).intact());

            update(ts, "DELETE FROM audit_log WHERE seq = 4");
            AuditVerification removed = log.verify(admin);
            assertEquals(4L, removed.firstBrokenSeq());
            assertTrue(removed.problem().contains("missing"), removed.problem());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void entriesCutOffTheEndAreFoundByTheChainHead(String kind, Supplier<TestStores> stores) throws SQLException {
        try (TestStores ts = stores.get()) {
            Authority authority = Authority.of(ts.store, List::of);
            AuditLogImpl log = new AuditLogImpl(ts.store, authority, new MutableClock(NOW));
            Caller admin = admin(authority);
            log.recordAll(admin, List.of(read(1), read(2), read(3)));
            update(ts, "DELETE FROM audit_log WHERE seq = 3");
            AuditVerification v = log.verify(admin);
            assertEquals(3L, v.firstBrokenSeq());
            assertTrue(v.problem().contains("cut short"), v.problem());
        }
    }

    /** The hash a forger would compute, knowing the format (it is no secret: the chain, not secrecy, protects). */
    private static String forge(TestStores ts, long seq, String detail) throws SQLException {
        try (Connection c = ts.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, seq - 1);
            try (var rs = ps.executeQuery()) {
                rs.next();
                String previous = rs.getString(1);
                return sha256(previous + "\n" + seq + "\n" + NOW.plusSeconds(seq).toEpochMilli() + "\n"
                        + "5:admin\n" + "15:customer.export\n" + "7:segment\n" + "1:7\n" + detail.length() + ":" + detail
                        + "\n");
            }
        }
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(TestStores ts, String sql) throws SQLException {
        try (Connection c = ts.dataSource.getConnection(); var st = c.createStatement()) {
            assertEquals(1, st.executeUpdate(sql), sql);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void customerReadsByPeopleAndSendsAreRecordedAndReadWithinReach(String kind, Supplier<TestStores> stores) {
        try (TestStores ts = stores.get()) {
            MutableClock clock = new MutableClock(NOW);
            Authority authority = Authority.of(ts.store, () -> List.of(AUDITOR));
            AuditLogImpl log = new AuditLogImpl(ts.store, authority, clock);
            ts.store.org().putUnit(new OrgUnit("hq", null, "总行", "head-office"), NOW);
            ts.store.org().putUnit(new OrgUnit("sh", "hq", "上海分行", "branch"), NOW);
            ts.store.org().putUnit(new OrgUnit("bj", "hq", "北京分行", "branch"), NOW);
            ts.store.org().putStaff(new Staff("am-li", "李", "sh", Set.of(), Set.of("staff"), null, true), NOW);
            ts.store.org().putStaff(new Staff("am-wang", "王", "bj", Set.of(), Set.of("staff"), null, true), NOW);
            ts.store.org().putStaff(new Staff("sh-audit", "沪审计", "sh", Set.of(), Set.of("auditor"), null, true), NOW);
            CustomerServiceImpl customers = new CustomerServiceImpl(ts.store, TestStores.attributeSchema(ts.store), clock,
                    authority, log);
            long li = customers.create(Caller.SYSTEM, new CustomerDraft("李客户", List.of(), Set.of(),
                    Map.of("ownerStaff", "am-li"))).id();
            long wang = customers.create(Caller.SYSTEM, new CustomerDraft("王客户", List.of(), Set.of(),
                    Map.of("ownerStaff", "am-wang"))).id();

            customers.get(Caller.SYSTEM, li);
            customers.get(authority.callerFor("am-li", Set.of()), li);
            clock.advance(Duration.ofMinutes(1));
            customers.get(authority.callerFor("am-wang", Set.of()), wang);
            assertThrows(io.siyu.api.NotFoundException.class, () -> customers.get(authority.callerFor("am-li", Set.of()), wang));

            OutboxService outbox = new OutboxService(ts.store, NO_CHANNELS, clock, 60, 12, log);
            OutboundMessage m = new OutboundMessage("promo-1:" + li, "email", "main", MessageKind.DIRECT,
                    List.of(new ChannelIdentity(IdentityType.EMAIL, "", "li@example.com")), List.of(),
                    MessageContent.Text.of("双十一活动"), null, "am-li", Map.of());
            outbox.enqueue(m, null);
            outbox.enqueue(m, null);

            Caller admin = admin(authority);
            List<String> all = log.query(admin, AuditQuery.all(new PageRequest(0, 50))).items().stream()
                    .map(e -> e.actor() + " " + e.action() + " " + e.subjectType() + ":" + e.subjectId()).toList();
            assertEquals(List.of("am-li message.send outbox:promo-1:" + li, "am-wang customer.read customer:" + wang,
                    "am-li customer.read customer:" + li), all, "the system's read is not recorded; a repeated enqueue is no send");

            // filters, paging, time ranges
            assertEquals(1, log.query(admin, new AuditQuery("am-li", AuditActions.CUSTOMER_READ, null, null, null, null,
                    PageRequest.first(10))).total());
            assertEquals(2, log.query(admin, new AuditQuery(null, null, null, null, NOW.plusSeconds(30), null,
                    PageRequest.first(10))).total());
            Page<AuditEntry> second = log.query(admin, AuditQuery.all(new PageRequest(1, 1)));
            assertEquals(3, second.total());
            assertEquals(2, second.items().get(0).seq());

            // a branch auditor sees what the branch's staff did; staff without audit.read see nothing
            List<String> branch = log.query(authority.callerFor("sh-audit", Set.of()), AuditQuery.all(PageRequest.first(10)))
                    .items().stream().map(AuditEntry::actor).distinct().toList();
            assertEquals(List.of("am-li"), branch);
            assertThrows(ForbiddenException.class, () -> log.query(authority.callerFor("am-li", Set.of()),
                    AuditQuery.all(PageRequest.first(10))));
            assertThrows(ForbiddenException.class, () -> log.verify(authority.callerFor("sh-audit", Set.of())),
                    "the whole chain is head office's");
            AuditVerification v = log.verify(admin);
            assertTrue(v.intact());
            assertFalse(v.headHash() == null);
            assertNull(v.problem());
        }
    }
}
