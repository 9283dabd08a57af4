// Handlers for core/contract/shop.ts.
import type { Handlers, ServiceContext } from '../api/context';
import { PassbookError } from '../errors';
import { clockState } from '../db/ledgerTime';
import { currencyMinorDigits, MAX_MONEY_MINOR, moneyToString } from '../money/decimal';
import { hashPin, verifyPin } from './pin';
import { findShop, requireShop, shopView } from './settings';
import { normalizeRecoveryCode, recoveryCodeProblem } from './recovery';

const iso = (ms: number) => new Date(ms).toISOString();

/** True once any money row exists; the currency is then fixed. Tables appear in later migrations. */
function moneyTaken(db: import('../db/open').Db): boolean {
  const t = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'journal_lines'").get();
  return t ? db.prepare('SELECT 1 FROM journal_lines LIMIT 1').get() !== undefined : false;
}

/** True once a pass has been sold; the time zone is then fixed (its periods end at midnight in it). */
function passesSold(db: import('../db/open').Db): boolean {
  return db.prepare('SELECT 1 FROM passes LIMIT 1').get() !== undefined;
}

/**
 * Prices are stored in minor units of the shop currency. A change of currency before any money was taken
 * keeps every price the owner typed ("4.50" stays 4.50): stored minor units move by the difference in minor
 * digits (USD 450 -> KWD 4500), exactly, or the change is refused naming the first price the new currency
 * cannot write (4.50 in JPY). Overage prices per credit are stored in millionths whatever the currency.
 */
function rescalePrices(db: import('../db/open').Db, fromDigits: number, toDigits: number, currency: string, at: number): void {
  if (fromDigits === toDigits) return;
  const rows = [
    ...(db.prepare('SELECT id, name, cash_price_minor AS minor FROM items ORDER BY id').all() as { id: number; name: string; minor: number }[]).map((r) => ({ ...r, table: 'items' as const })),
    ...(db.prepare('SELECT id, name, price_minor AS minor FROM plans ORDER BY id').all() as { id: number; name: string; minor: number }[]).map((r) => ({ ...r, table: 'plans' as const })),
  ];
  const factor = 10 ** Math.abs(toDigits - fromDigits); // at most 10^3: exact in a double
  const scaled = rows.map((r) => {
    if (toDigits < fromDigits && r.minor % factor !== 0) {
      throw new PassbookError('VALIDATION', `${r.name} costs ${moneyToString(r.minor, fromDigits)}, which ${currency} cannot write (${toDigits} decimals). Change that price first.`,
        { field: 'currency', [r.table === 'items' ? 'itemId' : 'planId']: r.id });
    }
    const minor = toDigits > fromDigits ? r.minor * factor : r.minor / factor;
    if (!Number.isSafeInteger(minor) || minor > MAX_MONEY_MINOR) {
      throw new PassbookError('VALIDATION', `${r.name}'s price is too large for ${currency}.`, { field: 'currency' });
    }
    return { ...r, minor };
  });
  const item = db.prepare('UPDATE items SET cash_price_minor = ?, updated_at = ? WHERE id = ?');
  const plan = db.prepare('UPDATE plans SET price_minor = ?, updated_at = ? WHERE id = ?');
  for (const r of scaled) (r.table === 'items' ? item : plan).run(r.minor, at, r.id);
}

export const shopHandlers: Handlers<'shop.status' | 'shop.setup' | 'shop.update' | 'owner.unlock' | 'owner.session' | 'owner.lock' | 'owner.changePin' | 'owner.makeRecoveryCode' | 'owner.recover'> = {
  'shop.status': (ctx) => {
    const row = findShop(ctx.db);
    const left = ctx.sessions.peek(ctx.sessionToken);
    return {
      setUp: row !== undefined,
      shop: row ? shopView(row) : null,
      // the session's end and the screen's clock are this computer's clock, not the ledger's instant
      owner: { active: left !== null, expiresAt: left === null ? null : iso(ctx.clockMs + left) },
      now: iso(ctx.clockMs),
      fixed: { currency: row !== undefined && moneyTaken(ctx.db), timeZone: row !== undefined && passesSold(ctx.db) },
      clock: clockState(ctx.db, ctx.clockMs),
      problems: [...ctx.ledger.background.problems.values()].map((p) => ({ work: p.work, since: iso(p.since), message: p.message })),
      ledger: ctx.ledgerMark,
      recoveryCode: {
        madeAt: row?.recovery_hash && row.recovery_made_at !== null ? iso(row.recovery_made_at) : null,
        usedAt: row?.recovery_used_at == null ? null : iso(row.recovery_used_at),
      },
    };
  },

  'shop.setup': (ctx, input) => {
    if (findShop(ctx.db)) throw new PassbookError('ALREADY_SET_UP', 'The shop is already set up.');
    ctx.db
      .prepare(
        `INSERT INTO shop (id, name, currency, minor_digits, time_zone, locale, credit_unit, receipt_footer, pin_hash, created_at, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.name, input.currency, currencyMinorDigits(input.currency), input.timeZone, input.locale, input.creditUnit,
        input.receiptFooter ?? '', hashPin(input.pin), ctx.nowMs, ctx.nowMs);
    return shopView(requireShop(ctx.db));
  },

  'shop.update': (ctx, input) => {
    const row = requireShop(ctx.db);
    if (input.currency && input.currency !== row.currency && moneyTaken(ctx.db)) {
      throw new PassbookError('CONFLICT', 'The currency cannot change after money has been taken.', { field: 'currency' });
    }
    // a pass ends its periods at midnight in the zone it was sold in, and the books date its expiry on that
    // midnight's last day in the shop's zone: with two zones, March's breakage would be booked in April
    if (input.timeZone && input.timeZone !== row.time_zone && passesSold(ctx.db)) {
      throw new PassbookError('CONFLICT', `The time zone cannot change once passes are sold: their periods end at midnight in ${row.time_zone.replace(/_/g, ' ')}, and the books date their month ends by it.`, { field: 'timeZone' });
    }
    if (input.currency && input.currency !== row.currency) rescalePrices(ctx.db, row.minor_digits, currencyMinorDigits(input.currency), input.currency, ctx.nowMs);
    const next = {
      name: input.name ?? row.name,
      currency: input.currency ?? row.currency,
      time_zone: input.timeZone ?? row.time_zone,
      locale: input.locale ?? row.locale,
      credit_unit: input.creditUnit ?? row.credit_unit,
      // absent keeps the footer; null clears it, as null clears an optional field everywhere else (customers.update)
      receipt_footer: input.receiptFooter === undefined ? row.receipt_footer : input.receiptFooter ?? '',
      undo_window_seconds: input.undoWindowSeconds ?? row.undo_window_seconds,
      backup_keep_days: input.backupKeepDays ?? row.backup_keep_days,
    };
    ctx.db
      .prepare(
        `UPDATE shop SET name = ?, currency = ?, minor_digits = ?, time_zone = ?, locale = ?, credit_unit = ?, receipt_footer = ?,
         undo_window_seconds = ?, backup_keep_days = ?, updated_at = ? WHERE id = 1`,
      )
      .run(next.name, next.currency, currencyMinorDigits(next.currency), next.time_zone, next.locale, next.credit_unit,
        next.receipt_footer, next.undo_window_seconds, next.backup_keep_days, ctx.nowMs);
    return shopView(requireShop(ctx.db));
  },

  'owner.unlock': (ctx, input) => {
    const row = requireShop(ctx.db);
    const { token, ttlMs } = ctx.sessions.unlock(() => verifyPin(input.pin, row.pin_hash));
    ctx.sessionChange = { token };
    return { expiresAt: iso(ctx.clockMs + ttlMs) };
  },

  'owner.session': (ctx) => ({ expiresAt: iso(ctx.clockMs + (ctx.sessions.peek(ctx.sessionToken) ?? 0)) }),

  'owner.lock': (ctx) => {
    ctx.sessions.lock(ctx.sessionToken);
    ctx.sessionChange = { token: null };
    return { locked: true as const };
  },

  'owner.changePin': (ctx, input) => {
    const row = requireShop(ctx.db);
    // a wrong current PIN counts toward the same lockout as the unlock gate (no guessing through an open session)
    ctx.sessions.verify(() => verifyPin(input.currentPin, row.pin_hash), { message: 'The current PIN is not right.', field: 'currentPin' }, ctx.sessionToken);
    ctx.db.prepare('UPDATE shop SET pin_hash = ?, updated_at = ? WHERE id = 1').run(hashPin(input.newPin), ctx.nowMs);
    // whoever learned the old PIN may hold an owner session opened with it: only the one changing the PIN stays open
    ctx.sessions.lockOthers(ctx.sessionToken);
    return { changed: true as const };
  },

  'owner.makeRecoveryCode': (ctx, input) => {
    const row = requireShop(ctx.db);
    // as for a PIN change: an owner session left open is not enough, and a wrong PIN here counts toward the lockout
    ctx.sessions.verify(() => verifyPin(input.currentPin, row.pin_hash), { message: 'The current PIN is not right.', field: 'currentPin' }, ctx.sessionToken);
    // the contract has put the code in its one form (capitals, no dashes), so the hash matches however it is typed back
    ctx.db.prepare('UPDATE shop SET recovery_hash = ?, recovery_made_at = ?, recovery_used_at = NULL, updated_at = ? WHERE id = 1')
      .run(hashPin(input.recoveryCode), ctx.nowMs, ctx.nowMs);
    return { madeAt: iso(ctx.nowMs) };
  },

  'owner.recover': (ctx, input) => {
    const row = requireShop(ctx.db);
    const problem = recoveryCodeProblem(input.recoveryCode);
    // a code mistyped to the wrong length is a typo, not a guess: said as such, and no try is counted
    if (problem) throw new PassbookError('VALIDATION', problem, { field: 'recoveryCode' });
    const hash = row.recovery_hash;
    if (!hash) {
      throw new PassbookError('CONFLICT', row.recovery_used_at !== null
        ? 'This shop\'s recovery code was used already, and no new one was made since.'
        : 'This shop has no recovery code.', { reason: 'NO_RECOVERY_CODE' });
    }
    const code = normalizeRecoveryCode(input.recoveryCode)!;
    // through the PIN gate: a wrong code counts toward the same lockout, and a lockout refuses the code too
    ctx.sessions.verify(() => verifyPin(code, hash), { message: 'That recovery code is not right.', field: 'recoveryCode' });
    ctx.db.prepare('UPDATE shop SET pin_hash = ?, recovery_hash = NULL, recovery_used_at = ?, updated_at = ? WHERE id = 1')
      .run(hashPin(input.newPin), ctx.nowMs, ctx.nowMs);
    // whoever held an owner session did so with the PIN that was forgotten, or learned: none stays open
    ctx.sessions.lockAll();
    return { changed: true as const };
  },
};

/**
 * A replay of a write carrying a PIN. The PIN never goes into the stored payload hash (not even hashed), so
 * the hash alone cannot tell a true retry from the same client id with other PINs. A retry must know the PIN
 * the first call left in place; a wrong one is a wrong PIN, counted toward the lockout like any other (else a replay
 * would tell a guess right from wrong for free). So a stale retry, after the PIN has changed again, is refused too.
 */
export const pinReplayChecks: Partial<Record<'owner.changePin' | 'shop.setup' | 'owner.makeRecoveryCode' | 'owner.recover', (ctx: ServiceContext, input: Record<string, unknown>) => void>> = {
  'owner.changePin': (ctx, input) => {
    const row = requireShop(ctx.db);
    ctx.sessions.verify(() => verifyPin(String(input.newPin), row.pin_hash), { message: 'This request already changed the PIN, and the PIN it gives is not the owner PIN now (another PIN, or the PIN was changed again since).', field: 'newPin' });
  },
  'owner.recover': (ctx, input) => {
    const row = requireShop(ctx.db);
    ctx.sessions.verify(() => verifyPin(String(input.newPin), row.pin_hash), { message: 'This request already set a new PIN with the recovery code, and the PIN it gives is not the owner PIN now.', field: 'newPin' });
  },
  'owner.makeRecoveryCode': (ctx, input) => {
    const row = requireShop(ctx.db);
    const hash = row.recovery_hash;
    ctx.sessions.verify(() => hash !== null && verifyPin(normalizeRecoveryCode(String(input.recoveryCode)) ?? '', hash), { message: 'This request already made a recovery code, and the code it gives is not the shop\'s code now (another was made, or it was used).', field: 'recoveryCode' });
  },
  'shop.setup': (ctx, input) => {
    const row = requireShop(ctx.db);
    ctx.sessions.verify(() => verifyPin(String(input.pin), row.pin_hash), { message: 'This request already set the shop up, and the PIN it gives is not the owner PIN now (another PIN, or the PIN was changed since).', field: 'pin' });
  },
};
