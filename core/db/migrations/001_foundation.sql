-- 001: the shop and the idempotency record every write goes through.
-- Times are INTEGER milliseconds since the epoch (UTC); local time is computed with the shop's zone.

CREATE TABLE shop (
  id                   INTEGER PRIMARY KEY CHECK (id = 1),
  name                 TEXT    NOT NULL,
  currency             TEXT    NOT NULL CHECK (length(currency) = 3),
  minor_digits         INTEGER NOT NULL CHECK (minor_digits BETWEEN 0 AND 4),
  time_zone            TEXT    NOT NULL,
  locale               TEXT    NOT NULL,
  credit_unit          TEXT    NOT NULL,
  receipt_footer       TEXT    NOT NULL DEFAULT '',
  pin_hash             TEXT    NOT NULL,
  undo_window_seconds  INTEGER NOT NULL DEFAULT 120 CHECK (undo_window_seconds BETWEEN 0 AND 3600),
  backup_keep_days     INTEGER NOT NULL DEFAULT 14 CHECK (backup_keep_days BETWEEN 1 AND 365),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);

-- One row per accepted write, keyed by the caller's id: a retry returns `result` and writes nothing.
CREATE TABLE operations (
  client_id    TEXT    PRIMARY KEY,
  method       TEXT    NOT NULL,
  payload_hash TEXT    NOT NULL,
  result       TEXT    NOT NULL,
  occurred_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER operations_no_update BEFORE UPDATE ON operations
BEGIN SELECT RAISE(ABORT, 'operations are append-only'); END;
CREATE TRIGGER operations_no_delete BEFORE DELETE ON operations
BEGIN SELECT RAISE(ABORT, 'operations are append-only'); END;
