// Handlers for the catalog part of the contract (core/contract/catalog.ts).
import type { Handlers } from '../api/context';
import { requireShop } from '../shop/settings';
import { archiveItem, itemView, listItems, saveItem } from './items';
import { archivePlan, listPlans, planView, requirePlan, savePlan } from './plans';
import { quotePlan } from './quote';
import { giveToPlan, openPassesOf } from '../passes/promo';
import { credits } from '../lots/amounts';

export const catalogHandlers: Handlers<'items.list' | 'items.save' | 'items.archive' | 'plans.list' | 'plans.quote' | 'plans.save' | 'plans.archive' | 'plans.giftQuote' | 'plans.gift'> = {
  'items.list': (ctx, input) => {
    const shop = requireShop(ctx.db);
    return { items: listItems(ctx.db, input.includeArchived ?? false).map((r) => itemView(r, shop)) };
  },
  'items.save': (ctx, input) => {
    const shop = requireShop(ctx.db);
    return itemView(saveItem(ctx.db, input, shop.minor_digits, shop.credit_unit, ctx.nowMs), shop);
  },
  'items.archive': (ctx, input) => {
    return itemView(archiveItem(ctx.db, input.id, input.archived, ctx.nowMs), requireShop(ctx.db));
  },
  'plans.list': (ctx, input) => {
    const d = requireShop(ctx.db).minor_digits;
    return { plans: listPlans(ctx.db, input.kind, input.includeArchived ?? false).map((r) => planView(r, d)) };
  },
  'plans.quote': (ctx, input) => quotePlan(ctx.db, requireShop(ctx.db), input.planId, ctx.nowMs),
  'plans.save': (ctx, input) => {
    const shop = requireShop(ctx.db);
    return planView(savePlan(ctx.db, input, shop.minor_digits, shop.credit_unit, ctx.nowMs), shop.minor_digits);
  },
  'plans.giftQuote': (ctx, input) => {
    requirePlan(ctx.db, input.planId);
    return { planId: input.planId, passes: openPassesOf(ctx.db, input.planId, ctx.nowMs).length };
  },
  'plans.gift': (ctx, input) => {
    const g = giveToPlan(ctx.db, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return { planId: input.planId, passes: g.passes, credits: credits(g.creditsUnits) };
  },
  'plans.archive': (ctx, input) => {
    const d = requireShop(ctx.db).minor_digits;
    return planView(archivePlan(ctx.db, input.id, input.archived, ctx.nowMs), d);
  },
};
