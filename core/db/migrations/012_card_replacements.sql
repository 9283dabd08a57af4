-- 012: a customer's card can be replaced (lost, stolen, worn out). The customer keeps one current code
-- (customers.code, the one the search index holds); every code a card ever carried is kept here, so a found or
-- stolen card scanned later is recognised and refused by name, and no code is ever handed to anyone again.
CREATE TABLE card_replacements (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customers (id),
  old_code     TEXT    NOT NULL UNIQUE,
  new_code     TEXT    NOT NULL,
  reason       TEXT    NOT NULL CHECK (reason IN ('lost', 'stolen', 'damaged', 'other')),
  replaced_at  INTEGER NOT NULL,
  client_id    TEXT
);
CREATE INDEX card_replacements_customer ON card_replacements (customer_id, replaced_at);
CREATE TRIGGER card_replacements_no_update BEFORE UPDATE ON card_replacements BEGIN SELECT RAISE(ABORT, 'card replacements are append-only'); END;
CREATE TRIGGER card_replacements_no_delete BEFORE DELETE ON card_replacements BEGIN SELECT RAISE(ABORT, 'card replacements are append-only'); END;
