package io.siyu.store.internal;

import java.util.List;

/**
 * The one list of what a backup holds. Tables are written and restored in this order (parents before
 * the rows that reference them); a table added by a new migration is added here, with the sequence or
 * identity column that hands out its ids. customer_change is left out: it is a transient log, and a
 * restore writes a fresh row per customer instead. The outbox (outbox_message, outbox_recipient) is
 * left out too: it is delivery work under way, not customer data, and resending an old backup's queue
 * after a restore would message customers twice. follow_event is derived from customer_event: a
 * restore rebuilds it. SOP instances are kept (they are where each customer's journey stands) with
 * their step records; a restore resumes them at the step the backup saw, so actions they ran after
 * the backup was taken can run again.
 */
final class BackupTables {
    /** A backed-up table and the key it is written in (for a stable archive). */
    record Table(String name, String orderBy) {
        String file() {
            return "tables/" + name + ".jsonl";
        }
    }

    /** A sequence and every column holding ids it handed out: a restore moves it past all of them. */
    record Sequence(String name, int increment, List<String> maxQueries) {
    }

    /** An identity column (GENERATED ALWAYS): a restore inserts its values and restarts it past them. */
    record Identity(String table, String column) {
    }

    static final List<Table> TABLES = List.of(
            new Table("customer", "id"),
            new Table("customer_identity", "id_type, namespace, id_value"),
            new Table("customer_attribute", "customer_id, name"),
            new Table("tag_group", "id"),
            new Table("tag", "id"),
            new Table("customer_tag", "customer_id, tag_id"),
            new Table("siyu_setting", "name"),
            new Table("customer_event", "seq"),
            new Table("consent_history", "seq"),
            new Table("customer_consent", "customer_id, channel_type"),
            new Table("segment", "id"),
            new Table("segment_membership", "segment_id"),
            new Table("attribute_definition", "name"),
            new Table("attribute_allowed_value", "attribute_name, value_index"),
            new Table("customer_merge", "id"),
            new Table("customer_alias", "alias_id"),
            new Table("merge_identity", "merge_id, id_type, namespace, id_value"),
            new Table("merge_tag", "merge_id, tag_id"),
            new Table("merge_attribute", "merge_id, side, name"),
            new Table("merge_moved", "merge_id, kind, row_id"),
            new Table("channel_code", "id"),
            new Table("touch_log", "seq"),
            new Table("customer_dnd", "customer_id"),
            new Table("moment_post", "seq"),
            new Table("mass_send", "id"),
            new Table("sop", "id"),
            new Table("sop_version", "sop_id, version"),
            new Table("sop_instance", "id"),
            new Table("sop_step_run", "instance_id, step_id"),
            new Table("staff_task", "id"),
            new Table("org_unit", "id"),
            new Table("staff", "id"),
            new Table("customer_share", "customer_id, staff_key"),
            new Table("handover", "id"),
            new Table("handover_item", "handover_id, item_kind, item_ref"),
            new Table("content_item", "id"),
            new Table("content_version", "content_id, version"),
            new Table("content_label", "content_id, label"),
            new Table("content_transition", "seq"),
            new Table("compliance_word", "word"),
            new Table("audit_log", "seq"),
            new Table("audit_chain_head", "id"),
            new Table("subscription_grant", "id"),
            new Table("channel_daily_stat", "channel_type, account, stat_day, metric, dim"),
            new Table("channel_stat_day", "channel_type, account, stat_day"));

    /** PostgreSQL's column of a customer's tags (V26), archived as customer_tag rows instead. */
    static final String CUSTOMER_TAGS = "tag_ids";

    /** Settings are node facts an empty instance may already hold; the archive's replace them. */
    static final String REPLACED = "siyu_setting";

    static final List<Sequence> SEQUENCES = List.of(
            // merged-away ids live on as aliases and in merge records; undo brings them back, so never reuse them
            new Sequence("customer_seq", 50, List.of("SELECT MAX(id) FROM customer",
                    "SELECT MAX(alias_id) FROM customer_alias", "SELECT MAX(merged_id) FROM customer_merge",
                    "SELECT MAX(survivor_id) FROM customer_merge")),
            new Sequence("tag_seq", 50, List.of("SELECT MAX(id) FROM tag", "SELECT MAX(tag_id) FROM merge_tag",
                    "SELECT MAX(id) FROM tag_group")),
            new Sequence("segment_seq", 1, List.of("SELECT MAX(id) FROM segment")));

    static final List<Identity> IDENTITIES = List.of(
            new Identity("customer_event", "seq"),
            new Identity("consent_history", "seq"),
            new Identity("customer_merge", "id"),
            new Identity("channel_code", "id"),
            new Identity("touch_log", "seq"),
            new Identity("moment_post", "seq"),
            new Identity("mass_send", "id"),
            new Identity("sop", "id"),
            new Identity("sop_instance", "id"),
            new Identity("staff_task", "id"),
            new Identity("handover", "id"),
            new Identity("content_item", "id"),
            new Identity("content_transition", "seq"),
            new Identity("subscription_grant", "id"));

    private BackupTables() {
    }

    static boolean hasIdentity(String table) {
        return IDENTITIES.stream().anyMatch(i -> i.table().equals(table));
    }

    static Table table(String name) {
        return TABLES.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
