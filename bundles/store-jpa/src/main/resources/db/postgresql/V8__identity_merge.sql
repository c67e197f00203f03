-- Identity resolution. Every merge is recorded with what its undo needs: the merged-away profile's
-- own row, identities, tags and attributes, the survivor's attribute values it changed, and which
-- events, consent statements and aliases moved. The merged-away id stays as an alias of the live
-- profile; aliases are kept flat (each names a live profile), so resolving is one lookup.
CREATE TABLE customer_merge (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survivor_id BIGINT NOT NULL,
  merged_id BIGINT NOT NULL,
  reason VARCHAR(32) NOT NULL,
  id_type VARCHAR(32),
  namespace VARCHAR(128),
  id_value VARCHAR(256),
  merged_by VARCHAR(200) NOT NULL,
  merged_at TIMESTAMP NOT NULL,
  undone_by VARCHAR(200),
  undone_at TIMESTAMP,
  merged_name VARCHAR(200) NOT NULL,
  merged_created_at TIMESTAMP NOT NULL,
  merged_updated_at TIMESTAMP NOT NULL,
  merged_version BIGINT NOT NULL,
  survivor_name_before VARCHAR(200) NOT NULL,
  survivor_name_after VARCHAR(200) NOT NULL
);
CREATE INDEX ix_customer_merge_survivor ON customer_merge (survivor_id);
CREATE INDEX ix_customer_merge_merged ON customer_merge (merged_id);
CREATE TABLE customer_alias (
  alias_id BIGINT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  merge_id BIGINT NOT NULL REFERENCES customer_merge(id)
);
CREATE INDEX ix_customer_alias_customer ON customer_alias (customer_id);
CREATE TABLE merge_identity (
  merge_id BIGINT NOT NULL REFERENCES customer_merge(id),
  id_type VARCHAR(32) NOT NULL,
  namespace VARCHAR(128) NOT NULL,
  id_value VARCHAR(256) NOT NULL
);
CREATE INDEX ix_merge_identity_merge ON merge_identity (merge_id);
CREATE TABLE merge_tag (
  merge_id BIGINT NOT NULL REFERENCES customer_merge(id),
  tag_id BIGINT NOT NULL,
  added_to_survivor BOOLEAN NOT NULL,
  PRIMARY KEY (merge_id, tag_id)
);
-- side M: the merged profile's attribute; side S: the survivor's value before the merge (null
-- when it had none) and the value the merge gave it, so undo can tell a later change from its own.
CREATE TABLE merge_attribute (
  merge_id BIGINT NOT NULL REFERENCES customer_merge(id),
  side CHAR(1) NOT NULL,
  name VARCHAR(64) NOT NULL,
  value_type VARCHAR(16),
  value_text VARCHAR(4000),
  after_type VARCHAR(16),
  after_text VARCHAR(4000),
  PRIMARY KEY (merge_id, side, name)
);
-- kind: event (customer_event.seq), consent (consent_history.seq), alias (customer_alias.alias_id)
CREATE TABLE merge_moved (
  merge_id BIGINT NOT NULL REFERENCES customer_merge(id),
  kind VARCHAR(16) NOT NULL,
  row_id BIGINT NOT NULL,
  PRIMARY KEY (merge_id, kind, row_id)
);
