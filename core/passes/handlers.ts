// Handlers for passes.sell, passes.topUp and passes.get (core/contract/passes.ts).
import type { Handlers } from '../api/context';
import { requireShop } from '../shop/settings';
import { passView, sellPass, topUpPass, type Purchase } from './passes';
import type { ShopRow } from '../shop/settings';
import type { PaymentMethod } from '../journal/journal';
import { credits, iso, money } from '../lots/amounts';

/** The receipt's part of a sale or top-up answer: what was paid, how, and what it gave. */
function bought(p: Purchase, method: PaymentMethod, shop: ShopRow) {
  return {
    name: p.name, credits: credits(p.creditsUnits), paid: money(p.paidMinor, shop.minor_digits), paymentMethod: method,
    periods: p.periods, lotId: p.lotId, expiresAt: p.expiresAt === null ? null : iso(p.expiresAt), bonus: credits(p.bonusUnits),
  };
}

export const passesHandlers: Handlers<'passes.sell' | 'passes.topUp' | 'passes.get'> = {
  'passes.sell': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const p = sellPass(ctx.db, shop, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return { ...passView(ctx.db, p.passId, ctx.nowMs, shop), bought: bought(p, input.paymentMethod, shop) };
  },
  'passes.topUp': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const p = topUpPass(ctx.db, shop, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return { ...passView(ctx.db, input.passId, ctx.nowMs, shop), bought: bought(p, input.paymentMethod, shop) };
  },
  'passes.get': (ctx, input) => passView(ctx.db, input.passId, ctx.nowMs, requireShop(ctx.db)),
};
