// The ledger's time never runs backwards. Every entry is dated by the computer's clock, and a lot, a statement
// or an undo window is only right if no write lands before what the ledger already holds: a clock set back after
// a month-end close would let an undo refill a lot the close already ended, or spend next month's credits last
// month. A clock a little behind (a time sync, a few minutes) dates the write at the ledger's last instant; a
// clock further behind is refused, in words, and nothing is written.
import type { Db } from './open';
import { PassbookError } from '../errors';
import { sql } from './statements';

/** How far behind the ledger the clock may be and still write (at the ledger's last instant). */
export const CLOCK_SLACK_MS = 5 * 60_000;
/**
 * How far past the ledger's last entry the clock may jump before the owner must confirm the date: a month-end
 * close for months that never happened (a clock set a year ahead) books breakage that cannot be taken back.
 */
export const CLOCK_AHEAD_MS = 35 * 86_400_000;

type Standing = 'ok' | 'slack' | 'behind' | 'ahead';

/** The one rule: how a clock reading stands to the ledger's last instant (0: an empty ledger, always ok). */
function standing(last: number, clockMs: number): Standing {
  if (last === 0) return 'ok';
  if (clockMs < last) return last - clockMs <= CLOCK_SLACK_MS ? 'slack' : 'behind';
  return clockMs - last > CLOCK_AHEAD_MS ? 'ahead' : 'ok';
}

const days = (ms: number) => Math.floor(ms / 86_400_000);

/** How the clock stands to the ledger, for a screen to warn before any write is refused. */
export function clockState(db: Db, clockMs: number): { state: 'ok' | 'behind' | 'ahead'; ledgerAt: string | null } {
  const last = lastLedgerInstant(db);
  const s = standing(last, clockMs);
  return { state: s === 'slack' ? 'ok' : s, ledgerAt: last === 0 ? null : new Date(last).toISOString() };
}

/** The days the clock is past the ledger's last entry when that is more than CLOCK_AHEAD_MS; null otherwise. */
export function clockAhead(db: Db, clockMs: number): { days: number; ledgerAt: number } | null {
  const last = lastLedgerInstant(db);
  return standing(last, clockMs) === 'ahead' ? { days: days(clockMs - last), ledgerAt: last } : null;
}

const LAST_SQL = `SELECT max(
  coalesce((SELECT occurred_at FROM lot_entries ORDER BY id DESC LIMIT 1), 0),
  coalesce((SELECT occurred_at FROM journal_tx ORDER BY id DESC LIMIT 1), 0),
  coalesce((SELECT ran_at FROM period_close_runs ORDER BY id DESC LIMIT 1), 0)) AS t`;

/** The newest instant the ledger holds: its last credit entry, journal transaction or period close run. */
export function lastLedgerInstant(db: Db): number {
  return (sql(db, LAST_SQL).get() as { t: number }).t;
}

/**
 * "Now" for a read: the instant a write made now would be dated at (writeInstant), without its refusals. A clock up
 * to CLOCK_SLACK_MS behind dates writes at the ledger's last instant, and reads by the clock then left out the very
 * sale and redemption the counter had just made (a statement, the month's accounts) or still counted credits the
 * ledger had ended. Further behind, writes are refused and reads go by the clock, so none says an undo is open.
 */
export function readInstant(db: Db, clockMs: number): number {
  const last = lastLedgerInstant(db);
  return standing(last, clockMs) === 'slack' ? last : clockMs;
}

/**
 * The instant a write is dated at: the clock's, or the ledger's last instant when the clock is up to
 * CLOCK_SLACK_MS behind it. Further behind: CLOCK_BEHIND, with both instants. More than CLOCK_AHEAD_MS past it:
 * CLOCK_AHEAD, unless this write is the owner's close, which confirms the date.
 */
export function writeInstant(db: Db, clockMs: number, opts: { confirmsDate?: boolean } = {}): number {
  const last = lastLedgerInstant(db);
  const at = { clockAt: new Date(clockMs).toISOString(), ledgerAt: new Date(last).toISOString() };
  switch (standing(last, clockMs)) {
    case 'ok': return clockMs;
    case 'slack': return last;
    case 'ahead':
      if (opts.confirmsDate) return clockMs;
      throw new PassbookError('CLOCK_AHEAD',
        `This computer's clock is ${days(clockMs - last)} days past the ledger's last entry. If the shop was closed that long, the owner confirms the date by closing the periods in Month end; if the date is wrong, set it right. Nothing was written.`,
        { ...at, days: days(clockMs - last) });
    case 'behind':
      throw new PassbookError('CLOCK_BEHIND',
        `This computer's clock is ${spanWords(last - clockMs)} behind the ledger's last entry. Set the date and time right, then try again; nothing was written.`, at);
  }
}

/** A span of time in words a cashier reads at a glance: "2 days 23 h", "1 h 5 min", "7 min". */
export function spanWords(ms: number): string {
  const min = Math.ceil(ms / 60_000);
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d > 0) return `${d} day${d === 1 ? '' : 's'}${h ? ` ${h} h` : ''}`;
  if (h > 0) return `${h} h${m ? ` ${m} min` : ''}`;
  return `${m} min`;
}
