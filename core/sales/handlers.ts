// Handlers for core/contract/sales.ts: sales without a pass.
import type { Handlers } from '../api/context';
import type { CashSaleView } from '../contract/sales';
import { creditsToString, moneyToString } from '../money/decimal';
import { iso } from '../lots/amounts';
import { nextLocalMidnight, startOfLocalDate } from '../periods/calendar';
import { requireShop, type ShopRow } from '../shop/settings';
import { cashSalesBetween, reverseCashSale, sellAtCashPrice, type CashSale } from './cashSales';

function view(s: CashSale, shop: ShopRow): CashSaleView {
  const m = (n: number) => moneyToString(n, shop.minor_digits);
  return {
    saleId: s.id, at: iso(s.at),
    lines: s.lines.map((l) => ({ itemId: l.itemId, name: l.name, quantity: creditsToString(l.quantityUnits), price: m(l.priceMinor), amount: m(l.amountMinor) })),
    total: m(s.totalMinor), paymentMethod: s.paymentMethod, undoUntil: iso(s.at + shop.undo_window_seconds * 1000),
    reversed: s.reversed === null ? null : { kind: s.reversed.kind, at: iso(s.reversed.at), reason: s.reversed.reason },
    recordedMethod: s.recordedMethod, changes: s.changes.map((c) => ({ ...c, at: iso(c.at) })),
  };
}

export const salesHandlers: Handlers<'counter.cashSale' | 'counter.undoCashSale' | 'cashSales.void' | 'cashSales.list'> = {
  'counter.cashSale': (ctx, input) => {
    const shop = requireShop(ctx.db);
    return view(sellAtCashPrice(ctx.db, { ...input, digits: shop.minor_digits, at: ctx.nowMs, clientId: ctx.clientId ?? null }), shop);
  },
  'counter.undoCashSale': (ctx, input) => {
    const shop = requireShop(ctx.db);
    return view(reverseCashSale(ctx.db, shop, { saleId: input.saleId, kind: 'undo', at: ctx.nowMs, clientId: ctx.clientId ?? null }), shop);
  },
  'cashSales.void': (ctx, input) => {
    const shop = requireShop(ctx.db);
    return view(reverseCashSale(ctx.db, shop, { saleId: input.saleId, kind: 'void', reason: input.reason, at: ctx.nowMs, clientId: ctx.clientId ?? null }), shop);
  },
  'cashSales.list': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const from = startOfLocalDate(input.date, shop.time_zone);
    return { sales: cashSalesBetween(ctx.db, from, nextLocalMidnight(from, shop.time_zone), input.limit).map((s) => view(s, shop)) };
  },
};
