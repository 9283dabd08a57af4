// App-level UI state: is the shop set up, its settings, which area is showing, the server's clock offset.
import { create } from 'zustand';
import type { ShopView } from '../../../core/contract/common';
import { api, ApiError, newClientId, notifyLedgerReplaced, setLedgerMark } from '../api/client';

export type Area = 'counter' | 'owner';

interface AppState {
  phase: 'loading' | 'setup' | 'ready' | 'error';
  /** which ledger the screens were read from (shop.status's `ledger`; api/client.ts sends it with every call) */
  ledger: string | null;
  shop: ShopView | null;
  ownerActive: boolean;
  /** server time minus local time, ms (the host's clock is settable in test mode) */
  clockOffset: number;
  /** how the computer's clock stands to the ledger (core/db/ledgerTime.ts): writes are refused unless 'ok' */
  clock: { state: 'ok' | 'behind' | 'ahead'; ledgerAt: string | null; now: string } | null;
  /** background work that is failing (the daily backup, the month-end close), as shop.status says */
  problems: { work: 'backup' | 'close' | 'ledger'; since: string; message: string }[];
  /** the owner PIN's recovery code: when it was made (null: none) and when the last one was used */
  recoveryCode: { madeAt: string | null; usedAt: string | null } | null;
  /** ask again how the clock stands (a cheap read; the banner follows it) */
  checkClock(): Promise<void>;
  area: Area;
  loadError: string | null;
  setupPending: boolean;
  setupError: ApiError | null;
  setupClientId: string;
  demoClientId: string;
  load(): Promise<void>;
  setup(input: { name: string; currency: string; timeZone: string; locale: string; pin: string; creditUnit?: string }): Promise<boolean>;
  loadDemo(): Promise<boolean>;
  setArea(area: Area): void;
  setOwnerActive(active: boolean): void;
  now(): number;
}

export const useApp = create<AppState>()((set, get) => {
  /** Setup and the demo share one flow: one at a time, then the shop is loaded; errors stay on screen. */
  async function firstRun(create: () => Promise<unknown>): Promise<boolean> {
    if (get().setupPending) return false;
    set({ setupPending: true, setupError: null });
    try {
      await create();
      await get().load();
      set({ setupPending: false });
      return true;
    } catch (err) {
      set({ setupPending: false, setupError: err as ApiError });
      return false;
    }
  }

  return {
    phase: 'loading',
    ledger: null,
    shop: null,
    ownerActive: false,
    clockOffset: 0,
    clock: null,
    problems: [],
    recoveryCode: null,
    area: 'counter',
    loadError: null,
    setupPending: false,
    setupError: null,
    setupClientId: newClientId(),
    demoClientId: newClientId(),

    async load() {
      try {
        const s = await api.shop.status({});
        // another ledger than the screens were read from (a restore elsewhere, seen by an unlock or a retry before the
        // minute's clock check): they start over first (store/restored.ts clears `ledger`, then loads again)
        if (get().ledger !== null && s.ledger !== get().ledger) { notifyLedgerReplaced(); return; }
        setLedgerMark(s.ledger);
        set({
          ledger: s.ledger, phase: s.setUp ? 'ready' : 'setup', shop: s.shop, ownerActive: s.owner.active,
          clockOffset: new Date(s.now).getTime() - Date.now(), loadError: null, clock: { ...s.clock, now: s.now }, problems: s.problems,
          recoveryCode: s.recoveryCode,
        });
      } catch (err) {
        set({ phase: 'error', loadError: (err as Error).message });
      }
    },

    async checkClock() {
      try {
        const s = await api.shop.status({});
        // restored from a backup in another tab: this page's screens belong to the ledger before (client.ts)
        if (get().ledger !== null && s.ledger !== get().ledger) { notifyLedgerReplaced(); return; }
        // a shop set up, or brought back from a backup, in another window while this one showed the first screen
        if (get().phase === 'setup' && s.setUp) { await get().load(); return; }
        set({ clock: { ...s.clock, now: s.now }, clockOffset: new Date(s.now).getTime() - Date.now(), problems: s.problems, recoveryCode: s.recoveryCode });
      } catch { /* Passbook not answering: the screens say so where it matters */ }
    },

    async setup(input) {
      return firstRun(() => api.shop.setup({ clientId: get().setupClientId, ...input }));
    },

    async loadDemo() {
      return firstRun(() => api.shop.loadDemo({ clientId: get().demoClientId }));
    },

    setArea: (area) => set({ area }),
    setOwnerActive: (ownerActive) => set({ ownerActive }),
    now: () => Date.now() + get().clockOffset,
  };
});
