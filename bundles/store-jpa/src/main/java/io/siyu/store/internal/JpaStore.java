package io.siyu.store.internal;

import io.siyu.api.UnavailableException;
import io.siyu.store.AttributeDefinitionRepository;
import io.siyu.store.BackupRepository;
import io.siyu.store.ChannelCodeRepository;
import io.siyu.store.MassSendRepository;
import io.siyu.store.TouchRepository;
import io.siyu.store.ConsentRepository;
import io.siyu.store.OutboxRepository;
import io.siyu.store.CustomerImports;
import io.siyu.store.CustomerRepository;
import io.siyu.store.EventRepository;
import io.siyu.store.IndexFeed;
import io.siyu.store.SegmentRepository;
import io.siyu.store.SegmentSql;
import io.siyu.store.IdentityRepository;
import io.siyu.store.SettingRepository;
import io.siyu.store.SopRepository;
import io.siyu.store.StaffTaskRepository;
import io.siyu.store.Store;
import io.siyu.store.TagRepository;
import java.sql.Connection;
import java.sql.SQLException;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The store of a node: migrates the schema when the DataSource and the persistence unit are both
 * there, then serves the repositories. Registered only once the schema is current, so nothing
 * can use an old schema.
 */
@Component(service = Store.class, immediate = true)
public final class JpaStore implements Store {
    private final DataSource dataSource;
    private final String kind;
    private final int schemaVersion;
    private final CustomerRepository customers;
    private final TagRepository tags;
    private final SettingRepository settings;
    private final EventRepository events;
    private final ConsentRepository consents;
    private final io.siyu.store.SubscriptionGrantRepository grants;
    private final io.siyu.store.ChannelStatRepository channelStats;
    private final OutboxRepository outbox;
    private final ChannelCodeRepository channelCodes;
    private final TouchRepository touches;
    private final MassSendRepository massSends;
    private final SegmentRepository segments;
    private final IndexFeed indexFeed;
    private final SegmentSql segmentSql;
    private final IdentityRepository identities;
    private final AttributeDefinitionRepository attributeDefinitions;
    private final BackupRepository backup;
    private final CustomerImports customerImports;
    private final SopRepository sops;
    private final StaffTaskRepository staffTasks;
    private final io.siyu.store.OrgRepository org;
    private final io.siyu.store.ContentRepository content;
    private final io.siyu.store.AuditRepository audit;

    @Activate
    public JpaStore(
            @Reference(target = "(osgi.unit.name=siyu)") EntityManagerFactory emf,
            @Reference(target = "(|(osgi.jndi.service.name=siyu)(dataSourceName=siyu))") DataSource dataSource) {
        this.dataSource = dataSource;
        SchemaMigrator migrator = new SchemaMigrator(dataSource);
        this.schemaVersion = migrator.migrate();
        this.kind = migrator.dialect().code();
        Transactions tx = new Transactions(emf);
        this.customers = new JpaCustomerRepository(tx, migrator.dialect());
        this.tags = new JpaTagRepository(tx, dataSource);
        this.settings = new JpaSettingRepository(tx);
        JdbcEventRepository jdbcEvents = new JdbcEventRepository(dataSource, migrator.dialect());
        this.events = jdbcEvents;
        this.consents = new JdbcConsentRepository(dataSource);
        this.grants = new JdbcSubscriptionGrantRepository(dataSource);
        this.channelStats = new JdbcChannelStatRepository(dataSource);
        this.outbox = new JdbcOutboxRepository(dataSource, migrator.dialect());
        this.channelCodes = new JdbcChannelCodeRepository(dataSource);
        this.touches = new JdbcTouchRepository(dataSource, migrator.dialect());
        this.massSends = new JdbcMassSendRepository(dataSource);
        this.segments = new JdbcSegmentRepository(dataSource, migrator.dialect(), jdbcEvents);
        this.indexFeed = new JdbcIndexFeed(dataSource, migrator.dialect());
        this.segmentSql = new SqlSegmentQuery(dataSource, migrator.dialect());
        this.identities = new JdbcIdentityRepository(dataSource, migrator.dialect(), customers);
        this.attributeDefinitions = new JdbcAttributeDefinitionRepository(dataSource);
        this.backup = new JdbcBackupRepository(dataSource, migrator.dialect(), schemaVersion, emf);
        this.customerImports = new JdbcCustomerImports(dataSource, migrator.dialect());
        this.sops = new JdbcSopRepository(dataSource, migrator.dialect());
        this.staffTasks = new JdbcStaffTaskRepository(dataSource);
        this.org = new JdbcOrgRepository(dataSource);
        this.content = new JdbcContentRepository(dataSource);
        this.audit = new JdbcAuditRepository(dataSource, migrator.dialect());
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public void ping() {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(5)) {
                throw new UnavailableException(kind + " store does not answer");
            }
        } catch (SQLException e) {
            throw new UnavailableException(kind + " store unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public CustomerRepository customers() {
        return customers;
    }

    @Override
    public TagRepository tags() {
        return tags;
    }

    @Override
    public SettingRepository settings() {
        return settings;
    }

    @Override
    public EventRepository events() {
        return events;
    }

    @Override
    public ConsentRepository consents() {
        return consents;
    }

    @Override
    public io.siyu.store.SubscriptionGrantRepository subscriptionGrants() {
        return grants;
    }

    @Override
    public io.siyu.store.ChannelStatRepository channelStats() {
        return channelStats;
    }

    @Override
    public long commitCount() {
        return Commits.count();
    }

    @Override
    public SegmentRepository segments() {
        return segments;
    }

    @Override
    public IndexFeed indexFeed() {
        return indexFeed;
    }

    @Override
    public SegmentSql segmentSql() {
        return segmentSql;
    }

    @Override
    public IdentityRepository identities() {
        return identities;
    }

    @Override
    public AttributeDefinitionRepository attributeDefinitions() {
        return attributeDefinitions;
    }

    @Override
    public BackupRepository backup() {
        return backup;
    }

    @Override
    public CustomerImports customerImports() {
        return customerImports;
    }

    @Override
    public OutboxRepository outbox() {
        return outbox;
    }

    @Override
    public ChannelCodeRepository channelCodes() {
        return channelCodes;
    }

    @Override
    public TouchRepository touches() {
        return touches;
    }

    @Override
    public MassSendRepository massSends() {
        return massSends;
    }

    @Override
    public SopRepository sops() {
        return sops;
    }

    @Override
    public StaffTaskRepository staffTasks() {
        return staffTasks;
    }

    @Override
    public io.siyu.store.OrgRepository org() {
        return org;
    }

    @Override
    public io.siyu.store.ContentRepository content() {
        return content;
    }

    @Override
    public io.siyu.store.AuditRepository audit() {
        return audit;
    }
}
