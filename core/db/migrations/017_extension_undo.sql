-- 017: the owner can take back an extension of credits' end (a wrong day picked, a closure typed for the wrong
-- year): a pass's last one, or the shop's last closure for every pass at once. Taking it back is a new row of
-- lot_extensions, append-only like the rest: the lot's end goes back to the one before the extension (never before the
-- end of today), and `undoes` names the row taken back; `closure` tells a closure's rows from a pass's own. The CHECK
-- that an end only moves later becomes "the end moves", so the table is rebuilt (SQLite cannot alter a CHECK).
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
  -- 1: written by a closure for every pass (passes.extendAll) or by taking one back (passes.undoClosure)
  closure             INTEGER NOT NULL DEFAULT 0 CHECK (closure IN (0, 1)),
  CHECK ((undoes IS NULL) = (expires_at > previous_expires_at))
);
-- a closure's rows: those its request wrote (the request's method is in operations, under the same client id)
INSERT INTO lot_extensions_017 (id, lot_id, pass_id, credits_units, previous_expires_at, expires_at, reason, occurred_at, client_id, closure)
  SELECT x.id, x.lot_id, x.pass_id, x.credits_units, x.previous_expires_at, x.expires_at, x.reason, x.occurred_at, x.client_id,
         EXISTS (SELECT 1 FROM operations o WHERE o.client_id = x.client_id AND o.method = 'passes.extendAll')
  FROM lot_extensions x ORDER BY x.id;
DROP TABLE lot_extensions;
ALTER TABLE lot_extensions_017 RENAME TO lot_extensions;
CREATE INDEX lot_extensions_pass ON lot_extensions (pass_id, occurred_at);
CREATE INDEX lot_extensions_lot ON lot_extensions (lot_id, id);
CREATE UNIQUE INDEX lot_extensions_undoes ON lot_extensions (undoes) WHERE undoes IS NOT NULL;
-- the closures' own rows, newest first: what passes.undoClosure reads (a pass's own extensions are not in it)
CREATE INDEX lot_extensions_closures ON lot_extensions (occurred_at) WHERE closure = 1 AND undoes IS NULL;
CREATE TRIGGER lot_extensions_no_update BEFORE UPDATE ON lot_extensions BEGIN SELECT RAISE(ABORT, 'lot extensions are append-only'); END;
CREATE TRIGGER lot_extensions_no_delete BEFORE DELETE ON lot_extensions BEGIN SELECT RAISE(ABORT, 'lot extensions are append-only'); END;
