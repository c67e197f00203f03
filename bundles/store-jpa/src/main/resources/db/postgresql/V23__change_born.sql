-- A change row marked born records a customer created in that transaction, with no event before it
-- (events and imports creating customers): the segment index then takes the new customer's events
-- from the event log as it reads it, instead of reading them back customer by customer.
ALTER TABLE customer_change ADD COLUMN born BOOLEAN NOT NULL DEFAULT FALSE;
