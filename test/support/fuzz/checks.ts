// The ledger checks the contract fuzz makes around its calls: a fingerprint of every row (did a call write?), the
// ledger invariants and SQLite's own checks (is what a write left consistent?), and a cross-read of one pass through
// the contract (do the screens that show a balance agree with it?).
import crypto from 'node:crypto';
import type { PassbookApp } from '../../../core/app';
import type { CallerState } from '../../../core/api/dispatch';
import type { OutputOf } from '../../../core/contract';
import { dumpAll, ledgerViolations } from '../seedChecks';

/** Hash of every row of every table, FTS shadow tables and schema included: equal hashes, nothing written. */
export function ledgerFingerprint(app: PassbookApp): string {
  return crypto.createHash('sha256').update(JSON.stringify(dumpAll(app.db))).digest('hex');
}

/**
 * The fingerprint, hashed again only when something may have written since the last one: most calls are refused
 * before they touch a row, and hashing every row after each of them was half the run's time. Nothing can have
 * changed while the connection is the same (a restore opens a new one), total_changes() has not moved (it counts
 * every row an INSERT, UPDATE or DELETE changed, triggers included, rolled back or not) and data_version has not
 * (it moves when another connection commits). A refused call that wrote and rolled back is hashed in full.
 */
export class LedgerWatch {
  private seen: { db: PassbookApp['db']; changes: number; version: number; hash: string } | null = null;

  constructor(private readonly app: PassbookApp) {}

  fingerprint(): string {
    const db = this.app.db;
    const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
    const version = db.pragma('data_version', { simple: true }) as number;
    const s = this.seen;
    if (s && s.db === db && s.changes === changes && s.version === version) return s.hash;
    const hash = ledgerFingerprint(this.app);
    // read again after hashing: the dump itself changes nothing, so these are the marks the hash belongs to
    this.seen = { db, changes: db.prepare('SELECT total_changes()').pluck().get() as number, version: db.pragma('data_version', { simple: true }) as number, hash };
    return hash;
  }
}

/** SQLite's integrity_check and foreign_key_check; empty when both are clean. */
export function integrityProblems(app: PassbookApp): string[] {
  const out: string[] = [];
  const ic = app.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  if (ic.length !== 1 || ic[0]!.integrity_check !== 'ok') out.push(`integrity_check: ${JSON.stringify(ic).slice(0, 300)}`);
  const fk = app.db.pragma('foreign_key_check') as unknown[];
  if (fk.length) out.push(`foreign_key_check: ${JSON.stringify(fk).slice(0, 300)}`);
  return out;
}

/** The invariants of test/support/seedChecks.ts, in the shop's currency digits. */
export function invariantViolations(app: PassbookApp, nowMs: number): string[] {
  const digits = (app.db.prepare('SELECT minor_digits FROM shop').pluck().get() as number | undefined) ?? 2;
  return ledgerViolations(app, nowMs, { digits });
}

/** A credits string ("-2.5") in millionths, exactly (a history may sum past 2^53 millionths). */
export function millionths(credits: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(credits);
  if (!m) throw new Error(`not a credits string: ${credits}`);
  const n = BigInt(m[2]!) * 1_000_000n + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -n : n;
}
const sum = (xs: string[]) => xs.reduce((s, x) => s + millionths(x), 0n);
const credits = (n: bigint) => {
  const a = n < 0n ? -n : n;
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${n < 0n ? '-' : ''}${a / 1_000_000n}${frac ? `.${frac}` : ''}`;
};

/**
 * One pass read the ways an owner or the counter sees it, against passes.get: the live lots (owner.lots), the
 * customer's card (customers.get), a statement up to now (its closing and overage due), and the history (its credits
 * add up to the balance). Returns the disagreements, or null when passes.get does not know the pass (a restore took it).
 * The history is compared only while no credits have expired unbooked: expiry is booked by the period close, and
 * until then the history has no entry for it (by design).
 */
export function crossReadProblems(app: PassbookApp, passId: number, owner: CallerState): string[] | null {
  const read = <T>(method: string, input: unknown, caller: CallerState = owner): { ok: true; value: T } | { ok: false; why: string } => {
    const r = app.dispatch(method, input, caller);
    return r.ok ? { ok: true, value: r.value as T } : { ok: false, why: `${method} ${JSON.stringify(input)} answered ${r.error.code}: ${r.error.message}` };
  };
  const got = read<OutputOf<'passes.get'>>('passes.get', { passId }, {});
  if (!got.ok) return null;
  const pass = got.value;
  const balance = millionths(pass.balance);
  const active = pass.status === 'active';
  const problems: string[] = [];

  const lots = read<OutputOf<'owner.lots'>>('owner.lots', { passId });
  const card = read<OutputOf<'customers.get'>>('customers.get', { id: pass.customerId }, {});
  const statement = read<OutputOf<'statements.get'>>('statements.get', { customerId: pass.customerId, passId, from: '2020-01-01T00:00:00.000Z' });
  const history = read<OutputOf<'owner.history'>>('owner.history', { customerId: pass.customerId, passId, limit: 200 });
  for (const r of [lots, card, statement, history]) if (!r.ok) problems.push(r.why);

  if (lots.ok && active) {
    const live = sum(lots.value.lots.filter((l) => l.state === 'live').map((l) => l.remaining));
    if (live !== balance) problems.push(`owner.lots: the live lots hold ${credits(live)}, passes.get says ${pass.balance}`);
  }
  if (card.ok) {
    const onCard = card.value.passes.find((p) => p.id === passId);
    if (!onCard) problems.push('customers.get does not list the pass');
    else if (onCard.balance !== pass.balance) problems.push(`customers.get says ${onCard.balance}, passes.get ${pass.balance}`);
  }
  if (statement.ok) {
    const sp = statement.value.passes.find((p) => p.passId === passId);
    if (sp && sp.closing !== pass.balance) {
      problems.push(`a statement up to now (to ${statement.value.to}) closes at ${sp.closing}, passes.get says ${pass.balance} (status ${pass.status})`);
    }
    if (sp && sp.overageDue !== pass.overageDue) problems.push(`the statement's overage due is ${sp.overageDue}, passes.get says ${pass.overageDue}`);
  }
  const unbookedExpiry = lots.ok && lots.value.lots.some((l) => l.state === 'expired' && millionths(l.remaining) > 0n);
  if (history.ok && active && !unbookedExpiry && history.value.total <= 200) {
    const total = sum(history.value.entries.map((e) => e.credits));
    if (total !== balance) {
      const listed = history.value.entries.map((e) => `${e.kind} ${e.credits}`).reverse().join(', ');
      problems.push(`owner.history's credits add up to ${credits(total)}, passes.get says ${pass.balance} (oldest first: ${listed.slice(0, 400)})`);
    }
  }
  return problems;
}
