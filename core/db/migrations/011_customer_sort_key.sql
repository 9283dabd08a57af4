-- 011: the owner's customer list sorted names by their bytes (name COLLATE NOCASE folds ASCII only), so in a
-- French shop Émilie came after Zoé and Élodie after everyone. Names now sort by a folded key: sort_key, written by
-- triggers with the SQL function passbook_sort_key, which openLedger registers (core/customers/fold.ts sortKey).
ALTER TABLE customers ADD COLUMN sort_key TEXT;
-- the search index follows the columns it holds only: the sort key's own UPDATE (from the insert trigger below)
-- must not reindex a row the search index has not seen yet
DROP TRIGGER customers_search_au;
CREATE TRIGGER customers_search_au AFTER UPDATE OF name, phone_digits, phone_search, code ON customers BEGIN
  INSERT INTO customer_search (customer_search, rowid, name, phone_digits, phone_search, code)
  VALUES ('delete', old.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(old.name, 'ı', 'i'), 'ł', 'l'), 'Ł', 'l'), 'ø', 'o'), 'Ø', 'o'), 'đ', 'd'), 'Đ', 'd'), 'ð', 'd'), 'Ð', 'd'), 'þ', 'th'), 'Þ', 'th'), 'ß', 'ss'), 'ẞ', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'ħ', 'h'), 'Ħ', 'h'), old.phone_digits, old.phone_search, old.code);
  INSERT INTO customer_search (rowid, name, phone_digits, phone_search, code)
  VALUES (new.id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(new.name, 'ı', 'i'), 'ł', 'l'), 'Ł', 'l'), 'ø', 'o'), 'Ø', 'o'), 'đ', 'd'), 'Đ', 'd'), 'ð', 'd'), 'Ð', 'd'), 'þ', 'th'), 'Þ', 'th'), 'ß', 'ss'), 'ẞ', 'ss'), 'æ', 'ae'), 'Æ', 'ae'), 'œ', 'oe'), 'Œ', 'oe'), 'ħ', 'h'), 'Ħ', 'h'), new.phone_digits, new.phone_search, new.code);
END;
UPDATE customers SET sort_key = passbook_sort_key(name);
CREATE INDEX customers_sort_key ON customers (sort_key, id);
DROP INDEX customers_name_nocase;
CREATE TRIGGER customers_sort_key_ai AFTER INSERT ON customers BEGIN
  UPDATE customers SET sort_key = passbook_sort_key(new.name) WHERE id = new.id;
END;
CREATE TRIGGER customers_sort_key_au AFTER UPDATE OF name ON customers BEGIN
  UPDATE customers SET sort_key = passbook_sort_key(new.name) WHERE id = new.id;
END;
