-- 008: a top-up lot keeps the name of the pack it was sold as. The customer history named top-ups (and
-- sales) by the plan's current name, so renaming a pack rewrote what customers were sold. Sales and
-- allocations are named by the pass's copied plan name; top-ups now by this column. Existing top-ups take
-- their pack's name as it is today, the best the file knows.
ALTER TABLE lots ADD COLUMN pack_name TEXT;
DROP TRIGGER lots_no_update;
UPDATE lots SET pack_name = (SELECT name FROM plans WHERE plans.id = lots.plan_id) WHERE source = 'topup';
CREATE TRIGGER lots_no_update BEFORE UPDATE ON lots BEGIN SELECT RAISE(ABORT, 'lots are append-only'); END;
