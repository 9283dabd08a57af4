// One seeded run of the contract fuzz on a real ledger file: random methods with odd inputs, random clock moves,
// replays and reused client ids, every call checked as it returns (vitest's expect, failing at the first problem
// with the seed, the step, the method and the input, so it reproduces). See test/contractFuzz.test.ts for the checks.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { contract, methodNames, type MethodName } from '../../../core/contract';
import { payloadHash, type CallResult, type CallerState } from '../../../core/api/dispatch';
import type { MethodSpec } from '../../../core/api/method';
import { verifyPin } from '../../../core/shop/pin';
import { PassbookError, type ApiErrorShape } from '../../../core/errors';
import { ownerSession, tempApp, type TestApp } from '../tempApp';
import { crossReadProblems, integrityProblems, invariantViolations, LedgerWatch } from './checks';
import { generators, RECOVERY_CODES, WEIGHTS, type Generator, type Input } from './generators';
import { normalizeRecoveryCode } from '../../../core/shop/recovery';
import { readLive, Recent, writeOddIncoming, type Live } from './pools';
import { chance, clientIdOf, pick, seededRng, type Rng } from './random';
import { setUpShop, type ShopSpec } from './shops';

/** Answers per method and code ('OK' or the error code), over a run. */
export type Tally = Map<string, Map<string, number>>;

/**
 * A fault the fuzz found that is not fixed yet: answers it matches do not fail the run (the other checks still apply,
 * and the ledger must still be unchanged), and are counted. Each has a test of its own that fails once it is fixed.
 */
export interface KnownDefect {
  id: string;
  matches(method: string, input: Input, error: ApiErrorShape): boolean;
}

export interface FuzzReport {
  calls: number;
  /** answers excused by a known defect, by its id */
  knownDefects: Map<string, number>;
  tally: Tally;
  writesChecked: number;
  replays: number;
  conflicts: number;
  crossReads: number;
  /** inputs a generator made that the method's schema refuses: not sent (the fuzz sends only schema-valid input) */
  skipped: number;
}

/** Codes no call may answer: a fault in Passbook, or a raw SQLite / file-system error let through (the disk is fine here). */
const FAULTS = ['INTERNAL', 'DATABASE'];
/** Every PIN the fuzz ever sets: after a restore, the restored ledger's is one of them. */
const PINS = ['1234', '123456', '000000000000', '5678'];
/** Methods whose retry checks the PIN they set again (core/shop/handlers.ts pinReplayChecks). */
const PIN_REPLAYS: Record<string, string> = { 'owner.changePin': 'newPin', 'shop.setup': 'pin', 'owner.recover': 'newPin' };

const spec = (name: string) => contract[name as MethodName] as MethodSpec;

/** An input as a failure message shows it: long strings shortened (they are 5000 characters at times). */
function shown(input: unknown): string {
  return JSON.stringify(input, (_k, v) => (typeof v === 'string' && v.length > 48 ? `${v.slice(0, 24)}…(${v.length} chars)` : v)).slice(0, 1200);
}

interface Write { name: string; input: Input; answer: string; step: number | string }

export async function runFuzz(seed: number, steps: number, shop: ShopSpec, known: readonly KnownDefect[] = []): Promise<FuzzReport> {
  const rng: Rng = seededRng(seed);
  const app: TestApp = tempApp({ setup: false, start: shop.start });
  const clock = app.clockControl;
  const recent = new Recent();
  let pin = shop.pin;
  /** the shop's recovery code as the core keeps it, when it has one */
  let recovery: string | null = null;
  let owner: CallerState = {};
  let live: Live | null = null;
  const watch = new LedgerWatch(app);
  let step: number | string = 'setup';
  let writesSinceIntegrity = 0;
  const writes: Write[] = [];
  const report: FuzzReport = { calls: 0, knownDefects: new Map(), tally: new Map(), writesChecked: 0, replays: 0, conflicts: 0, crossReads: 0, skipped: 0 };
  const where = (name: string, input: unknown) => `seed ${seed} (${shop.label}), step ${step}: ${name} ${shown(input)}`;

  const ensureOwner = () => {
    if (owner.sessionToken && app.sessions.peek(owner.sessionToken) !== null) return;
    try {
      owner = ownerSession(app, pin);
    } catch (err) {
      // locked out by the wrong PINs the fuzz sent: owner calls answer FORBIDDEN until the lockout ends
      if (!(err instanceof PassbookError && err.code === 'LOCKED_OUT')) throw err;
      owner = {};
    }
  };

  /** Sends one call and makes the per-call checks; what kind of call it is decides the replay and conflict checks. */
  async function call(name: string, input: Input, as: { replayOf?: Write; reusing?: Write; asOwner?: boolean } = {}): Promise<CallResult> {
    const s = spec(name);
    const at = where(name, input);
    const caller = s.role === 'owner' || as.asOwner || chance(rng, 0.2) ? owner : {};
    const before = watch.fingerprint();
    let res: CallResult;
    try {
      res = s.async ? await app.dispatchAsync(name, input, caller) : app.dispatch(name, input, caller);
    } catch (err) {
      // (1) the dispatcher answers every failure as a Passbook error; anything thrown past it is a fault
      return expect.fail(`${at} threw ${err instanceof Error ? err.stack : String(err)}`);
    }
    const code = res.ok ? 'OK' : res.error.code;
    report.calls += 1;
    // FUZZ_TRACE=<part of a method name>: print those calls as they go, to see what led up to a failure
    if (process.env.FUZZ_TRACE && name.includes(process.env.FUZZ_TRACE)) console.log(step, name, shown(input), code, res.ok ? '' : res.error.message);
    const byCode = report.tally.get(name) ?? new Map<string, number>();
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
    report.tally.set(name, byCode);
    if (res.sessionChange && caller === owner) owner = res.sessionChange.token ? { sessionToken: res.sessionChange.token } : {};
    const after = watch.fingerprint();

    // (1) no fault (unless a known one)
    const error = res.ok ? null : res.error;
    const knownAs = error && FAULTS.includes(code) ? known.find((k) => k.matches(name, input, error)) : undefined;
    if (knownAs) report.knownDefects.set(knownAs.id, (report.knownDefects.get(knownAs.id) ?? 0) + 1);
    else if (!res.ok) expect(FAULTS, `${at} answered ${code}: ${res.error.message} ${JSON.stringify(res.error.details ?? {})}`).not.toContain(code);
    // (2) a refused call, and any read, leaves every row as it was
    if (!res.ok) expect(after, `${at} was refused (${code}: ${res.error.message}) but changed the ledger`).toBe(before);
    else if (!s.write) expect(after, `${at} is a read but changed the ledger`).toBe(before);

    if (as.replayOf) checkReplay(name, input, res, as.replayOf, at, before, after);
    if (as.reusing) checkReuse(name, input, res, as.reusing, at);

    if (res.ok && s.write && after !== before) {
      // (3) what a successful write leaves is consistent
      report.writesChecked += 1;
      expect(invariantViolations(app, clock.now().getTime()), `${at}: ledger invariants after the write`).toEqual([]);
      writesSinceIntegrity += 1;
      if (writesSinceIntegrity >= 25 || name === 'backup.restore' || name === 'imports.apply') {
        writesSinceIntegrity = 0;
        expect(integrityProblems(app), `${at}: SQLite integrity after the write`).toEqual([]);
      }
      if (name === 'owner.changePin') pin = String(input.newPin);
      if (name === 'owner.makeRecoveryCode') recovery = normalizeRecoveryCode(String(input.recoveryCode));
      if (name === 'owner.recover') { pin = String(input.newPin); recovery = null; }
      if (name === 'backup.restore') afterRestore();
      live = null;
      writes.push({ name, input, answer: JSON.stringify(res.value), step });
    }
    if (res.ok) recent.learn(name, input, res.value);
    return res;
  }

  /** (4) a retry of a successful write: the first answer again, nothing written. */
  function checkReplay(name: string, input: Input, res: CallResult, first: Write, at: string, before: string, after: string) {
    report.replays += 1;
    const kept = app.db.prepare('SELECT result, payload_hash AS hash FROM operations WHERE client_id = ?').get(String(input.clientId).toUpperCase()) as { result: string; hash: string } | undefined;
    const erased = kept?.hash.startsWith('erased:') ?? false;
    expect(after, `${at}: a retry of the write at step ${first.step} wrote to the ledger`).toBe(before);
    if (res.ok) {
      const answer = JSON.stringify(res.value);
      // the one change allowed: customers.forget redacts the kept answers that named the customer
      if (answer !== first.answer) {
        expect(answer, `${at}: a retry of the write at step ${first.step} answered differently, and not with the answer the ledger keeps`).toBe(kept?.result);
        const redacted = app.db.prepare('SELECT 1 FROM erased_operations WHERE client_id = ?').get(String(input.clientId).toUpperCase());
        expect(redacted, `${at}: a retry of the write at step ${first.step} answered differently (first ${first.answer.slice(0, 300)}, now ${answer.slice(0, 300)}) with no erasure to explain it`).toBeTruthy();
      }
      return;
    }
    const code = res.error.code;
    // a forget drops the kept hash of a request that carried the person's details: its retry cannot be matched any more
    if (code === 'CONFLICT' && erased) return;
    // a retry of a PIN change (or setup) checks its PIN again: refused when the PIN was changed since, or while the gate is locked
    const pinField = PIN_REPLAYS[name];
    if (pinField && ((code === 'FORBIDDEN' && String(input[pinField]) !== pin) || code === 'LOCKED_OUT')) return;
    // and a retry of a new recovery code, when another was made or it was used since
    if (name === 'owner.makeRecoveryCode' && ((code === 'FORBIDDEN' && normalizeRecoveryCode(String(input.recoveryCode)) !== recovery) || code === 'LOCKED_OUT')) return;
    expect.fail(`${at}: a retry of the write at step ${first.step} was refused: ${code} ${res.error.message}`);
  }

  /** (4) a client id already used, with another payload (or another method): CONFLICT. */
  function checkReuse(name: string, input: Input, res: CallResult, first: Write, at: string) {
    report.conflicts += 1;
    const same = first.name === name && payloadHash(name, spec(name).input.parse(input)) === payloadHash(first.name, spec(first.name).input.parse(first.input));
    if (same) return; // drawn the same request again: a plain retry
    const code = res.ok ? 'OK' : res.error.code;
    expect(code, `${at}: reuses the client id of ${first.name} at step ${first.step} for another request`).toBe('CONFLICT');
  }

  /** The restored ledger is another file: its PIN and requests are those of its backup. */
  function afterRestore() {
    const hash = app.db.prepare('SELECT pin_hash FROM shop').pluck().get() as string;
    pin = PINS.find((p) => verifyPin(p, hash)) ?? pin;
    const kept = app.db.prepare('SELECT recovery_hash FROM shop').pluck().get() as string | null;
    recovery = kept === null ? null : RECOVERY_CODES.map((c) => normalizeRecoveryCode(c)!).find((c) => verifyPin(c, kept)) ?? null;
    owner = {};
    writeOddIncoming(app);
    const known = new Set(app.db.prepare('SELECT client_id FROM operations').pluck().all() as string[]);
    for (let i = writes.length - 1; i >= 0; i--) if (!known.has(String(writes[i]!.input.clientId).toUpperCase())) writes.splice(i, 1);
  }

  const currentLive = () => (live ??= readLive(app.db, clock.now().getTime()));
  const gen: Record<MethodName, Generator> = generators({
    rng, app, clock, timeZone: shop.timeZone, digits: shop.digits, live: currentLive, recent, pin: () => pin, recovery: () => recovery,
  });
  const names = methodNames;
  const totalWeight = names.reduce((s, m) => s + (WEIGHTS[m] ?? 1), 0);
  const drawMethod = (): MethodName => {
    let x = rng() * totalWeight;
    for (const m of names) { x -= WEIGHTS[m] ?? 1; if (x <= 0) return m; }
    return names[names.length - 1]!;
  };

  /** (5) after a write (`after`: where it was made), the pass it acted on (else any live one) read every way it is shown. */
  function crossRead(after: string, passId: number | undefined) {
    const id = passId ?? pick(rng, currentLive().passes).id;
    ensureOwner();
    const problems = crossReadProblems(app, id, owner);
    if (problems === null) return;
    report.crossReads += 1;
    expect(problems, `${after}; then pass ${id} read through the contract at ${clock.now().toISOString()}`).toEqual([]);
  }

  try {
    await setUpShop(shop, {
      clientId: () => clientIdOf(rng),
      advance: (ms) => clock.advance(ms),
      must: async (name, input, asOwner) => {
        if (spec(name).role === 'owner' || asOwner) ensureOwner();
        const res = await call(name, input, { asOwner });
        if (!res.ok) expect.fail(`${where(name, input)}: the fuzz's setup was refused: ${res.error.code} ${res.error.message}`);
        return res.value;
      },
    });
    writeOddIncoming(app);

    for (step = 0; step < steps; step++) {
      // the clock: time passes; now and then it is set back inside the 5-minute slack (writes are dated at the
      // ledger's last instant, after the clock), back beyond it (writes refused), or ahead
      const c = rng();
      if (c < 0.06) clock.advance(pick(rng, [1000, 1000, 90_000, 90_000, 130_000, 130_000, 3_600_000, 3_600_000, 86_400_000, 86_400_000, 8 * 86_400_000, 8 * 86_400_000, 36 * 86_400_000]));
      else if (c < 0.07) clock.set(new Date(clock.now().getTime() - 3 * 60_000));
      else if (c < 0.075) clock.set(new Date(clock.now().getTime() - 10 * 60_000));
      else if (c < 0.08) clock.set(new Date(clock.now().getTime() + 10 * 60_000));
      if (c < 0.08) live = null; // which passes have ended depends on the time
      ensureOwner();

      // a retry of an earlier write (10%), an earlier client id on another request (3%), else a new call
      const q = rng();
      let name: MethodName;
      let input: Input;
      let as: { replayOf?: Write; reusing?: Write } = {};
      if (q < 0.1 && writes.length && owner.sessionToken) {
        const w = pick(rng, writes);
        name = w.name as MethodName; input = w.input; as = { replayOf: w };
      } else if (q < 0.13 && writes.length && owner.sessionToken) {
        const w = pick(rng, writes);
        do name = drawMethod(); while (!spec(name).write);
        input = { ...gen[name](), clientId: w.input.clientId };
        as = { reusing: w };
      } else {
        name = drawMethod();
        input = gen[name]();
      }
      // only what the schema accepts is sent: the fuzz is about input that gets past validation
      if (!spec(name).input.safeParse(input).success) { report.skipped += 1; continue; }

      const passesKnown = recent.passes.length;
      const res = await call(name, input, as);
      const fresh = res.ok && spec(name).write && !as.replayOf;
      if (fresh) crossRead(where(name, input), recent.passes.length > passesKnown ? recent.lastPass() : undefined);

      // the owner confirms the date when the app asks (CLOCK_AHEAD: a period close), most of the time
      if (!res.ok && res.error.code === 'CLOCK_AHEAD' && chance(rng, 0.5)) {
        ensureOwner();
        const close = { clientId: clientIdOf(rng) };
        const closed = await call('periods.close', close);
        if (closed.ok) crossRead(where('periods.close', close), undefined);
      }
    }

    // every write that succeeded, retried once more at the end
    step = 'final retries';
    for (const w of writes.slice()) {
      ensureOwner();
      if (spec(w.name).role === 'owner' && !owner.sessionToken) continue; // locked out: nothing to learn from FORBIDDEN
      await call(w.name, w.input, { replayOf: w });
    }
    expect(integrityProblems(app), `seed ${seed}: SQLite integrity at the end`).toEqual([]);
    return report;
  } finally {
    app.close();
    fs.rmSync(path.dirname(app.file), { recursive: true, force: true });
  }
}
