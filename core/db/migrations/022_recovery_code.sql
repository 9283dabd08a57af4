-- 022: an owner recovery code. A forgotten PIN would otherwise lock the owner out of the books for good (the shop is
-- offline, with nobody to call). Stored as a scrypt hash like the PIN; it works once: using it sets a new PIN and
-- clears it, and the owner makes a new one. The times say when it was made and when the last one was used.
ALTER TABLE shop ADD COLUMN recovery_hash TEXT;
ALTER TABLE shop ADD COLUMN recovery_made_at INTEGER;
ALTER TABLE shop ADD COLUMN recovery_used_at INTEGER;
