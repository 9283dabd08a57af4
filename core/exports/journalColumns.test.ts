// The journal CSV's debit and credit columns: unsigned amounts that net, as an accountant's sheet expects (a sign kept
// in the credit column survived every other test).
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { beanAndBrew } from '../../test/support/sound';
import { exportChunks } from './exports';

describe('the journal CSV', () => {
  it('journal CSV: debit and credit columns are unsigned amounts that balance', () => {
    const { app } = beanAndBrew();
    const rows = parse([...exportChunks(app.db, 'journal', 'csv', Date.now()).chunks].join(''), { columns: true }) as Record<string, string>[];
    const deferred = rows.find((r) => r.account === 'liabilities:deferred-revenue')!;
    expect([deferred.debit, deferred.credit, deferred.amount]).toEqual(['', '50.00', '-50.00']);
    for (const r of rows) { expect(r.debit?.startsWith('-')).toBe(false); expect(r.credit?.startsWith('-')).toBe(false); }
  });
});
