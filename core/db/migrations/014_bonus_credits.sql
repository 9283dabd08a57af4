-- 014: a plan or top-up pack may give bonus credits with each purchase ("25 drinks for $50, 3 more free"; "top up
-- $20, get 2 free"). They are a promo lot of their own (cost basis 0, so the pass uses them first among credits
-- ending together), granted in the same transaction as the lot that was paid for, ending with it, its parent_lot_id
-- that lot: an undo or refund of the purchase takes back what is left of its bonus too. No money moves for them.
ALTER TABLE plans ADD COLUMN bonus_units INTEGER NOT NULL DEFAULT 0 CHECK (bonus_units >= 0);
