// The seeds' worked examples (../shared/seeds), as written, through the contract on a real ledger file.
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp } from './support/tempApp';
import { accountBalance, cid, scenario, unbalancedTransactions } from '../core/passes/scenario';
import { PassbookError } from '../core/errors';

describe('seeds: worked examples', () => {
  it('Zoho: Anna\'s 5 TB storage pass: 800 GB → 4,200; 100 GB compressed at 0.5 → 4,150; 1,000 more → 3,150', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const storage = s.item('Storage', '1', '0.10', { usageUnit: 'GB', creditUnit: 'GB' });
    const compressed = s.item('Compressed storage', '0.5', '0.05', { usageUnit: 'GB', creditUnit: 'GB' });
    const plan = s.plan({ name: 'Prepaid Storage 5 TB', creditUnit: 'GB', credits: '5000', price: '500', validity: 'month', rolloverPolicy: 'all' });
    const pass = s.sell(s.customer('Anna'), plan);
    expect(s.balance(pass)).toBe('5000');
    expect(s.redeem(pass, [[storage, '800']]).balanceAfter).toBe('4200');
    const r = s.redeem(pass, [[compressed, '100']]);
    expect(r.creditsUsed).toBe('50');
    expect(r.balanceAfter).toBe('4150');
    app.clockControl.advance(9 * 86_400_000); // day 10
    expect(s.redeem(pass, [[storage, '1000']]).balanceAfter).toBe('3150');
    expect(s.balance(pass)).toBe('3150');
  });

  it('Zuora: 100 Points, 2 Points = 1 Hour: 10 hours → 80 Points', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const hour = s.item('Gaming time', '2', '1.00', { usageUnit: 'hour', creditUnit: 'Point' });
    const pass = s.sell(s.customer('Gamer'), s.plan({ name: '100 Points', creditUnit: 'Point', credits: '100', price: '10' }));
    const r = s.redeem(pass, [[hour, '10']]);
    expect(r.lines[0]).toMatchObject({ quantity: '10', rate: '2', credits: '20' });
    expect(r.balanceAfter).toBe('80');
  });

  it('Zuora: 2.5 Points = 1 Hour, 1 Point left, 0.1 Hour → 0.75 Point', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const hour = s.item('Gaming time', '2.5', '1.00', { usageUnit: 'hour', creditUnit: 'Point' });
    const pass = s.sell(s.customer('Gamer'), s.plan({ name: '100 Points', creditUnit: 'Point', credits: '100', price: '10' }));
    expect(s.redeem(pass, [[hour, '39.6']]).balanceAfter).toBe('1'); // 39.6 × 2.5 = 99 exactly
    const r = s.redeem(pass, [[hour, '0.1']]);
    expect(r.creditsUsed).toBe('0.25');
    expect(r.balanceBefore).toBe('1');
    expect(r.balanceAfter).toBe('0.75');
  });

  it('Zuora: $20 for 10 million API calls + $3 top-up of 1 million, overage $5 per million', () => {
    // Credits are counted in millions of calls (credit unit "million calls"), to the millionth: one call = 0.000001.
    const app = tempApp();
    const s = scenario(app, app.owner);
    const calls = s.item('API calls', '1', '5.00', { usageUnit: 'million calls', creditUnit: 'million calls' });
    const monthly = s.plan({ name: 'Monthly Plan', creditUnit: 'million calls', credits: '10', price: '20', validity: 'month', overagePolicy: 'allow', overagePricePerCredit: '5' });
    const topUp = s.plan({ name: 'One-time Top-up', kind: 'topup', creditUnit: 'million calls', credits: '1', price: '3' });
    const cust = s.customer('API Co');
    const pass = s.sell(cust, monthly, 'card');
    app.call('passes.topUp', { clientId: cid(), passId: pass, packId: topUp, paymentMethod: 'card' });
    expect(s.balance(pass)).toBe('11');
    // 12,345,678 calls: 11 million prepaid, 1,345,678 over at $5 per million = $6.72839 → $6.73
    const input = { clientId: cid(), passId: pass, items: [{ itemId: calls, quantity: '12.345678' }] };
    let err: PassbookError | undefined;
    try { app.call('counter.redeem', input); } catch (e) { err = e as PassbookError; }
    expect(err?.code).toBe('INSUFFICIENT_CREDITS');
    expect(err?.details).toMatchObject({ has: '11', needs: '12.345678', overageCredits: '1.345678', overageAmount: '6.73', overagePolicy: 'allow' });
    const r = app.call('counter.redeem', { ...input, overageSettlement: 'account' });
    expect(r.balanceAfter).toBe('0');
    expect(r.overage).toEqual({ credits: '1.345678', amount: '6.73', settlement: 'account', paymentMethod: null });
    expect(r.lotsTouched.map((l) => l.credits)).toEqual(['10', '1']); // the monthly lot expires first
    const view = app.call('passes.get', { passId: pass });
    expect(view.overageDue).toBe('6.73');
    // revenue: the $20 + $3 fully recognised, $6.73 overage on account
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-2300);
    expect(accountBalance(app.db, 'revenue:overage')).toBe(-673);
    expect(accountBalance(app.db, 'assets:receivable:overage')).toBe(673);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(0);
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });

  it('Bean & Brew: $50 for 25 drinks recognises $2.00 per drink, and the journal balances', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const cappuccino = s.item('Cappuccino', '1', '4.50', { usageUnit: 'drink', hotkey: '1' });
    const coffeePass = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
    const pass = s.sell(s.customer('Regular'), coffeePass, 'cash');
    expect(accountBalance(app.db, 'assets:cash')).toBe(5000);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(-5000);
    expect(app.call('passes.get', { passId: pass }).lots[0]?.costBasis).toBe('2.00');
    for (let i = 1; i <= 25; i += 1) {
      s.redeem(pass, [[cappuccino, '1']]);
      expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-200 * i);
      app.clockControl.advance(3_600_000);
    }
    expect(s.balance(pass)).toBe('0');
    expect(accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(0);
    const perDrink = app.db.prepare("SELECT DISTINCT money_minor AS m FROM lot_entries WHERE kind = 'redeem'").all();
    expect(perDrink).toEqual([{ m: 200 }]);
    expect(unbalancedTransactions(app.db)).toEqual([]);
    // the 26th drink: block policy, nothing written, "has 0, needs 1"
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: cappuccino, quantity: '1' }] })).toBe('INSUFFICIENT_CREDITS');
  });
});
