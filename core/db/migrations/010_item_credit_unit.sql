-- Items say which credit unit their drawdown rate counts in (DESIGN §3: "credits of a credit unit per usage
-- unit"), so a GB item is never drawn from a drink pass. Existing items take the unit of the passes they were
-- redeemed from most, else a plan unit named like their usage unit, else the one unit every plan uses, else the
-- shop's credit unit. Top-up packs keep no terms of a pass: their credits expire at the pack's end and the pass's
-- own plan decides the order credits are used in, overage and low balance, so the packs' stored copies of those
-- fields (which the pack editor offered and nothing read) go back to their defaults.
ALTER TABLE items ADD COLUMN credit_unit TEXT;
UPDATE items SET credit_unit = coalesce(
  (SELECT p.credit_unit FROM redemption_lines rl JOIN redemptions r ON r.id = rl.redemption_id JOIN passes p ON p.id = r.pass_id
     WHERE rl.item_id = items.id GROUP BY p.credit_unit ORDER BY count(*) DESC, p.credit_unit LIMIT 1),
  (SELECT credit_unit FROM plans WHERE credit_unit = items.usage_unit LIMIT 1),
  (SELECT min(credit_unit) FROM plans HAVING count(DISTINCT credit_unit) = 1),
  (SELECT credit_unit FROM shop WHERE id = 1));
UPDATE plans SET rollover_policy = 'none', rollover_cap_units = NULL, rollover_cap_percent_units = NULL,
  rollover_expires_after_periods = NULL, rollover_max_times = NULL, consumption_order = 'default', overage_policy = 'block',
  overage_price_micros = NULL, overdraft_limit_units = NULL, low_balance_units = NULL, low_balance_percent_units = NULL
  WHERE kind = 'topup';
