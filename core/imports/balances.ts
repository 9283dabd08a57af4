// Balances customers bring over from before Passbook: per customer (card code, or a name only one customer has),
// the plan their credits belong to, the credits left, optionally what they paid for those credits (else the
// plan's own price per credit) and the last day they may be used (else the plan's first period from today).
// Each becomes a pass whose one lot holds exactly that (core/passes/opening.ts). Customers come first: a row
// naming no customer here is a problem, not a new customer.
import type { Db } from '../db/open';
import { listPlans, type PlanRow } from '../catalog/plans';
import { customerByCode, requireCustomer, type CustomerRow } from '../customers/customers';
import { replacedCard } from '../customers/cards';
import { currentCustomer } from '../customers/merge';
import { creditsToString, Decimal, MAX_MONEY_MINOR, moneyToString, Rounding } from '../money/decimal';
import { localDate, startOfLocalDate } from '../periods/calendar';
import { OPENING_BY, sql } from '../lots/lots';
import { openingExpiry, openPass } from '../passes/opening';
import { customersByName, nameColumns, nameOf, NAME_HALVES } from './customers';
import type { ShopRow } from '../shop/settings';
import { dayAfter, otherOrderIn, parseImportDate } from './dates';
import { cellOf, mapColumns, startPlan, withoutTitle, problemOf, requireColumns, moneyReader, creditsReader, rewrittenText, spreadsheetRewrote, nameKey, type ImportPlan, type ImportProblem } from './plan';
import type { CsvTable } from './table';

// in English and in the languages of the shops Passbook serves, as headerKey reads them ("Gültig bis" is "gultigbis")
export const COLUMNS: Record<string, string[]> = {
  code: ['card', 'code', 'cardcode', 'cardnumber', 'passcode', 'barcode', 'membernumber',
    'karte', 'kartennummer', 'kundenkarte', 'mitgliedsnummer', 'carte', 'numerodecarte', 'tarjeta', 'numerodetarjeta', 'tessera',
    'kaart', 'kaartnummer', 'kort', 'kortnummer', 'cartao'],
  customer: ['customer', 'name', 'customername', 'fullname', 'client', 'clientname',
    'kunde', 'kundenname', 'nomcomplet', 'cliente', 'nombrecompleto', 'nomecompleto', 'naam', 'klant', 'namn', 'kund'],
  // or the name in two columns, as a customer list has it ("Vorname", "Nachname"; "Nom" beside "Prénom")
  ...NAME_HALVES,
  // (not French "Tarif" nor Spanish "Tarifa": a price there)
  plan: ['plan', 'pass', 'passtype', 'planname', 'product', 'produkt', 'abo', 'abonnement', 'forfait', 'formule', 'bono', 'abono',
    'abbonamento', 'strippenkaart', 'klippkort'],
  // the credits left, in words that say what is left, not words for money on account ("Guthaben", "Saldo", "Solde",
  // "Tegoed" mostly hold euros: 45,00 read as 45 credits would be stored without a problem line; such a file is refused
  // for want of a credits column, and the owner names it)
  credits: ['credits', 'balance', 'remaining', 'creditsleft', 'left', 'remainingcredits',
    'rest', 'verbleibend', 'restant', 'creditsrestants', 'restante', 'resterend', 'kvar'],
  paid: ['paid', 'value', 'paidvalue', 'amountpaid', 'unusedvalue', 'money',
    'bezahlt', 'wert', 'restwert', 'betrag', 'paye', 'valeur', 'montant', 'pagado', 'valor', 'importe', 'betaald', 'waarde', 'bedrag', 'pagato', 'valore', 'importo',
    'betalt', 'varde', 'belopp', 'pago'],
  expires: ['expires', 'expiry', 'expirydate', 'validuntil', 'expireson', 'until', 'enddate', 'lastday',
    'gultigbis', 'ablauf', 'ablaufdatum', 'verfallsdatum', 'verfall', 'bis', 'expiration', 'dateexpiration', 'valablejusquau', 'validite', 'vence', 'vencimiento',
    'caducidad', 'validohasta', 'geldigtot', 'vervaldatum', 'scadenza', 'validofinoa', 'giltigtill', 'utgar', 'utgangsdatum', 'validade'],
};
const FIELDS = ['customer', 'plan', 'credits', 'paid', 'expires'];

export interface BalanceImport { customerId: number; plan: PlanRow; creditsUnits: number; paidMinor: number; expiresAt: number | null }

export function planBalances(db: Db, shop: ShopRow, file: CsvTable, at: number): ImportPlan<BalanceImport> {
  const table = withoutTitle(file, COLUMNS);
  const { columns, index } = mapColumns(table.headers, COLUMNS);
  nameColumns(columns, index, 'customer');
  if (!index.has('customer') && (index.has('firstName') || index.has('lastName'))) index.set('customer', -1);
  if (!index.has('code') && index.has('customer')) index.set('who', index.get('customer')!);
  if (index.has('code')) index.set('who', index.get('code')!);
  requireColumns(index, [['who', 'a "Card" or "Customer" column'], ['plan', 'a "Plan" column'], ['credits', 'a "Credits" column (the credits left)']], table);
  const { plan, rows } = startPlan<BalanceImport>('balances', table, columns, FIELDS);
  const plans = listPlans(db, 'plan', false);
  const planByName = new Map(plans.map((p) => [nameKey(p.name), p]));
  const planNames = plans.map((p) => p.name).join(', ') || 'none yet';
  const money = moneyReader(shop);
  const credits = creditsReader(shop);
  const byName = customersByName(db);
  const brought = sql(db, `SELECT l.amount_units, l.paid_minor, l.plan_id, l.granted_at FROM lots l JOIN passes p ON p.id = l.pass_id
      WHERE p.customer_id = ? AND l.source = 'sale' AND l.created_by = '${OPENING_BY}' ORDER BY l.id`);
  const seen = new Map<string, number>();
  const today = localDate(at, shop.time_zone);
  const thisYear = Number(today.slice(0, 4));
  // the order the file writes dates in, worked out once: one date that is a day only the other way round shows it
  const otherOrder = otherOrderIn(rows.map((r) => ({ line: r.line, text: cellOf(r, index, 'expires') })), shop.locale);

  for (const row of rows) {
    const problems: ImportProblem[] = [];
    const say = (field: string, message: string) => problems.push({ line: row.line, field, message });

    // who: the card decides; a name as well must be theirs
    const code = cellOf(row, index, 'code');
    const name = nameOf(row, index, 'customer');
    let customer: CustomerRow | undefined;
    if (code !== undefined && spreadsheetRewrote(code)) {
      say('code', rewrittenText(code));
    } else if (code !== undefined) {
      const carded = customerByCode(db, code);
      // a duplicate's card merged into another customer (core/customers/merge.ts): the balance is the kept one's
      customer = carded && currentCustomer(db, carded);
      const old = customer ? undefined : replacedCard(db, code);
      const holder = old ? requireCustomer(db, old.customer_id) : undefined;
      if (old && holder) say('code', `The card ${old.old_code} was replaced: ${holder.name}'s card is now ${holder.code}. Give that code.`);
      else if (!customer) say('code', `No customer has the card code ${code.slice(0, 40)}. Import the customers first.`);
      else if (name !== undefined && nameKey(name) !== nameKey(customer.name) && nameKey(name) !== nameKey(carded!.name)) say('customer', `The card ${carded!.code} belongs to ${customer.name}, not ${name.slice(0, 120)}.`);
    } else if (name !== undefined) {
      // a merged duplicate is the customer they were merged into: one person, not two of that name
      const found = [...new Map(byName(nameKey(name)).map((c) => currentCustomer(db, c)).map((c) => [c.id, c] as const)).values()];
      if (found.length === 0) say('customer', `No customer is named ${name.slice(0, 120)}. Import the customers first.`);
      else if (found.length > 1) say('customer', `More than one customer is named ${found[0]!.name}: give their card code in a "Card" column.`);
      else customer = found[0];
    } else {
      say(index.has('code') ? 'code' : 'customer', 'is empty: say whose balance this is');
    }
    if (customer && customer.forgotten_at != null) {
      say(code !== undefined ? 'code' : 'customer', `${code !== undefined ? `The card ${customer.code}` : 'That customer'} was forgotten at their request: import them as a new customer first.`);
      customer = undefined;
    }

    const planText = cellOf(row, index, 'plan');
    const p = planText === undefined ? undefined : planByName.get(nameKey(planText));
    if (!p) say('plan', planText === undefined ? `is empty: name one of the plans (${planNames})` : `No plan is named ${planText.slice(0, 80)}. The plans are: ${planNames}.`);

    let creditsUnits: number | undefined;
    const creditsText = cellOf(row, index, 'credits');
    if (creditsText === undefined) say('credits', 'is empty: give the credits left');
    else {
      try { creditsUnits = credits(creditsText, 'credits'); } catch (err) { problems.push(problemOf(err, row.line, 'credits')); }
    }

    let paidMinor: number | undefined;
    const paidText = cellOf(row, index, 'paid');
    if (paidText !== undefined) {
      try { paidMinor = money(paidText, 'paid', 'convert it, or leave Paid empty to use the plan\'s price.'); } catch (err) { problems.push(problemOf(err, row.line, 'paid')); }
    } else if (p && creditsUnits !== undefined) {
      // what these credits cost at the plan's price, rounded once as money is; checked as the exact value, before it
      // becomes a number (a big balance of a dear plan was past 2^53, an INTERNAL error, or stored past the limit)
      const cost = new Decimal(p.price_minor).mul(creditsUnits).div(p.credits_units).toDecimalPlaces(0, Rounding.money);
      if (cost.gt(MAX_MONEY_MINOR)) say('credits', `${creditsText} at the ${p.name} price comes to more than Passbook can hold: give what was paid for them in a Paid column.`);
      else paidMinor = cost.toNumber();
    }

    let expiresAt: number | null | undefined;
    const expiresText = cellOf(row, index, 'expires');
    if (expiresText !== undefined) {
      try {
        const lastDay = parseImportDate(expiresText, shop.locale, 'expires', thisYear, otherOrder);
        if (lastDay < today) say('expires', `${lastDay} has passed: these credits have ended. Leave the line out, or give the day they may now be used until.`);
        else expiresAt = startOfLocalDate(dayAfter(lastDay), shop.time_zone);
      } catch (err) { problems.push(problemOf(err, row.line, 'expires')); }
    }

    if (problems.length || !customer || !p || creditsUnits === undefined || paidMinor === undefined) { plan.problems.push(...problems); continue; }
    if (expiresAt === undefined) expiresAt = openingExpiry(p, at, shop.time_zone);

    // one balance per customer and plan: an old coffee card and an old lunch card are two
    const again = seen.get(`${customer.id}:${p.id}`);
    if (again !== undefined) { plan.problems.push({ line: row.line, field: 'customer', message: `${customer.name} has a ${p.name} balance on line ${again} too: give one line per customer and plan (add them up).` }); continue; }
    seen.set(`${customer.id}:${p.id}`, row.line);
    const before = (brought.all(customer.id) as Array<{ amount_units: number; paid_minor: number; plan_id: number; granted_at: number }>).filter((b) => b.plan_id === p.id);
    if (before.length) {
      const same = before.some((b) => b.amount_units === creditsUnits && b.paid_minor === paidMinor);
      if (same) plan.skipped.push({ line: row.line, reason: `${customer.name}'s ${p.name} balance was already brought over.` });
      else plan.problems.push({ line: row.line, field: 'customer', message: `${customer.name} already has a ${p.name} balance brought over (on ${localDate(before[0]!.granted_at, shop.time_zone)}). Correct it with an adjustment on their pass, or leave this line out.` });
      continue;
    }
    plan.create.push({
      line: row.line, value: { customerId: customer.id, plan: p, creditsUnits, paidMinor, expiresAt },
      // the last day the credits may be used (the day before they end), or null: they never end
      shown: [`${customer.name} (${customer.code})`, p.name, creditsToString(creditsUnits), moneyToString(paidMinor, shop.minor_digits), expiresAt === null ? null : localDate(expiresAt - 1, shop.time_zone)],
    });
  }
  return plan;
}

/** Open the planned passes (inside the caller's transaction). */
export function applyBalances(db: Db, shop: ShopRow, plan: ImportPlan<BalanceImport>, at: number, clientId: string | null): number[] {
  return plan.create.map((c) => openPass(db, shop, { ...c.value, at, clientId }));
}
