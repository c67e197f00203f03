-- Tags in groups, and which customers carry them.
CREATE SEQUENCE tag_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE tag (
  id BIGINT NOT NULL PRIMARY KEY,
  group_name VARCHAR(64) NOT NULL,
  name VARCHAR(64) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_tag_name UNIQUE (group_name, name)
);
CREATE TABLE customer_tag (
  customer_id BIGINT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
  PRIMARY KEY (customer_id, tag_id)
);
CREATE INDEX ix_customer_tag_tag ON customer_tag (tag_id);
