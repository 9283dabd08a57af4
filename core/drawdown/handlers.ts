// Handlers for counter.redeem and counter.recent (core/contract/counter.ts).
import type { Handlers } from '../api/context';
import { findPass, passStatus, requirePass } from '../passes/passes';
import { requireShop } from '../shop/settings';
import { recentForPass } from './recent';
import { redeem } from './redeem';

export const counterHandlers: Handlers<'counter.redeem' | 'counter.recent'> = {
  'counter.redeem': (ctx, input) => redeem(ctx.db, requireShop(ctx.db), { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null }),
  'counter.recent': (ctx, input) => {
    const shop = requireShop(ctx.db);
    requirePass(ctx.db, input.passId);
    const open = (id: number) => { const p = findPass(ctx.db, id); return p !== undefined && passStatus(ctx.db, p, ctx.nowMs) !== 'cancelled'; };
    return { redemptions: recentForPass(ctx.db, input.passId, input.limit ?? 20, shop, ctx.nowMs, open) };
  },
};
