-- 021: the restores a ledger has been through, found without reading every request. The last one's request id is
-- the ledger's mark (core/backup/mark.ts): a screen read from one ledger sends it with its writes, and after a restore
-- (which brings back lower ids, so customer 2 may be someone else) a write from a screen of the old ledger is refused.
CREATE INDEX operations_restores ON operations (occurred_at) WHERE method = 'backup.restore';
