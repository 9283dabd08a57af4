// Owner area state: which section shows, the owner session as this window knows it (the core enforces it:
// every owner method is refused without a live session), the idle lock, and long-work progress.
import { create } from 'zustand';
import { api, ApiError } from '../api/client';
import { useApp } from '../store/app';

export type Section = 'customers' | 'catalog' | 'monthEnd' | 'statements' | 'reports' | 'settings' | 'help';

export const SECTIONS: Array<{ id: Section; label: string }> = [
  { id: 'customers', label: 'Customers' },
  { id: 'catalog', label: 'Plans & items' },
  { id: 'monthEnd', label: 'Month end' },
  { id: 'statements', label: 'Statements' },
  { id: 'reports', label: 'Reports' },
  { id: 'settings', label: 'Settings & data' },
  { id: 'help', label: 'Help' },
];

/** The window locks the owner area after this long without a key press or click (the core's limit is 10 min). */
export const IDLE_LOCK_MS = 5 * 60_000;

export interface Progress { label: string; value: number | null /* 0..1, null: indeterminate */ }

interface OwnerState {
  section: Section;
  /** why the gate is showing again: "locked after inactivity", "session ended" */
  gateNotice: string | null;
  lastActivity: number;
  progress: Progress | null;
  /** the customer opened in the detail view */
  customerId: number | null;
  /** the customer the statements screen opens with */
  statementFor: number | null;
  setSection(s: Section): void;
  openCustomer(id: number | null): void;
  touch(): void;
  lock(notice?: string | null): Promise<void>;
  sessionEnded(): void;
  setProgress(p: Progress | null): void;
}

export const useOwner = create<OwnerState>()((set) => ({
  section: 'customers',
  gateNotice: null,
  lastActivity: Date.now(),
  progress: null,
  customerId: null,
  statementFor: null,
  setSection: (section) => set({ section }),
  openCustomer: (customerId) => set({ customerId, section: 'customers' }),
  touch: () => set({ lastActivity: Date.now() }),
  async lock(notice = null) {
    await api.owner.lock({}).catch(() => undefined);
    useApp.getState().setOwnerActive(false);
    set({ gateNotice: notice, customerId: null, progress: null });
  },
  sessionEnded() {
    useApp.getState().setOwnerActive(false);
    set({ gateNotice: 'The owner session ended. Enter the PIN to continue.', progress: null });
  },
  setProgress: (progress) => set({ progress }),
}));

/** An owner call: a refusal for lack of a session sends the window back to the PIN gate. */
export async function owner<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'FORBIDDEN' && (err.details as { role?: string } | undefined)?.role === 'owner') {
      useOwner.getState().sessionEnded();
    }
    throw err;
  }
}

/** Field → message from an API VALIDATION error (zod issues or a service's { field }). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION') return {};
  const d = err.details as { field?: string; issues?: Array<{ path: string; message: string }> } | undefined;
  const out: Record<string, string> = {};
  const strip = (field: string, m: string) => m.replace(new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*`), '');
  if (d?.issues) for (const i of d.issues) if (i.path && !out[i.path]) out[i.path] = strip(i.path, i.message);
  if (d?.field) out[d.field] = strip(d.field, err.message);
  if (Object.keys(out).length === 0) {
    const m = /^(\w+):\s*(.*)$/.exec(err.message);
    if (m?.[1] && m[2]) out[m[1]] = m[2];
  }
  return out;
}

/** A plain sentence for any error. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return 'Passbook is not answering. Check that it is still running, then try again.';
    if (err.code === 'INTERNAL') return `Something went wrong inside Passbook: ${err.message}`;
    return err.message;
  }
  return String((err as Error)?.message ?? err);
}
