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

    /** Custom attribute definitions (schema version 7). */
    AttributeDefinitionRepository attributeDefinitions();
}
