-- Which customers changed, in commit order: every node's segment index tails this log, so a
-- write on one node reaches the indexes of all. Events need no rows here (customer_event.seq
-- is their log); rows are pruned once every index is past them.
CREATE TABLE customer_change (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  changed_at TIMESTAMP NOT NULL
);
-- Segment definitions (the condition tree as JSON) and the membership last announced with
-- entered/left events, as a serialized RoaringBitmap, so a restart announces only real changes.
CREATE SEQUENCE segment_seq AS BIGINT START WITH 1 INCREMENT BY 1;
CREATE TABLE segment (
  id BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  description VARCHAR(1000) NOT NULL,
  definition TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_segment_name UNIQUE (name)
);
CREATE TABLE segment_membership (
  segment_id BIGINT NOT NULL PRIMARY KEY REFERENCES segment(id) ON DELETE CASCADE,
  members BYTEA NOT NULL,
  version BIGINT NOT NULL,
  evaluated_at TIMESTAMP NOT NULL
);
-- Order and refund amounts as a column, so segments and RFM sum them without parsing JSON.
ALTER TABLE customer_event ADD COLUMN amount DECIMAL(19,4);
