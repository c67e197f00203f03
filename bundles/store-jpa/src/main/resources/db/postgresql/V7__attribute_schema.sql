-- Custom customer attributes defined at runtime (built-in and edition attributes are not stored:
-- they come with the code and the edition bundles). value_type is the AttributeType name.
CREATE TABLE attribute_definition (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  label VARCHAR(100) NOT NULL,
  value_type VARCHAR(16) NOT NULL,
  description VARCHAR(1000) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- The values of an ENUM attribute, in display order.
CREATE TABLE attribute_allowed_value (
  attribute_name VARCHAR(64) NOT NULL REFERENCES attribute_definition(name) ON DELETE CASCADE,
  value_index INT NOT NULL,
  allowed_value VARCHAR(200) NOT NULL,
  PRIMARY KEY (attribute_name, value_index)
);
-- Who holds a value of an attribute: asked before a type change or a delete.
CREATE INDEX ix_customer_attribute_name ON customer_attribute (name);
