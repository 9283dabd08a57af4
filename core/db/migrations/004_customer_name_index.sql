-- 004: the owner's customer list pages by name; without this index a page deep in 100k customers sorts them all.
CREATE INDEX customers_name_nocase ON customers (name COLLATE NOCASE, id);
