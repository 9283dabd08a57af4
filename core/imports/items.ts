// A menu or price list brought in from a spreadsheet: item name, usage unit, drawdown rate, cash price, and
// optionally hotkey, category and credit unit. Rates and prices are read by the one amount parser in the shop's
// number format ("4,50" in a German shop, "1,000.50" in an American one), with the shop's currency sign allowed
// around a price, then pass the same checks as items.save. An item the counter already sells under that name is
// left out when it is the same, and is a problem when it differs (a price change is made on the item itself,
// where the owner sees it, not by a file).
import type { Db } from '../db/open';
import { catalogContract } from '../contract/catalog';
import { creditsToString, moneyToString } from '../money/decimal';
import { parseCredits, parseMoney } from '../money/parse';
import { sortKey } from '../customers/fold';
import { itemUnit, listItems, saveItem, type ItemInput } from '../catalog/items';
import type { ShopRow } from '../shop/settings';
import { cellOf, mapColumns, problemOf, requireColumns, rowIssues, type ImportPlan, type ImportProblem } from './plan';
import type { CsvTable } from './table';

const COLUMNS: Record<string, string[]> = {
  name: ['name', 'item', 'itemname', 'product', 'productname'],
  usageUnit: ['usageunit', 'unit', 'per', 'soldby'],
  rate: ['rate', 'drawdownrate', 'credits', 'creditsperunit', 'passcredits'],
  cashPrice: ['cashprice', 'price', 'cash', 'priceperunit'],
  hotkey: ['hotkey', 'key', 'shortcut'],
  category: ['category', 'group', 'section'],
  creditUnit: ['creditunit'],
};
const FIELDS = ['name', 'usageUnit', 'rate', 'cashPrice', 'hotkey', 'category', 'creditUnit'];

const RowSchema = catalogContract['items.save'].input.omit({ clientId: true, id: true });

/** The shop currency's code and signs ("USD", "US$", "$"): a price cell may carry them. */
function currencyMarks(shop: ShopRow): string[] {
  const marks = new Set<string>([shop.currency]);
  for (const display of ['symbol', 'narrowSymbol'] as const) {
    try {
      const part = new Intl.NumberFormat(shop.locale, { style: 'currency', currency: shop.currency, currencyDisplay: display }).formatToParts(1).find((p) => p.type === 'currency');
      if (part) marks.add(part.value);
    } catch { /* the shop's locale was checked when it was saved */ }
  }
  return [...marks].sort((a, b) => b.length - a.length);
}

export function planItems(db: Db, shop: ShopRow, table: CsvTable): ImportPlan<ItemInput> {
  const { columns, index } = mapColumns(table.headers, COLUMNS);
  requireColumns(index, [['name', 'an "Item" or "Name" column'], ['usageUnit', 'a "Unit" column'], ['rate', 'a "Rate" column (credits per unit)'], ['cashPrice', 'a "Price" column']], table);
  const plan: ImportPlan<ItemInput> = { kind: 'items', delimiter: table.delimiter, columns, fields: FIELDS, rows: table.rows.length, create: [], skipped: [], problems: [] };
  const marks = currencyMarks(shop);
  const bare = (text: string): string => {
    let t = text.trim();
    for (const m of marks) {
      if (t.toUpperCase().startsWith(m.toUpperCase())) t = t.slice(m.length).trim();
      if (t.toUpperCase().endsWith(m.toUpperCase())) t = t.slice(0, t.length - m.length).trim();
    }
    return t;
  };
  const live = listItems(db, false);
  const byName = new Map(live.map((r) => [sortKey(r.name), r]));
  const hotkeys = new Map(live.filter((r) => r.hotkey !== null).map((r) => [r.hotkey!, r.name]));
  const seenNames = new Map<string, number>();
  const seenKeys = new Map<string, number>();

  for (const row of table.rows) {
    const problems: ImportProblem[] = [];
    const amount = (field: 'rate' | 'cashPrice'): string | undefined => {
      const text = cellOf(row, index, field);
      if (text === undefined) { problems.push({ line: row.line, field, message: field === 'rate' ? 'is empty: give the credits one unit takes, e.g. 1 or 1.5' : 'is empty: give the price without a pass, e.g. 4.50' }); return undefined; }
      try {
        return field === 'rate'
          ? creditsToString(parseCredits(text, { locale: shop.locale, field, sign: 'positive' }))
          : moneyToString(parseMoney(bare(text), shop.minor_digits, { locale: shop.locale, field, sign: 'nonnegative' }), shop.minor_digits);
      } catch (err) { problems.push(problemOf(err, row.line, field)); return undefined; }
    };
    const rate = amount('rate');
    const cashPrice = amount('cashPrice');
    const raw = {
      name: cellOf(row, index, 'name') ?? '', usageUnit: cellOf(row, index, 'usageUnit') ?? '', rate: rate ?? '1', cashPrice: cashPrice ?? '0',
      hotkey: cellOf(row, index, 'hotkey'), category: cellOf(row, index, 'category'), creditUnit: cellOf(row, index, 'creditUnit'),
    };
    const checked = rowIssues(RowSchema, raw, row.line);
    if (!checked.ok) problems.push(...checked.problems);
    if (problems.length || !checked.ok) { plan.problems.push(...problems); continue; }
    const input = checked.data as ItemInput;
    const unit = input.creditUnit ?? shop.credit_unit;

    const key = sortKey(input.name);
    const again = seenNames.get(key);
    if (again !== undefined) { plan.problems.push({ line: row.line, field: 'name', message: `${input.name} is also on line ${again}: give each item one line.` }); continue; }
    seenNames.set(key, row.line);
    const sold = byName.get(key);
    if (sold) {
      const same = sold.usage_unit === input.usageUnit && creditsToString(sold.rate_units) === rate
        && moneyToString(sold.cash_price_minor, shop.minor_digits) === cashPrice && itemUnit(sold, shop) === unit;
      if (same) plan.skipped.push({ line: row.line, reason: `${sold.name} is already sold, at the same rate and price.` });
      else plan.problems.push({ line: row.line, field: 'name', message: `${sold.name} is already sold (${creditsToString(sold.rate_units)} ${itemUnit(sold, shop)} per ${sold.usage_unit}, ${moneyToString(sold.cash_price_minor, shop.minor_digits)} ${shop.currency}). Change it on the Plans & items screen, or leave this line out.` });
      continue;
    }
    if (input.hotkey) {
      const holder = hotkeys.get(input.hotkey);
      const inFile = seenKeys.get(input.hotkey);
      if (holder !== undefined || inFile !== undefined) {
        plan.problems.push({ line: row.line, field: 'hotkey', message: holder !== undefined ? `"${input.hotkey}" is already the hotkey of ${holder}.` : `"${input.hotkey}" is also the hotkey on line ${inFile}.` });
        continue;
      }
      seenKeys.set(input.hotkey, row.line);
    }
    plan.create.push({ line: row.line, value: { ...input, creditUnit: unit }, shown: [input.name, input.usageUnit, rate!, cashPrice!, input.hotkey ?? null, input.category ?? null, unit] });
  }
  return plan;
}

/** Create the planned items (inside the caller's transaction). */
export function applyItems(db: Db, shop: ShopRow, plan: ImportPlan<ItemInput>, at: number): number[] {
  return plan.create.map((c) => saveItem(db, c.value, shop.minor_digits, shop.credit_unit, at).id);
}
