// Handlers for passes.sell, passes.topUp and passes.get (core/contract/passes.ts).
import type { Handlers } from '../api/context';
import { requireShop } from '../shop/settings';
import { passView, sellPass, topUpPass } from './passes';

export const passesHandlers: Handlers<'passes.sell' | 'passes.topUp' | 'passes.get'> = {
  'passes.sell': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const passId = sellPass(ctx.db, shop, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return passView(ctx.db, passId, ctx.nowMs, shop);
  },
  'passes.topUp': (ctx, input) => {
    const shop = requireShop(ctx.db);
    topUpPass(ctx.db, shop, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return passView(ctx.db, input.passId, ctx.nowMs, shop);
  },
  'passes.get': (ctx, input) => passView(ctx.db, input.passId, ctx.nowMs, requireShop(ctx.db)),
};
