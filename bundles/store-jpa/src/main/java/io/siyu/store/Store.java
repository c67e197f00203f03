package io.siyu.store;

/** The database behind a Siyu node, migrated to the schema this build expects. */
public interface Store {
    /** {@code derby} or {@code postgresql}. */
    String kind();

    /** The schema version the database is at. */
    int schemaVersion();

    /**
     * Makes a round trip to the database.
     *
     * @throws io.siyu.api.UnavailableException with the driver's reason when it cannot
     */
    void ping();

    CustomerRepository customers();

    TagRepository tags();

    SettingRepository settings();

    EventRepository events();

    ConsentRepository consents();

    SegmentRepository segments();

    /**
     * Transactions this node has committed through the store so far; when it moves, in-memory
     * views must catch up before answering.
     */
    long commitCount();

    /** Scans and change logs for in-memory indexes. */
    IndexFeed indexFeed();

    /** Segment conditions evaluated by SQL: the index's oracle and baseline. */
    SegmentSql segmentSql();

    IdentityRepository identities();

    /** Custom attribute definitions (schema version 7). */
    AttributeDefinitionRepository attributeDefinitions();

    /** Full backup and restore of the database. */
    BackupRepository backup();

    /** Bulk customer writes for CSV import (0.3). */
    CustomerImports customerImports();

    /** The outbox of outbound messages (0.4). */
    OutboxRepository outbox();

    /** Channel codes (0.4). */
    ChannelCodeRepository channelCodes();

    /** What the touch policy counts: touches, consent, do-not-disturb, moments (0.5). */
    TouchRepository touches();

    /** Mass sends (0.5). */
    MassSendRepository massSends();

    /** SOP definitions, instances and step records (0.5). */
    SopRepository sops();

    /** Staff tasks (0.5). */
    StaffTaskRepository staffTasks();

    /** Org units, staff, customer shares and handovers (0.6). */
    OrgRepository org();

    /** The content library and the compliance word list (0.7). */
    ContentRepository content();

    /** The audit log's hash chain (0.7). */
    AuditRepository audit();

    /** Mini-program subscription grants, one per acceptance (0.8, schema 19). */
    SubscriptionGrantRepository subscriptionGrants();

    /** Per-day channel figures the providers compute, and follow events per minute (0.9, schema 20). */
    ChannelStatRepository channelStats();
}
