// A running Passbook: one ledger file, its dispatcher, its clock. Used by Electron main,
// the headless host, the bench and the tests alike.
import { openLedger, type Db, type OpenOptions } from './db/open';
import { createDispatcher, type CallResult, type CallerState } from './api/dispatch';
import { systemClock, type Clock } from './api/context';
import { OwnerSessions } from './shop/sessions';
import type { InputOf, MethodName, OutputOf } from './contract';
import { PassbookError } from './errors';

export interface AppOptions extends OpenOptions {
  clock?: Clock;
  checkOutput?: boolean;
}

export interface PassbookApp {
  db: Db;
  file: string;
  clock: Clock;
  sessions: OwnerSessions;
  dispatch(name: string, input: unknown, caller?: CallerState): CallResult;
  /** every method, including async long work (backup, restore): what IPC and HTTP use */
  dispatchAsync(name: string, input: unknown, caller?: CallerState): Promise<CallResult>;
  /** typed call for Node code and tests: throws PassbookError on failure */
  call<N extends MethodName>(name: N, input: InputOf<N>, caller?: CallerState): OutputOf<N>;
  close(): void;
}

export function createApp(file: string, opts: AppOptions = {}): PassbookApp {
  const db = openLedger(file, opts);
  const clock = opts.clock ?? systemClock;
  const sessions = new OwnerSessions();
  const { dispatch, dispatchAsync } = createDispatcher({ db, clock, sessions, checkOutput: opts.checkOutput ?? process.env.NODE_ENV !== 'production' });
  return {
    db, file, clock, sessions, dispatch, dispatchAsync,
    call(name, input, caller) {
      const r = dispatch(name, input, caller);
      if (!r.ok) throw new PassbookError(r.error.code, r.error.message, r.error.details);
      return r.value as never;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
