// reports.corrections: every correction in a range of the shop's local days, newest first, with who made it and why.
import { describe, expect, it } from 'vitest';
import { beanAndBrew, expectSound } from '../../test/support/sound';
import { codeOf, ownerSession } from '../../test/support/tempApp';
import { cid } from '../passes/scenario';
import fs from 'node:fs';
import path from 'node:path';

/** Bean & Brew's March: a correction of every kind, each at its own minute, by the counter or the owner. */
function aMonthOfCorrections() {
    const { app, s, capp, plan, pass } = beanAndBrew();
    const at = (iso: string) => { app.clockControl.set(iso); app.owner = ownerSession(app, '2468'); };
    const owner = () => app.owner;
    // March 1, 23:30 in New York: the day before the range
    at('2026-03-02T04:30:00.000Z');
    app.call('passes.adjust', { clientId: cid(), passId: pass, credits: '-1', reason: 'Boundary out' }, owner());
    // March 2, 00:30 in New York: the range's first minutes
    at('2026-03-02T05:30:00.000Z');
    app.call('passes.adjust', { clientId: cid(), passId: pass, credits: '1', reason: 'Boundary in' }, owner());
    at('2026-03-02T15:00:00.000Z');
    const r1 = s.redeem(pass, [[capp, '2']]);
    app.call('counter.undo', { clientId: cid(), redemptionId: r1.redemptionId }); // the counter: no PIN
    at('2026-03-02T15:10:00.000Z');
    const r2 = s.redeem(pass, [[capp, '1']]);
    app.call('redemptions.void', { clientId: cid(), redemptionId: r2.redemptionId, reason: 'Wrong card' }, owner());
    at('2026-03-02T15:20:00.000Z');
    app.call('passes.adjust', { clientId: cid(), passId: pass, credits: '2', reason: 'Spilled drink' }, owner());
    at('2026-03-02T15:30:00.000Z');
    const ben = s.sell(s.customer('Ben'), plan);
    app.call('passes.transfer', { clientId: cid(), fromPassId: pass, toPassId: ben, credits: '3', reason: 'For her son' }, owner());
    at('2026-03-02T15:40:00.000Z');
    app.call('passes.givePromo', { clientId: cid(), passId: pass, credits: '1', reason: 'Birthday' }, owner());
    at('2026-03-02T15:50:00.000Z');
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-10', reason: 'Away' }, owner());
    at('2026-03-02T15:55:00.000Z');
    app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Wrong day' }, owner());
    at('2026-03-03T15:00:00.000Z');
    const cy = app.call('passes.sell', { clientId: cid(), customerId: s.customer('Cy'), planId: plan, paymentMethod: 'cash' });
    app.call('passes.undoPurchase', { clientId: cid(), passId: cy.id, lotId: cy.bought!.lotId }); // the counter, within its window
    at('2026-03-03T15:10:00.000Z');
    app.call('passes.refund', { clientId: cid(), passId: ben, reason: 'Moving', paymentMethod: 'cash', fee: '5.00' }, owner());
    at('2026-03-03T15:20:00.000Z');
    const walkIn = app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '2' }], paymentMethod: 'cash' });
    app.call('counter.undoCashSale', { clientId: cid(), saleId: walkIn.saleId });
    at('2026-03-03T15:30:00.000Z');
    const cold = app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '1' }], paymentMethod: 'card' });
    app.call('cashSales.void', { clientId: cid(), saleId: cold.saleId, reason: 'Brought back cold' }, owner());
    // March 31, 23:30 in New York: the range's last minutes; April 1, 00:30: after it
    at('2026-04-01T03:30:00.000Z');
    app.call('passes.givePromo', { clientId: cid(), passId: pass, credits: '1', reason: 'Late gift' }, owner());
    at('2026-04-01T04:30:00.000Z');
    const dee = s.sell(s.customer('Dee'), plan);
    app.call('passes.adjust', { clientId: cid(), passId: dee, credits: '1', reason: 'April' }, owner());
    return app;
}

describe('reports.corrections', () => {
  it('lists a month\'s corrections of every kind, by the counter or the owner, in the shop\'s days, paged exactly', () => {
    const app = aMonthOfCorrections();
    const owner = () => app.owner;
    const march = { from: '2026-03-02', to: '2026-03-31' };
    const r = app.call('reports.corrections', march, owner());
    expect(r).toMatchObject({ from: '2026-03-02T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', total: 14, offset: 0, paidBack: '108.50' });
    expect(r.entries.map((e) => [e.at.slice(5, 16), e.kind, e.by, e.customerName, e.description, e.credits, e.money, e.reason])).toEqual([
      ['04-01T03:30', 'gift', 'owner', 'Anna', 'Free credits given', '1', null, 'Late gift'],
      ['03-03T15:30', 'cash_void', 'owner', null, 'Sale without a pass voided: Cappuccino × 1', null, '-4.50', 'Brought back cold'],
      ['03-03T15:20', 'cash_undo', 'counter', null, 'Sale without a pass undone at the counter: Cappuccino × 2', null, '-9.00', null],
      // Ben's 25 paid drinks less the fee: the 3 moved to him were Anna's free ones (moved first), worth nothing
      ['03-03T15:10', 'refund', 'owner', 'Ben', 'Refunded and cancelled, keeping $5.00 as a cancellation fee', '-28', '-45.00', 'Moving'],
      ['03-03T15:00', 'refund', 'counter', 'Cy', 'Sale undone at the counter; the pass is cancelled', '-25', '-50.00', null],
      ['03-02T15:55', 'extend_undo', 'owner', 'Anna', '25 drinks extension taken back: valid through Mar 31, 2026 instead of Apr 10, 2026', null, null, 'Wrong day'],
      ['03-02T15:50', 'extend', 'owner', 'Anna', '25 drinks extended: valid through Apr 10, 2026 instead of Mar 31, 2026', null, null, 'Away'],
      ['03-02T15:40', 'gift', 'owner', 'Anna', 'Free credits given', '1', null, 'Birthday'],
      // a move of free credits (no money, no journal memo) is still a move
      ['03-02T15:30', 'move', 'owner', 'Ben', 'Credits moved from another pass', '3', null, 'Moved from pass 1: For her son'],
      ['03-02T15:30', 'move', 'owner', 'Anna', 'Credits moved to another pass', '-3', null, 'Moved to pass 2: For her son'],
      ['03-02T15:20', 'adjust', 'owner', 'Anna', 'Credits added', '2', null, 'Spilled drink'],
      ['03-02T15:10', 'void', 'owner', 'Anna', 'Redemption voided: Cappuccino × 1', '1', null, 'Wrong card'],
      ['03-02T15:00', 'undo', 'counter', 'Anna', 'Redemption undone at the counter: Cappuccino × 2', '2', null, null],
      ['03-02T05:30', 'adjust', 'owner', 'Anna', 'Credits added', '1', null, 'Boundary in'],
    ]);
    // every entry names its pass and a unique key; a sale without a pass names none
    expect(new Set(r.entries.map((e) => e.key)).size).toBe(14);
    expect(r.entries.filter((e) => e.passId === null).map((e) => e.kind)).toEqual(['cash_void', 'cash_undo']);
    // pages of 4 put together are the whole list, in the same order
    const pages = [0, 4, 8, 12].flatMap((offset) => app.call('reports.corrections', { ...march, offset, limit: 4 }, owner()).entries);
    expect(pages).toEqual(r.entries);
    // one day: only that day's; a range with nothing: empty, nothing paid back
    expect(app.call('reports.corrections', { from: '2026-03-03', to: '2026-03-03' }, owner())).toMatchObject({ total: 4, paidBack: '108.50' });
    expect(app.call('reports.corrections', { from: '2026-02-01', to: '2026-02-28' }, owner())).toMatchObject({ total: 0, paidBack: '0.00', entries: [] });
    // the customer's history says the move as the report does
    const h = app.call('owner.history', { customerId: r.entries.at(-5)!.customerId!, limit: 50, offset: 0 }, owner()).entries;
    expect(h.find((e) => e.kind === 'adjust' && e.credits === '-3')?.description).toBe('Credits moved to another pass');
    expectSound(app);
  });

  it('exports as CSV, oldest first, for a spreadsheet: the same rows, the shop\'s local time, typed text kept from running as a formula', async () => {
    const app = aMonthOfCorrections();
    const report = app.call('reports.corrections', { from: '2026-03-03', to: '2026-03-03' }, app.owner);
    const r = await app.callAsync('exports.create', { kind: 'corrections', from: report.from, to: report.to }, app.owner);
    expect(r).toMatchObject({ fileName: 'passbook-corrections-2026-03-03-to-2026-03-03-20260401-003000.csv', rows: 4 });
    expect(fs.readFileSync(path.join(app.ledger.exportsDir, r.fileName), 'utf8').split('\n')).toEqual([
      'at,local_time,by,kind,customer_id,customer,pass_id,plan,description,credits,money,currency,reason',
      '2026-03-03T15:00:00.000Z,2026-03-03T10:00:00-05:00,counter,refund,3,Cy,3,Coffee Pass,Sale undone at the counter; the pass is cancelled,-25,-50.00,USD,',
      '2026-03-03T15:10:00.000Z,2026-03-03T10:10:00-05:00,owner,refund,2,Ben,2,Coffee Pass,"Refunded and cancelled, keeping $5.00 as a cancellation fee",-28,-45.00,USD,Moving',
      '2026-03-03T15:20:00.000Z,2026-03-03T10:20:00-05:00,counter,cash_undo,,,,,Sale without a pass undone at the counter: Cappuccino × 2,,-9.00,USD,',
      '2026-03-03T15:30:00.000Z,2026-03-03T10:30:00-05:00,owner,cash_void,,,,,Sale without a pass voided: Cappuccino × 1,,-4.50,USD,Brought back cold',
      '',
    ]);
    // its rows are the report's, in the other order
    expect(report.entries.map((e) => e.key).reverse()).toEqual(['refund-8', 'refund-9', 'cash_undo-1', 'cash_void-2']);
    // typed text that a spreadsheet would run is kept as text
    app.call('passes.adjust', { clientId: cid(), passId: 4, credits: '1', reason: '=HYPERLINK("x")' }, app.owner); // Dee's pass, sold in April
    const today = app.call('reports.corrections', { from: '2026-04-01', to: '2026-04-01' }, app.owner);
    const t = await app.callAsync('exports.create', { kind: 'corrections', from: today.from, to: today.to }, app.owner);
    expect(fs.readFileSync(path.join(app.ledger.exportsDir, t.fileName), 'utf8')).toContain(`,"'=HYPERLINK(""x"")"\n`);
    // refused, leaving no file: no range, upside down, over 400 days, another format, a customer, the counter's role
    const files = fs.readdirSync(app.ledger.exportsDir).sort();
    const refused = (input: Record<string, unknown>, caller = app.owner) => expect(app.callAsync('exports.create', { kind: 'corrections', ...input } as never, caller)).rejects;
    await refused({ from: report.from }).toMatchObject({ code: 'VALIDATION', details: { field: 'to' } });
    await refused({ from: report.to, to: report.from }).toMatchObject({ code: 'VALIDATION', details: { field: 'to' } });
    await refused({ from: '2025-01-01T05:00:00.000Z', to: '2026-03-01T05:00:00.000Z' }).toMatchObject({ code: 'VALIDATION', details: { field: 'to' } });
    await refused({ from: report.from, to: report.to, format: 'hledger' }).toMatchObject({ code: 'VALIDATION', details: { field: 'format' } });
    await refused({ from: report.from, to: report.to, customerId: 1 }).toMatchObject({ code: 'VALIDATION', details: { field: 'customerId' } });
    await refused({ from: report.from, to: report.to }, {}).toMatchObject({ code: 'FORBIDDEN' });
    expect(fs.readdirSync(app.ledger.exportsDir).sort()).toEqual(files);
  });

  it('refuses a range it cannot read, and the counter', () => {
    const { app } = beanAndBrew();
    const code = (input: Record<string, unknown>) => codeOf(app, 'reports.corrections', input, app.owner);
    expect(code({ from: '2026-03-31', to: '2026-03-01' })).toBe('VALIDATION');
    expect(code({ from: '2025-01-01', to: '2026-03-01' })).toBe('VALIDATION'); // over 400 days
    for (const bad of [{ from: '2026-02-30', to: '2026-03-01' }, { from: '2026-3-1', to: '2026-03-01' }, { from: '2026-03-01', to: '2026-03-02', limit: 0 },
      { from: '2026-03-01', to: '2026-03-02', limit: 501 }, { from: '2026-03-01', to: '2026-03-02', offset: -1 }, { from: '2026-03-01', to: '2026-03-02', extra: 1 }]) {
      expect(code(bad), JSON.stringify(bad)).toBe('VALIDATION');
    }
    expect(codeOf(app, 'reports.corrections', { from: '2026-03-01', to: '2026-03-02' })).toBe('FORBIDDEN');
  });
});
