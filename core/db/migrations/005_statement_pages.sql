-- 005: statements read a page at a time (core/statements/statement.ts). Their header is aggregates over one
-- pass's lot entries, and a page is a range of them in (occurred_at, id) order: both from this covering index
-- alone, never a row lookup per entry. It replaces lot_entries_pass (same leading columns).
DROP INDEX lot_entries_pass;
CREATE INDEX lot_entries_pass ON lot_entries (pass_id, occurred_at, id, kind, lot_id, credits_units, money_minor, redemption_id);
-- redemptions that touched no lot (all overage, or zero credits) are entries of their own; overage totals
CREATE INDEX redemptions_uncovered ON redemptions (pass_id, occurred_at) WHERE covered_units = 0;
CREATE INDEX redemptions_overage ON redemptions (pass_id, occurred_at, overage_units, overage_minor) WHERE overage_units <> 0 OR overage_minor <> 0;
