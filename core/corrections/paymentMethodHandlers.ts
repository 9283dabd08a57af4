// Handlers for core/contract/payments.ts: a day's payments of passes, and a payment's way corrected.
import type { Handlers } from '../api/context';
import { moneyToString } from '../money/decimal';
import { iso } from '../lots/amounts';
import { nextLocalMidnight, startOfLocalDate } from '../periods/calendar';
import { requireShop } from '../shop/settings';
import type { PaymentView } from '../contract/payments';
import { changePaymentMethod, paymentsBetween } from './paymentMethod';

export const paymentsHandlers: Handlers<'payments.list' | 'payments.changeMethod'> = {
  'payments.list': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const from = startOfLocalDate(input.date, shop.time_zone);
    return {
      payments: paymentsBetween(ctx.db, from, nextLocalMidnight(from, shop.time_zone), input.limit).map((p) => ({
        paymentId: p.paymentId, at: iso(p.at), kind: p.kind as PaymentView['kind'], passId: p.passId, planName: p.planName,
        customerId: p.customerId, customerName: p.customerName, amount: moneyToString(p.amountMinor, shop.minor_digits),
        paymentMethod: p.method, recordedMethod: p.recordedMethod, changes: p.changes.map((c) => ({ ...c, at: iso(c.at) })),
      })),
    };
  },
  'payments.changeMethod': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const paid = input.paymentId !== undefined ? { paymentId: input.paymentId } : { cashSaleId: input.saleId! };
    const c = changePaymentMethod(ctx.db, { ...paid, to: input.paymentMethod, reason: input.reason, at: ctx.nowMs, clientId: ctx.clientId ?? null });
    return {
      changeId: c.changeId, at: iso(c.at), paymentId: c.paymentId, saleId: c.cashSaleId,
      from: c.from, to: c.to, amount: moneyToString(c.amountMinor, shop.minor_digits),
    };
  },
};
