// Handlers for corrections: counter.undo, redemptions.void, passes.adjust, passes.refund, passes.settleOverage,
// passes.undoPurchase, passes.refundTopUp, passes.refundCredits, passes.givePromo, passes.transfer, passes.extend, passes.undoExtension, passes.undoClosure.
import type { Handlers } from '../api/context';
import { settleOverage } from '../passes/overage';
import { passView } from '../passes/passes';
import { requireShop, type ShopRow } from '../shop/settings';
import type { Db } from '../db/open';
import { shopWords } from '../shop/words';
import { adjustPass } from './adjust';
import { quoteRefund, refundPass, refundTopUp } from './refund';
import { checkShownMoney, credits, iso, money, parseMoneyIn } from '../lots/amounts';
import { restoreRedemption } from './restore';
import { undoPurchase } from './purchaseUndo';
import { rolledBack } from '../db/statements';
import { givePromo } from '../passes/promo';
import { transferCredits } from './transfer';
import { quoteCreditsRefund, refundCredits } from './refundCredits';
import { extendAll, extendPass, planExtendAll, planUndoClosure, planUndoExtension, undoClosure, undoExtension, type ClosureUndo, type ExtendAllPlan, type ExtensionUndo } from './extend';

/**
 * The money back as the owner's screen said it (checkShownMoney): the counter may have used the pass since the quote was
 * read. Checked once the refund is worked out; throwing rolls it back (the call's one transaction), so nothing is written.
 */
function checkShownRefund(db: Db, shop: ShopRow, shown: string | undefined, refundedMinor: number): void {
  checkShownMoney(shown, refundedMinor, shop.minor_digits, 'expectedRefund', 'refunded', shopWords(db).money,
    (now, was) => `This refund now pays back ${now}, not ${was} as the screen said: the pass changed meanwhile. Nothing was written: look at the new amount and confirm again.`);
}

export const correctionsHandlers: Handlers<'counter.undo' | 'redemptions.void' | 'passes.adjust' | 'passes.refund' | 'passes.refundQuote' | 'passes.settleOverage' | 'passes.undoPurchase' | 'passes.refundTopUp' | 'passes.refundCredits' | 'passes.givePromo' | 'passes.transfer' | 'passes.extend' | 'passes.extendAll' | 'passes.extendAllQuote' | 'passes.undoExtension' | 'passes.undoExtensionQuote' | 'passes.undoClosure' | 'passes.undoClosureQuote'> = {
  'counter.undo': (ctx, input) =>
    restoreRedemption(ctx.db, requireShop(ctx.db), { redemptionId: input.redemptionId, kind: 'undo', at: ctx.nowMs, clientId: ctx.clientId ?? null }),
  'redemptions.void': (ctx, input) =>
    restoreRedemption(ctx.db, requireShop(ctx.db), { redemptionId: input.redemptionId, kind: 'void', reason: input.reason, at: ctx.nowMs, clientId: ctx.clientId ?? null }),
  'passes.adjust': (ctx, input) => {
    const shop = requireShop(ctx.db);
    adjustPass(ctx.db, shop.minor_digits, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return passView(ctx.db, input.passId, ctx.nowMs, shop);
  },
  'passes.extend': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const e = extendPass(ctx.db, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return {
      ...passView(ctx.db, input.passId, ctx.nowMs, shop),
      extended: {
        through: input.through, expiresAt: iso(e.expiresAt), credits: credits(e.lots.reduce((s, l) => s + l.creditsUnits, 0)),
        lots: e.lots.map((l) => ({ lotId: l.lotId, credits: credits(l.creditsUnits), previousExpiresAt: iso(l.previousExpiresAt) })),
      },
    };
  },
  // the quote books what is due on the pass as a write would, so it runs in a savepoint rolled back
  'passes.undoExtensionQuote': (ctx, input) => ({ passId: input.passId, ...undoView(rolledBack(ctx.db, () => planUndoExtension(ctx.db, { ...input, at: ctx.nowMs }))) }),
  'passes.undoExtension': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const u = undoExtension(ctx.db, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return { ...passView(ctx.db, input.passId, ctx.nowMs, shop), undone: undoView(u) };
  },
  'passes.undoClosureQuote': (ctx) => closureUndoView(planUndoClosure(ctx.db, ctx.nowMs)),
  'passes.undoClosure': (ctx, input) => closureUndoView(undoClosure(ctx.db, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null })),
  'passes.extendAllQuote': (ctx, input) => extendAllView(planExtendAll(ctx.db, { ...input, at: ctx.nowMs }), input.through),
  'passes.extendAll': (ctx, input) => extendAllView(extendAll(ctx.db, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null }), input.through),
  'passes.givePromo': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const g = givePromo(ctx.db, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return { ...passView(ctx.db, input.passId, ctx.nowMs, shop), given: { lotId: g.lotId, credits: credits(g.creditsUnits), expiresAt: g.expiresAt === null ? null : iso(g.expiresAt) } };
  },
  'passes.transfer': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const t = transferCredits(ctx.db, shop.minor_digits, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return {
      from: passView(ctx.db, input.fromPassId, ctx.nowMs, shop), to: passView(ctx.db, input.toPassId, ctx.nowMs, shop),
      moved: { credits: credits(t.creditsUnits), value: money(t.valueMinor, shop.minor_digits) },
    };
  },
  'passes.refund': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const { fee, expectedRefund, ...rest } = input;
    const feeMinor = fee === undefined ? 0 : parseMoneyIn(fee, shop.minor_digits, 'fee', 'nonnegative');
    const r = refundPass(ctx.db, { ...rest, feeMinor, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    checkShownRefund(ctx.db, shop, expectedRefund, r.refundedMinor);
    const d = shop.minor_digits;
    return { ...passView(ctx.db, input.passId, ctx.nowMs, shop), refunded: money(r.refundedMinor, d), settledOnAccount: money(r.settledMinor, d), fee: money(r.feeMinor, d) };
  },
  'passes.refundTopUp': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const { expectedRefund, ...rest } = input;
    const r = refundTopUp(ctx.db, { ...rest, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    checkShownRefund(ctx.db, shop, expectedRefund, r.refundedMinor);
    const d = shop.minor_digits;
    return { ...passView(ctx.db, input.passId, ctx.nowMs, shop), refunded: money(r.refundedMinor, d), credits: credits(r.credits), settledOnAccount: money(r.settledMinor, d) };
  },
  'passes.refundCredits': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const { fee, expectedRefund, ...rest } = input;
    const feeMinor = fee === undefined ? 0 : parseMoneyIn(fee, shop.minor_digits, 'fee', 'nonnegative');
    const r = refundCredits(ctx.db, shop.minor_digits, { ...rest, feeMinor, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    checkShownRefund(ctx.db, shop, expectedRefund, r.refundedMinor);
    const d = shop.minor_digits;
    return {
      ...passView(ctx.db, input.passId, ctx.nowMs, shop), refunded: money(r.refundedMinor, d), credits: credits(r.credits), settledOnAccount: money(r.settledMinor, d),
      fee: money(r.feeMinor, d),
    };
  },
  'passes.refundQuote': (ctx, input) => {
    const d = requireShop(ctx.db).minor_digits;
    const q = input.credits === undefined ? quoteRefund(ctx.db, input.passId, ctx.nowMs) : quoteCreditsRefund(ctx.db, d, input.passId, input.credits, ctx.nowMs);
    return { passId: input.passId, credits: credits(q.credits), settledOnAccount: money(q.settledMinor, d), refunded: money(q.refundedMinor, d) };
  },
  'passes.settleOverage': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const paid = settleOverage(ctx.db, shop.minor_digits, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    const settled = { paymentId: paid.paymentId, amount: money(paid.amountMinor, shop.minor_digits), paymentMethod: input.paymentMethod, at: iso(paid.at) };
    return { ...passView(ctx.db, input.passId, ctx.nowMs, shop), settled };
  },
  'passes.undoPurchase': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const u = undoPurchase(ctx.db, shop, { ...input, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    const undone = { kind: u.kind, credits: credits(u.creditsUnits), refunded: money(u.refundedMinor, shop.minor_digits), paymentMethod: u.paymentMethod };
    return { ...passView(ctx.db, input.passId, ctx.nowMs, shop), undone };
  },
};

/** A closure's extension, planned or done, in wire form: counts, and the credits per unit. */
function extendAllView(plan: ExtendAllPlan, through: string) {
  return { through, expiresAt: iso(plan.expiresAt), ...reach(plan.lots) };
}

/** A closure taken back (or quoted), in wire form. */
function closureUndoView(u: ClosureUndo | null) {
  return { closedAt: u ? iso(u.closedAt) : null, reason: u?.reason ?? null, extendedTo: u ? iso(u.extendedTo) : null, ...reach(u?.lots ?? []), kept: u?.kept ?? 0 };
}

/** How far a shop-wide change reaches: passes, customers, lots, and the credits per unit (drinks and hours do not add up). */
function reach(lots: ReadonlyArray<{ passId: number; customerId: number; creditUnit: string; creditsUnits: number }>) {
  const byUnit = new Map<string, number>();
  for (const l of lots) byUnit.set(l.creditUnit, (byUnit.get(l.creditUnit) ?? 0) + l.creditsUnits);
  return {
    passes: new Set(lots.map((l) => l.passId)).size, customers: new Set(lots.map((l) => l.customerId)).size, lots: lots.length,
    credits: [...byUnit].map(([unit, units]) => ({ unit, credits: credits(units) })),
  };
}

/** An extension taken back (or quoted), in wire form. */
function undoView(u: ExtensionUndo | null) {
  return {
    extendedAt: u ? iso(u.extendedAt) : null, extendedReason: u?.extendedReason ?? null,
    credits: credits(u ? u.lots.reduce((s, l) => s + l.creditsUnits, 0) : 0),
    lots: (u?.lots ?? []).map((l) => ({ lotId: l.lotId, credits: credits(l.creditsUnits), extendedTo: iso(l.extendedTo), expiresAt: iso(l.expiresAt) })),
    rolloverPassed: u?.rolloverPassed ? { at: iso(u.rolloverPassed.at), credits: credits(u.rolloverPassed.creditsUnits) } : null,
  };
}
