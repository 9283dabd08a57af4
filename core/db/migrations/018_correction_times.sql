-- 018: the shop's corrections report (reports.corrections) reads corrections, extensions and the owner's gifts by
-- when they happened, across every customer. These were indexed by pass only, so a week's corrections meant reading
-- every row ever written. None of these trees is written by a redemption.
CREATE INDEX corrections_time ON corrections (occurred_at);
CREATE INDEX lot_extensions_time ON lot_extensions (occurred_at);
CREATE INDEX lots_gifts_time ON lots (granted_at) WHERE source = 'promo' AND parent_lot_id IS NULL;
-- a plan-wide gift (plans.gift) reads the open passes of one plan: it read every pass of every plan
CREATE INDEX passes_plan ON passes (plan_id);
