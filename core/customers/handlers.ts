// Handlers for core/contract/customers.ts.
import type { Handlers } from '../api/context';
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { credits } from '../lots/amounts';
import { passBalance, sql } from '../lots/lots';
import { recentForCustomer } from '../drawdown/recent';
import { findPass, passStatus, passToDrawFrom, passView } from '../passes/passes';
import { requireShop, type ShopRow } from '../shop/settings';
import { createCustomer, customerByCode, customerView, erasureOf, requireCustomer, updateCustomer, type CustomerRow } from './customers';
import { compactAfterErasure, forgetCustomer } from './erasure';
import { searchCustomers } from './search';
import { cardReplacedError, formerCards, replaceCard, replacedCard, type ReplacedCardRow } from './cards';
import { iso, money } from '../lots/amounts';
import { currentCustomer, mergeCustomers, mergedInto, mergeOf } from './merge';

const formerCard = (r: ReplacedCardRow) => ({ code: r.old_code, reason: r.reason, replacedAt: iso(r.replaced_at) });

function detail(db: Db, shop: ShopRow, c: CustomerRow, at: number, scanned: CustomerRow | null = null) {
  const ids = sql(db, 'SELECT id FROM passes WHERE customer_id = ? ORDER BY sold_at DESC, id DESC').all(c.id) as { id: number }[];
  const passes = ids.map((p) => passView(db, p.id, at, shop));
  passes.sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'));
  // the pass the counter draws from comes first (the renderer opens on the first active pass)
  const first = passToDrawFrom(db, c.id, at);
  if (first) passes.sort((a, b) => Number(b.id === first.id) - Number(a.id === first.id));
  const open = (id: number) => { const p = findPass(db, id); return p !== undefined && passStatus(db, p, at) !== 'cancelled'; };
  const erased = c.forgotten_at != null ? erasureOf(db, c.id) : undefined;
  const merged = mergeOf(db, c.id);
  return {
    customer: customerView(c), formerCards: formerCards(db, c.id).map(formerCard), passes, recent: recentForCustomer(db, c.id, 10, shop, at, open),
    forgotten: erased ? { at: iso(erased.erasedAt), reason: erased.reason } : null,
    mergedInto: merged ? { id: merged.kept_id, name: requireCustomer(db, merged.kept_id).name, at: iso(merged.merged_at), reason: merged.reason } : null,
    duplicates: mergedInto(db, c.id),
    scannedCard: scanned ? { id: scanned.id, name: scanned.name, code: scanned.code, at: iso(mergeOf(db, scanned.id)!.merged_at) } : null,
  };
}

export const customersHandlers: Handlers<'customers.create' | 'customers.update' | 'customers.forget' | 'customers.merge' | 'customers.replaceCard' | 'customers.search' | 'customers.byCode' | 'customers.get' | 'customers.cards'> = {
  'customers.create': (ctx, input) => {
    requireShop(ctx.db);
    return customerView(createCustomer(ctx.db, input, ctx.nowMs));
  },
  'customers.update': (ctx, input) => {
    const { id, clientId: _c, ...rest } = input;
    return customerView(updateCustomer(ctx.db, id, rest, ctx.nowMs));
  },
  'customers.forget': (ctx, input) => {
    const e = forgetCustomer(ctx.db, { customerId: input.id, reason: input.reason, at: ctx.nowMs, clientId: input.clientId });
    (ctx.afterCommit ??= []).push(() => ctx.ledger.whenIdle((db) => { compactAfterErasure(db); }));
    return { customer: customerView(e.customer), forgottenAt: iso(e.erasedAt), operationsRedacted: e.operationsRedacted };
  },
  'customers.merge': (ctx, input) => {
    const { minor_digits: digits } = requireShop(ctx.db);
    const m = mergeCustomers(ctx.db, digits, { duplicateId: input.id, intoId: input.intoId, reason: input.reason, at: ctx.nowMs, clientId: input.clientId });
    return {
      mergeId: m.mergeId, mergedAt: iso(m.at), duplicate: customerView(m.duplicate), kept: customerView(m.kept),
      moved: m.moved.map((x) => ({ fromPassId: x.fromPassId, toPassId: x.toPassId, credits: credits(x.creditsUnits), value: money(x.valueMinor, digits) })),
      overageMoved: m.overage.map((x) => ({ fromPassId: x.fromPassId, toPassId: x.toPassId, amount: money(x.amountMinor, digits) })),
      cancelledPassIds: m.cancelledPassIds,
    };
  },
  'customers.replaceCard': (ctx, input) => {
    requireShop(ctx.db);
    const r = replaceCard(ctx.db, { customerId: input.id, reason: input.reason, code: input.code }, ctx.nowMs, input.clientId);
    return { customer: customerView(r.customer), replaced: formerCard(r.replaced) };
  },
  'customers.search': (ctx, input) => {
    const rows = searchCustomers(ctx.db, input.query, input.limit ?? 20);
    return {
      customers: rows.map((c) => {
        const pass = passToDrawFrom(ctx.db, c.id, ctx.nowMs);
        return { id: c.id, name: c.name, phone: c.phone, code: c.code, balance: pass ? credits(passBalance(ctx.db, pass.id, ctx.nowMs)) : null, passId: pass?.id ?? null };
      }),
    };
  },
  'customers.byCode': (ctx, input) => {
    const c = customerByCode(ctx.db, input.code);
    if (!c) {
      const old = replacedCard(ctx.db, input.code);
      if (old) throw cardReplacedError(ctx.db, old);
    }
    if (!c) throw new PassbookError('NOT_FOUND', 'No customer has this card code.', { code: input.code.slice(0, 32) });
    // a merged duplicate's card opens the customer they were merged into, saying whose card it was
    const now = currentCustomer(ctx.db, c);
    return detail(ctx.db, requireShop(ctx.db), now, ctx.nowMs, now.id === c.id ? null : c);
  },
  'customers.get': (ctx, input) => detail(ctx.db, requireShop(ctx.db), requireCustomer(ctx.db, input.id), ctx.nowMs),
  'customers.cards': (ctx, input) => ({ cards: input.ids.map((id) => { const c = requireCustomer(ctx.db, id); return { id: c.id, name: c.name, code: c.code }; }) }),
};
