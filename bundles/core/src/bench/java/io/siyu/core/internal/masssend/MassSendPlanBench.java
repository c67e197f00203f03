package io.siyu.core.internal.masssend;

import io.siyu.api.channel.ChannelAdapter;
import io.siyu.api.channel.ChannelCapability;
import io.siyu.api.channel.ChannelDescriptor;
import io.siyu.api.channel.ChannelHealth;
import io.siyu.api.channel.ChannelLimits;
import io.siyu.api.channel.ChannelRegistry;
import io.siyu.api.channel.MessageContent;
import io.siyu.api.channel.MessageKind;
import io.siyu.api.channel.OutboundMessage;
import io.siyu.api.channel.RecipientScope;
import io.siyu.api.channel.SendResult;
import io.siyu.api.customer.IdentityType;
import io.siyu.api.masssend.Audience;
import io.siyu.api.masssend.MassSend;
import io.siyu.api.masssend.MassSendDraft;
import io.siyu.api.masssend.MassSendPlan;
import io.siyu.api.org.Caller;
import io.siyu.api.segment.Condition;
import io.siyu.api.segment.SegmentDraft;
import io.siyu.core.internal.outbox.OutboxService;
import io.siyu.core.internal.policy.TouchPolicyImpl;
import io.siyu.core.internal.segment.SegmentServiceImpl;
import io.siyu.store.internal.JpaStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.persistence.EntityManagerFactory;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Plans a WeCom mass send to a 1,000,000-customer segment: every customer has an external_userid
 * and an owner among 200 staff; 1% opted out, 0.5% complained, 5% already had today's mass message,
 * 2% live in another time zone. Data is generated server-side in a kept PostgreSQL schema.
 *
 * <pre>
 * java -Xmx3g -cp … io.siyu.core.internal.masssend.MassSendPlanBench [-Dbench.customers=1000000] [-Dbench.schema=planbench]
 * </pre>
 */
public final class MassSendPlanBench {
    public static void main(String[] args) throws Exception {
        int customers = Integer.getInteger("bench.customers", 1_000_000);
        String url = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = System.getProperty("bench.schema", "planbench");
        io.siyu.core.internal.BenchSchema kept = io.siyu.core.internal.BenchSchema.open(url, schema);
        boolean generate = kept.empty;
        PGSimpleDataSource ds = kept.dataSource;
        EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory("siyu",
                Map.of("javax.persistence.nonJtaDataSource", ds, "eclipselink.logging.level", "WARNING"));
        Clock clock = Clock.systemUTC();
        try {
            JpaStore store = new JpaStore(emf, ds);
            if (generate) {
                long g0 = System.nanoTime();
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    String n = Integer.toString(customers);
                    // every customer tagged vip (tag 1), as the row's array (V26)
                    st.execute("INSERT INTO customer (id, display_name, created_at, updated_at, version, tag_ids)"
                            + " SELECT g, 'c' || g, now(), now(), 1, '{1}' FROM generate_series(1, " + n + ") g");
                    st.execute("INSERT INTO tag_group (id, name, sort_order, created_at) VALUES (1000, 'level', 0, now())");
                    st.execute("INSERT INTO tag (id, group_id, group_name, name, kind, created_at) VALUES (1, 1000, 'level', 'vip', 'ENTERPRISE', now())");
                    st.execute("INSERT INTO customer_identity (customer_id, id_type, namespace, id_value)"
                            + " SELECT g, 'WECOM_EXTERNAL_USERID', 'wwbench', 'wm' || g FROM generate_series(1, " + n + ") g");
                    st.execute("INSERT INTO customer_attribute (customer_id, name, value_type, value_text)"
                            + " SELECT g, 'ownerStaff', 'string', 'staff' || (g % 200) FROM generate_series(1, " + n + ") g");
                    st.execute("INSERT INTO customer_attribute (customer_id, name, value_type, value_text)"
                            + " SELECT g, 'timeZone', 'string', 'Europe/Berlin' FROM generate_series(1, " + n + ") g WHERE g % 50 = 0");
                    st.execute("INSERT INTO customer_consent (customer_id, channel_type, state, changed_at, source)"
                            + " SELECT g, 'wecom', 'OPTED_OUT', now(), 'bench' FROM generate_series(1, " + n + ") g WHERE g % 100 = 7");
                    st.execute("INSERT INTO customer_dnd (customer_id, complained_at, until_at, source)"
                            + " SELECT g, now(), now() + interval '30 days', 'bench' FROM generate_series(1, " + n + ") g WHERE g % 200 = 3");
                    st.execute("INSERT INTO touch_log (customer_id, channel_type, channel_account, kind, touched_at, source)"
                            + " SELECT g, 'wecom', 'main', 'MASS', now() - interval '1 minute', 'bench' FROM generate_series(1, " + n + ") g WHERE g % 20 = 11");
                    st.execute("ANALYZE");
                }
                System.out.printf("generated %,d customers in %.1f s%n", customers, (System.nanoTime() - g0) / 1e9);
            }
            ChannelAdapter wecom = new ChannelAdapter() {
                @Override
                public ChannelDescriptor descriptor() {
                    return new ChannelDescriptor("wecom", "main", null, Set.of(ChannelCapability.MASS_MESSAGE),
                            new ChannelLimits(10_000, 1, Duration.ofDays(1), 0));
                }

                @Override
                public SendResult send(OutboundMessage message) {
                    throw new IllegalStateException("the benchmark only plans");
                }

                @Override
                public ChannelHealth health() {
                    return ChannelHealth.up(Duration.ZERO);
                }

                @Override
                public Optional<RecipientScope> recipientScope() {
                    return Optional.of(new RecipientScope(IdentityType.WECOM_EXTERNAL_USERID, "wwbench"));
                }
            };
            ChannelRegistry registry = new ChannelRegistry() {
                @Override
                public List<ChannelDescriptor> channels() {
                    return List.of(wecom.descriptor());
                }

                @Override
                public Optional<ChannelAdapter> adapter(String type, String account) {
                    return Optional.of(wecom).filter(a -> a.descriptor().key().equals(type + "/" + account));
                }
            };
            long i0 = System.nanoTime();
            SegmentServiceImpl segments = new SegmentServiceImpl(store, io.siyu.core.internal.TestStores.attributeSchema(store), clock, false);
            long segmentId = segments.list(Caller.SYSTEM).stream().filter(s -> s.name().equals("all vip")).findFirst()
                    .map(s -> s.id()).orElseGet(() -> segments.define(Caller.SYSTEM, new SegmentDraft("all vip", null,
                            Condition.tags(Condition.TagMatch.ANY, 1L))).id());
            System.out.printf("segment index ready in %.1f s: %,d members%n", (System.nanoTime() - i0) / 1e9,
                    segments.count(Caller.SYSTEM, segments.get(Caller.SYSTEM, segmentId).condition()));
            TouchPolicyImpl policy = new TouchPolicyImpl(store, registry, clock);
            policy.bindBitmaps(segments);
            MassSendServiceImpl sends = MassSendServiceImpl.withCoreRoles(store, policy, segments,
                    new OutboxService(store, registry, clock, 60, 12), clock);
            MassSend draft = sends.create(Caller.SYSTEM, new MassSendDraft("bench", Audience.segment(segmentId), "wecom",
                    "main", MessageKind.MASS, new MessageContent.Text("双十二会员日", List.of()), null));
            int runs = Integer.getInteger("bench.runs", 7);
            double[] millis = new double[runs];
            MassSendPlan plan = null;
            for (int r = 0; r < runs; r++) {
                long t = System.nanoTime();
                plan = sends.plan(Caller.SYSTEM, draft.id());
                millis[r] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf("plan of %,d recipients: median %.0f ms, best %.0f ms, worst %.0f ms (%d runs)%n",
                    plan.audience(), millis[runs / 2], millis[0], millis[runs - 1], runs);
            System.out.printf("  eligible %,d; blocked %s; %d staff%n", plan.eligible(),
                    plan.blocked().stream().map(b -> b.ruleId() + "=" + b.count()).toList(), plan.perStaff().size());
        } finally {
            emf.close();
        }
    }
}
