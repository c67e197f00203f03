-- Node-wide facts that survive restarts (e.g. demo data loaded).
CREATE TABLE siyu_setting (
  name VARCHAR(128) NOT NULL PRIMARY KEY,
  setting_value VARCHAR(4000) NOT NULL
);
