-- EclipseLink hands out ids in blocks of 50 and expects the first value to be the block size.
-- Customers with their channel identities and typed attributes.
CREATE SEQUENCE customer_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE customer (
  id BIGINT NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version BIGINT NOT NULL
);
CREATE TABLE customer_identity (
  customer_id BIGINT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  id_type VARCHAR(32) NOT NULL,
  namespace VARCHAR(128) NOT NULL,
  id_value VARCHAR(256) NOT NULL,
  CONSTRAINT uq_customer_identity UNIQUE (id_type, namespace, id_value)
);
CREATE INDEX ix_customer_identity_customer ON customer_identity (customer_id);
CREATE TABLE customer_attribute (
  customer_id BIGINT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  name VARCHAR(64) NOT NULL,
  value_type VARCHAR(16) NOT NULL,
  value_text VARCHAR(4000) NOT NULL,
  PRIMARY KEY (customer_id, name)
);
