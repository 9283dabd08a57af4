// A menu or price list brought in from a spreadsheet: item name, usage unit, drawdown rate, cash price, and
// optionally hotkey, category and credit unit. Rates and prices are read by the one amount parser in the shop's
// number format ("4,50" in a German shop, "1,000.50" in an American one), with the shop's currency sign allowed
// around a price, then pass the same checks as items.save. An item the counter already sells under that name is
// left out when it is the same, and is a problem when it differs (a price change is made on the item itself,
// where the owner sees it, not by a file).
import type { Db } from '../db/open';
import { catalogContract } from '../contract/catalog';
import { creditsToString, moneyToString } from '../money/decimal';
import { itemUnit, listItems, saveItem, type ItemInput } from '../catalog/items';
import { listPlans } from '../catalog/plans';
import { shopWords } from '../shop/words';
import type { ShopRow } from '../shop/settings';
import { cellOf, mapColumns, startPlan, withoutTitle, problemOf, moneyReader, creditsReader, requireColumns, nameKey, rowIssues, type ImportPlan, type ImportProblem } from './plan';
import type { CsvTable } from './table';

// in English and in the languages of the shops Passbook serves, as headerKey reads them ("Preis (€)" is "preis")
export const COLUMNS: Record<string, string[]> = {
  name: ['name', 'item', 'itemname', 'product', 'productname', 'artikel', 'artikelname', 'produkt', 'bezeichnung', 'article', 'produit', 'nom', 'articulo', 'producto',
    'nombre', 'articolo', 'prodotto', 'nome', 'naam', 'vara', 'namn', 'produto'],
  usageUnit: ['usageunit', 'unit', 'per', 'soldby', 'einheit', 'unite', 'unidad', 'unita', 'eenheid', 'enhet', 'unidade'],
  rate: ['rate', 'drawdownrate', 'credits', 'creditsperunit', 'passcredits', 'points', 'punkte', 'abzug', 'puntos', 'punti', 'punten', 'poang', 'pontos'],
  cashPrice: ['cashprice', 'price', 'cash', 'priceperunit', 'preis', 'verkaufspreis', 'prix', 'precio', 'prezzo', 'prijs', 'pris', 'preco'],
  hotkey: ['hotkey', 'key', 'shortcut', 'taste', 'touche', 'tecla', 'tasto', 'toets', 'tangent'],
  category: ['category', 'group', 'section', 'kategorie', 'warengruppe', 'gruppe', 'categorie', 'categoria', 'categorieen', 'kategori', 'grupp'],
  creditUnit: ['creditunit'],
};
const FIELDS = ['name', 'usageUnit', 'rate', 'cashPrice', 'hotkey', 'category', 'creditUnit'];

const RowSchema = catalogContract['items.save'].input.omit({ clientId: true, id: true });

export function planItems(db: Db, shop: ShopRow, file: CsvTable): ImportPlan<ItemInput> {
  const table = withoutTitle(file, COLUMNS);
  const { columns, index } = mapColumns(table.headers, COLUMNS);
  requireColumns(index, [['name', 'an "Item" or "Name" column'], ['usageUnit', 'a "Unit" column'], ['rate', 'a "Rate" column (credits per unit)'], ['cashPrice', 'a "Price" column']], table);
  const { plan, rows } = startPlan<ItemInput>('items', table, columns, FIELDS);
  const money = moneyReader(shop);
  const credits = creditsReader(shop);
  const live = listItems(db, false);
  const byName = new Map(live.map((r) => [nameKey(r.name), r]));
  // archived items keep their sales history under their name; a line of the same name makes a new item beside them
  const archived = new Map(listItems(db, true).filter((r) => r.archived === 1).map((r) => [nameKey(r.name), r]));
  // the counter reads a key without its case: e and E are one key
  const hotkeys = new Map(live.filter((r) => r.hotkey !== null).map((r) => [r.hotkey!.toLowerCase(), r.name]));
  // an item draws only from passes of its unit, spelt the same: a unit the file gives is one the shop already has
  const units = new Map<string, string>();
  for (const u of [shop.credit_unit, ...listPlans(db, undefined, false).map((p) => p.credit_unit), ...live.map((r) => itemUnit(r, shop))]) {
    if (!units.has(u.toLowerCase())) units.set(u.toLowerCase(), u);
  }
  const say = shopWords(db);
  const seenNames = new Map<string, number>();
  const seenKeys = new Map<string, number>();

  for (const row of rows) {
    const problems: ImportProblem[] = [];
    const amount = (field: 'rate' | 'cashPrice'): string | undefined => {
      const text = cellOf(row, index, field);
      if (text === undefined) { problems.push({ line: row.line, field, message: field === 'rate' ? 'is empty: give the credits one unit takes, e.g. 1 or 1.5' : 'is empty: give the price without a pass, e.g. 4.50' }); return undefined; }
      try {
        return field === 'rate'
          ? creditsToString(credits(text, field))
          : moneyToString(money(text, field, `give the price in ${shop.currency}.`), shop.minor_digits);
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
    const unit = input.creditUnit === undefined ? shop.credit_unit : units.get(input.creditUnit.toLowerCase());
    if (unit === undefined) {
      plan.problems.push({ line: row.line, field: 'creditUnit', message: `No plan or pack here sells ${input.creditUnit!} credits, so the counter could never sell this item on a pass. The credit units here: ${[...units.values()].join(', ')}.` });
      continue;
    }

    const key = nameKey(input.name);
    const again = seenNames.get(key);
    if (again !== undefined) { plan.problems.push({ line: row.line, field: 'name', message: `${input.name} is also on line ${again}: give each item one line.` }); continue; }
    seenNames.set(key, row.line);
    const sold = byName.get(key);
    if (sold) {
      const same = sold.usage_unit === input.usageUnit && creditsToString(sold.rate_units) === rate
        && moneyToString(sold.cash_price_minor, shop.minor_digits) === cashPrice && itemUnit(sold, shop) === unit;
      const differs = [
        (input.hotkey ?? null) !== sold.hotkey ? 'hotkey' : null, (input.category ?? null) !== sold.category ? 'category' : null,
      ].filter(Boolean);
      if (same) plan.skipped.push({ line: row.line, reason: `${sold.name} is already sold, at the same rate and price.${differs.length ? ` Its ${differs.join(' and ')} in the file ${differs.length > 1 ? 'are' : 'is'} not taken: change ${differs.length > 1 ? 'them' : 'it'} on the Plans & items screen.` : ''}` });
      else plan.problems.push({ line: row.line, field: 'name', message: `${sold.name} is already sold (${say.credits(sold.rate_units, itemUnit(sold, shop))} per ${sold.usage_unit}, ${say.money(sold.cash_price_minor)}). Change it on the Plans & items screen, or leave this line out.` });
      continue;
    }
    if (input.hotkey) {
      const holder = hotkeys.get(input.hotkey.toLowerCase());
      const inFile = seenKeys.get(input.hotkey.toLowerCase());
      if (holder !== undefined || inFile !== undefined) {
        plan.problems.push({ line: row.line, field: 'hotkey', message: holder !== undefined ? `"${input.hotkey}" is already the hotkey of ${holder}.` : `"${input.hotkey}" is also the hotkey on line ${inFile}.` });
        continue;
      }
      seenKeys.set(input.hotkey.toLowerCase(), row.line);
    }
    const gone = archived.get(key);
    if (gone) {
      plan.notes.push({ line: row.line, message: `${gone.name} was archived (${say.credits(gone.rate_units, itemUnit(gone, shop))} per ${gone.usage_unit}, ${say.money(gone.cash_price_minor)}). This line adds a new item of that name; the archived one keeps its past sales. To sell the archived one again instead, bring it back on the Plans & items screen and leave this line out.` });
    }
    plan.create.push({ line: row.line, value: { ...input, creditUnit: unit }, shown: [input.name, input.usageUnit, rate!, cashPrice!, input.hotkey ?? null, input.category ?? null, unit] });
  }
  return plan;
}

/** Create the planned items (inside the caller's transaction). */
export function applyItems(db: Db, shop: ShopRow, plan: ImportPlan<ItemInput>, at: number): number[] {
  return plan.create.map((c) => saveItem(db, c.value, shop.minor_digits, shop.credit_unit, at).id);
}
