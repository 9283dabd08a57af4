-- 006: no query looks journal transactions up by pass (statements and overage use journal_lines_pass), yet
-- this index cost every sale, redemption and correction a page of its own. Dropped.
DROP INDEX journal_tx_pass;
