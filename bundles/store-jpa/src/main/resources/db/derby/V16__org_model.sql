-- The org tree. parent_id is null for roots; moves are checked for cycles by the service.
CREATE TABLE org_unit (
  id VARCHAR(64) PRIMARY KEY,
  parent_id VARCHAR(64) REFERENCES org_unit(id),
  name VARCHAR(200) NOT NULL,
  kind VARCHAR(64) NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_org_unit_parent ON org_unit (parent_id);
-- Staff. The id is also the realm user name that acts as this staff member; wecom_user_id is what
-- WeCom-synced customers carry in their ownerStaff attribute. positions and role_ids are
-- comma-separated (few, short, always read whole).
CREATE TABLE staff (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  org_unit_id VARCHAR(64) NOT NULL REFERENCES org_unit(id),
  positions VARCHAR(1000) NOT NULL,
  role_ids VARCHAR(1000) NOT NULL,
  wecom_user_id VARCHAR(64),
  active BOOLEAN NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_staff_wecom UNIQUE (wecom_user_id)
);
CREATE INDEX ix_staff_unit ON staff (org_unit_id);
-- Staff who follow a customer besides its owner (WeCom's shared customers); staff_key is a staff
-- id or WeCom userid, like ownerStaff.
CREATE TABLE customer_share (
  customer_id BIGINT NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  staff_key VARCHAR(64) NOT NULL,
  shared_at TIMESTAMP NOT NULL,
  shared_by VARCHAR(128) NOT NULL,
  PRIMARY KEY (customer_id, staff_key)
);
CREATE INDEX ix_customer_share_staff ON customer_share (staff_key);
-- Handovers (客户继承) and, per customer or group chat, where each stands.
CREATE TABLE handover (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  from_staff VARCHAR(64) NOT NULL,
  to_staff VARCHAR(64) NOT NULL,
  message VARCHAR(1000),
  requested_at TIMESTAMP NOT NULL,
  requested_by VARCHAR(128) NOT NULL
);
CREATE INDEX ix_handover_from ON handover (from_staff);
CREATE INDEX ix_handover_to ON handover (to_staff);
CREATE TABLE handover_item (
  handover_id BIGINT NOT NULL REFERENCES handover(id),
  item_kind VARCHAR(8) NOT NULL,
  item_ref VARCHAR(128) NOT NULL,
  status VARCHAR(16) NOT NULL,
  reason VARCHAR(1000),
  takeover_at TIMESTAMP,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (handover_id, item_kind, item_ref)
);
-- "At most twice in 90 days" looks up a customer's recent in-service moves.
CREATE INDEX ix_handover_item_ref ON handover_item (item_kind, item_ref);
