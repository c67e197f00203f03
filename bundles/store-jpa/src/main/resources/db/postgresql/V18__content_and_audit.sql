-- The content library (schema 18): items owned by an org unit, numbered versions with their review
-- state, the labels of each item's latest version (for list filters), and every state change.
-- latest_state mirrors the latest version's state so lists filter without a join.
CREATE TABLE content_item (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  owner_unit VARCHAR(64) NOT NULL,
  created_by VARCHAR(128) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  latest_version INT NOT NULL,
  latest_state VARCHAR(16) NOT NULL,
  approved_version INT,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_content_item_unit ON content_item (owner_unit);
CREATE TABLE content_version (
  content_id BIGINT NOT NULL REFERENCES content_item(id),
  version INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  labels VARCHAR(4000) NOT NULL,
  body TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  author VARCHAR(128) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  submitted_by VARCHAR(128),
  reviewer VARCHAR(128),
  reviewed_at TIMESTAMP,
  reason VARCHAR(2000),
  PRIMARY KEY (content_id, version)
);
CREATE TABLE content_label (
  content_id BIGINT NOT NULL REFERENCES content_item(id),
  label VARCHAR(64) NOT NULL,
  PRIMARY KEY (content_id, label)
);
CREATE INDEX ix_content_label ON content_label (label);
CREATE TABLE content_transition (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  content_id BIGINT NOT NULL REFERENCES content_item(id),
  version INT NOT NULL,
  from_state VARCHAR(16),
  to_state VARCHAR(16) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  reason VARCHAR(2000)
);
CREATE INDEX ix_content_transition ON content_transition (content_id, seq);
-- Words outbound content must not contain; a table, since a bank's list outgrows a setting.
CREATE TABLE compliance_word (
  word VARCHAR(100) NOT NULL PRIMARY KEY,
  added_at TIMESTAMP NOT NULL,
  added_by VARCHAR(128) NOT NULL
);
-- The audit log: append-only, each row's hash is SHA-256 over the previous row's hash and its own
-- fields. seq is handed out by the appender under the chain head's row lock, so it has no gaps.
CREATE TABLE audit_log (
  seq BIGINT NOT NULL PRIMARY KEY,
  recorded_at TIMESTAMP NOT NULL,
  actor VARCHAR(128) NOT NULL,
  action VARCHAR(64) NOT NULL,
  subject_type VARCHAR(64) NOT NULL,
  subject_id VARCHAR(256) NOT NULL,
  detail VARCHAR(2000),
  hash VARCHAR(64) NOT NULL
);
CREATE INDEX ix_audit_actor ON audit_log (actor, seq);
CREATE INDEX ix_audit_subject ON audit_log (subject_type, subject_id, seq);
CREATE INDEX ix_audit_action ON audit_log (action, seq);
CREATE INDEX ix_audit_at ON audit_log (recorded_at);
-- The chain head: one row (id 1), made by the first append, locked by every append so concurrent
-- appenders on any node extend one chain; it also lets verify notice entries cut off the end.
CREATE TABLE audit_chain_head (
  id INT NOT NULL PRIMARY KEY,
  last_seq BIGINT NOT NULL,
  last_hash VARCHAR(64) NOT NULL
);
