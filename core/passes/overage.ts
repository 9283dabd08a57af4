// Settling overage put on account: a payment against the pass's receivable (cash ↑, receivable ↓).
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { ACCOUNTS, overageDue, paymentAccount, postJournal, type PaymentMethod } from '../journal/journal';
import { money, parseMoneyIn } from '../lots/amounts';
import { sql } from '../lots/lots';
import { requirePass } from './passes';
import { shopWords } from '../shop/words';

export interface SettleArgs { passId: number; amount: string; paymentMethod: PaymentMethod; at: number; clientId?: string | null }

/** The payment written: its id, what it took and when. */
export interface Settlement { paymentId: number; amountMinor: number; at: number }

export function settleOverage(db: Db, digits: number, a: SettleArgs): Settlement {
  const pass = requirePass(db, a.passId);
  const amount = parseMoneyIn(a.amount, digits, 'amount', 'positive');
  const due = overageDue(db, pass.id);
  if (amount > due) {
    const say = shopWords(db);
    throw new PassbookError('VALIDATION', `amount: ${say.money(amount)} is more than the ${say.money(Math.max(due, 0))} due.`, {
      field: 'amount', amount: money(amount, digits), due: money(Math.max(due, 0), digits),
    });
  }
  const txId = postJournal(db, {
    kind: 'settle', memo: 'Overage settled', passId: pass.id, customerId: pass.customer_id, at: a.at, clientId: a.clientId ?? null,
    lines: [{ account: paymentAccount(a.paymentMethod), amount }, { account: ACCOUNTS.receivable, amount: -amount }],
  });
  const payment = sql(db, `INSERT INTO payments (kind, pass_id, customer_id, method, amount_minor, journal_tx_id, occurred_at) VALUES ('settlement', ?, ?, ?, ?, ?, ?)`)
    .run(pass.id, pass.customer_id, a.paymentMethod, amount, txId, a.at);
  return { paymentId: Number(payment.lastInsertRowid), amountMinor: amount, at: a.at };
}
