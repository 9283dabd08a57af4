// Handlers for core/contract/reports.ts.
import type { Handlers } from '../api/context';
import { creditsToString, moneyToString } from '../money/decimal';
import { localDateTime } from '../periods/calendar';
import { ACCOUNT_DESCRIPTIONS, accountsForMonth } from './accounts';
import { correctionsPage, correctionsRange } from './corrections';
import { iso } from '../lots/amounts';
import { dailyReport, dailyTotals, deferredRollForward, expiringLots, lowBalancePasses, percentText, shopInfo, type DailyTotals } from './reports';

export const reportsHandlers: Handlers<'reports.deferredRevenue' | 'reports.accounts' | 'reports.daily' | 'reports.lowBalance' | 'reports.expiring' | 'reports.corrections'> = {
  'reports.corrections': (ctx, input) => {
    const d = shopInfo(ctx.db).minor_digits;
    const page = correctionsPage(ctx.db, correctionsRange(ctx.db, input.from, input.to), input.offset, input.limit);
    return {
      from: iso(page.from), to: iso(page.to), total: page.total, offset: input.offset, paidBack: moneyToString(page.paidBackMinor, d),
      entries: page.rows.map((r) => ({
        key: `${r.kind}-${r.id}`, kind: r.kind, at: iso(r.at), by: r.by, customerId: r.customerId, customerName: r.customerName, passId: r.passId, planName: r.planName,
        description: r.description, credits: r.creditsUnits === null ? null : creditsToString(r.creditsUnits),
        money: r.moneyMinor === null ? null : moneyToString(r.moneyMinor, d), reason: r.reason,
      })),
    };
  },
  'reports.accounts': (ctx, input) => {
    const d = shopInfo(ctx.db).minor_digits;
    const m = (n: bigint) => moneyToString(n, d);
    const a = accountsForMonth(ctx.db, input.month ?? null, ctx.nowMs);
    const sum = (k: 'opening' | 'change' | 'closing') => a.accounts.reduce((s, r) => s + r[k], 0n);
    return {
      month: a.month, from: iso(a.from), to: iso(a.to), asOf: iso(Math.min(a.to, ctx.nowMs)),
      accounts: a.accounts.map((r) => ({ account: r.account, description: ACCOUNT_DESCRIPTIONS[r.account] ?? '', opening: m(r.opening), change: m(r.change), closing: m(r.closing) })),
      totals: { opening: m(sum('opening')), change: m(sum('change')), closing: m(sum('closing')) },
    };
  },
  'reports.deferredRevenue': (ctx, input) => {
    const d = shopInfo(ctx.db).minor_digits;
    const m = (n: number | bigint) => moneyToString(n, d);
    const months = deferredRollForward(ctx.db, input.from ?? null, input.to ?? null, ctx.nowMs);
    return {
      months: months.map((r) => ({
        month: r.month, opening: m(r.opening), sold: m(r.sold), recognised: m(r.recognised), breakage: m(r.breakage), fees: m(r.fees), refunds: m(r.refunds),
        other: m(r.other), closing: m(r.closing), journalClosing: m(r.journalClosing),
      })),
      closing: m(months.at(-1)?.closing ?? 0n),
    };
  },
  'reports.daily': (ctx, input) => {
    const d = shopInfo(ctx.db).minor_digits;
    const m = (n: number | bigint) => moneyToString(n, d);
    const view = (r: DailyTotals) => ({
      sales: r.sales, salesAmount: m(r.salesMinor), topUps: r.topUps, topUpsAmount: m(r.topUpsMinor), redemptions: r.redemptions, voided: r.voided,
      creditsRedeemed: creditsToString(r.creditsRedeemed), recognised: m(r.recognisedMinor), overage: m(r.overageMinor), breakage: m(r.breakageMinor), fees: m(r.feesMinor),
      cashSales: r.cashSales, cashSalesAmount: m(r.cashSalesMinor), cashSalesRevenue: m(r.cashSalesRevenueMinor),
      payments: m(r.paymentsMinor), refunds: m(r.refundsMinor),
      till: { cash: m(r.tillMinor.cash), card: m(r.tillMinor.card), other: m(r.tillMinor.other) },
    });
    const days = dailyReport(ctx.db, input.from, input.to);
    return { days: days.map((r) => ({ date: r.date, ...view(r) })), totals: view(dailyTotals(days)) };
  },
  'reports.lowBalance': (ctx) => ({
    passes: lowBalancePasses(ctx.db, ctx.nowMs).map((r) => ({
      passId: r.passId, customerId: r.customerId, customerName: r.customerName, planName: r.planName, creditUnit: r.creditUnit,
      balance: creditsToString(r.balance), thresholdCredits: r.thresholdUnits === null ? null : creditsToString(r.thresholdUnits),
      thresholdPercent: percentText(r.thresholdPercentUnits),
    })),
  }),
  'reports.expiring': (ctx, input) => {
    const shop = shopInfo(ctx.db);
    return {
      lots: expiringLots(ctx.db, ctx.nowMs, input.days).map((r) => ({
        passId: r.passId, customerId: r.customerId, customerName: r.customerName, planName: r.planName, creditUnit: r.creditUnit, lotId: r.lotId,
        source: r.source, credits: creditsToString(r.credits), rollsOver: creditsToString(r.rollsOver), expiresAt: new Date(r.expiresAt).toISOString(),
        expiresLocal: localDateTime(r.expiresAt, shop.time_zone), value: moneyToString(r.valueMinor, shop.minor_digits),
      })),
    };
  },
};
