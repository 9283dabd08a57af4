-- 017: the owner can take back an extension of credits' end (a wrong day picked, a closure typed for the wrong
-- year). Taking it back is a new row of lot_extensions, append-only like the rest: the lot's end goes back to the one
-- before the extension (never before the end of today), and `undoes` names the row taken back. So the CHECK that an
-- end only moves later becomes "the end moves", and the table is rebuilt for it (SQLite cannot alter a CHECK).
CREATE TABLE lot_extensions_017 (
  id                  INTEGER PRIMARY KEY,
  lot_id              INTEGER NOT NULL REFERENCES lots (id),
  pass_id             INTEGER NOT NULL REFERENCES passes (id),
  credits_units       INTEGER NOT NULL CHECK (credits_units > 0), -- what the lot held then
  previous_expires_at INTEGER NOT NULL,
  expires_at          INTEGER NOT NULL CHECK (expires_at <> previous_expires_at),
  reason              TEXT    NOT NULL,
  occurred_at         INTEGER NOT NULL,
  client_id           TEXT,
  -- a row taking back an extension: the extension's row (its end moves back, expires_at < previous_expires_at)
  undoes              INTEGER REFERENCES lot_extensions_017 (id),
  CHECK ((undoes IS NULL) = (expires_at > previous_expires_at))
);
INSERT INTO lot_extensions_017 (id, lot_id, pass_id, credits_units, previous_expires_at, expires_at, reason, occurred_at, client_id)
  SELECT id, lot_id, pass_id, credits_units, previous_expires_at, expires_at, reason, occurred_at, client_id FROM lot_extensions ORDER BY id;
DROP TABLE lot_extensions;
ALTER TABLE lot_extensions_017 RENAME TO lot_extensions;
CREATE INDEX lot_extensions_pass ON lot_extensions (pass_id, occurred_at);
CREATE INDEX lot_extensions_lot ON lot_extensions (lot_id, id);
CREATE UNIQUE INDEX lot_extensions_undoes ON lot_extensions (undoes) WHERE undoes IS NOT NULL;
CREATE TRIGGER lot_extensions_no_update BEFORE UPDATE ON lot_extensions BEGIN SELECT RAISE(ABORT, 'lot extensions are append-only'); END;
CREATE TRIGGER lot_extensions_no_delete BEFORE DELETE ON lot_extensions BEGIN SELECT RAISE(ABORT, 'lot extensions are append-only'); END;
