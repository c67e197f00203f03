-- Derby probes an IN list only on the first column of an index, so looking up a batch's
-- identities by id_value through the (type, namespace, value) key walked every identity of the
-- type. An index led by the value lets it probe each one.
CREATE INDEX ix_customer_identity_value ON customer_identity (id_value);
