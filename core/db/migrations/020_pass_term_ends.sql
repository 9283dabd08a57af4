-- 020: each pass's term end (the end of its last period) as a row, so that lists made in SQL (the owner's customer
-- list, the passes CSV) tell an ended pass from an active one by the same rule as passStatus: the term is over and
-- no live credits are left. The end depends on the shop's time zone and calendar (DST, short months), so it is
-- worked out by the code's own termEnd, registered as the SQL function passbook_term_end by openLedger.
-- A pass without an end (validity 'none') has no row. Append-only, as the passes are.
CREATE TABLE pass_term_ends (
  pass_id INTEGER PRIMARY KEY REFERENCES passes (id),
  ends_at INTEGER NOT NULL
);
CREATE INDEX pass_term_ends_at ON pass_term_ends (ends_at);

INSERT INTO pass_term_ends (pass_id, ends_at)
  SELECT id, passbook_term_end(validity, validity_days, periods, sold_at, time_zone) FROM passes WHERE validity <> 'none';

CREATE TRIGGER passes_term_end AFTER INSERT ON passes WHEN NEW.validity <> 'none' BEGIN
  INSERT INTO pass_term_ends (pass_id, ends_at)
    VALUES (NEW.id, passbook_term_end(NEW.validity, NEW.validity_days, NEW.periods, NEW.sold_at, NEW.time_zone));
END;
CREATE TRIGGER pass_term_ends_no_update BEFORE UPDATE ON pass_term_ends BEGIN SELECT RAISE(ABORT, 'pass_term_ends are append-only'); END;
CREATE TRIGGER pass_term_ends_no_delete BEFORE DELETE ON pass_term_ends BEGIN SELECT RAISE(ABORT, 'pass_term_ends are append-only'); END;
