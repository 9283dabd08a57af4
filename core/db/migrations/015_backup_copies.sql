-- 015: copies of backups saved off this computer (a USB stick, another drive). The desktop shell or the browser makes
-- the copy, outside the ledger; the owner's screen records it (backup.copied), so the owner can be reminded when the
-- last one is old. Append-only, like the ledger.
CREATE TABLE backup_copies (
  id          INTEGER PRIMARY KEY,
  file_name   TEXT    NOT NULL,
  copied_at   INTEGER NOT NULL,
  client_id   TEXT
);
CREATE TRIGGER backup_copies_no_update BEFORE UPDATE ON backup_copies BEGIN SELECT RAISE(ABORT, 'backup copies are append-only'); END;
CREATE TRIGGER backup_copies_no_delete BEFORE DELETE ON backup_copies BEGIN SELECT RAISE(ABORT, 'backup copies are append-only'); END;
