-- Tag groups as rows of their own (renamed, ordered, synced with WeCom corp tag groups through
-- external_id). Group ids come from tag_seq, like tag ids: the groups that exist already take the
-- smallest id of their tags, which tag_seq has handed out and never hands out again, so migrated
-- and new groups cannot collide. tag.group_name stays as a copy of the group's name, kept in step
-- on rename, so readers of the tag table keep working.
CREATE TABLE tag_group (
  id BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  sort_order INT NOT NULL,
  external_id VARCHAR(64),
  created_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_tag_group_name UNIQUE (name),
  CONSTRAINT uq_tag_group_external UNIQUE (external_id)
);
INSERT INTO tag_group (id, name, sort_order, created_at)
  SELECT MIN(id), group_name, 0, MIN(created_at) FROM tag GROUP BY group_name;
ALTER TABLE tag ADD COLUMN group_id BIGINT;
UPDATE tag SET group_id = (SELECT g.id FROM tag_group g WHERE g.name = tag.group_name);
ALTER TABLE tag ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE tag ADD CONSTRAINT fk_tag_group FOREIGN KEY (group_id) REFERENCES tag_group(id);
-- Display order and the WeCom corp tag id.
ALTER TABLE tag ADD COLUMN sort_order INT NOT NULL DEFAULT 0;
ALTER TABLE tag ADD COLUMN external_id VARCHAR(64);
ALTER TABLE tag ADD CONSTRAINT uq_tag_external UNIQUE (external_id);
-- A personal tag's owner (staff id), '' for the others: two staff may each have "待跟进".
ALTER TABLE tag ADD COLUMN owner VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE tag DROP CONSTRAINT uq_tag_name;
ALTER TABLE tag ADD CONSTRAINT uq_tag_name UNIQUE (group_name, name, owner);
-- An auto tag's rule: did rule_event_type [with rule_property = rule_value] at least
-- rule_min_count times [in the last rule_within_days days].
ALTER TABLE tag ADD COLUMN rule_event_type VARCHAR(64);
ALTER TABLE tag ADD COLUMN rule_property VARCHAR(64);
ALTER TABLE tag ADD COLUMN rule_value VARCHAR(256);
ALTER TABLE tag ADD COLUMN rule_min_count INT;
ALTER TABLE tag ADD COLUMN rule_within_days INT;
CREATE INDEX ix_tag_group ON tag (group_id);
