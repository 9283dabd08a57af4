// Owner area state: which section shows, the owner session as this window knows it (the core enforces it:
// every owner method is refused without a live session), the idle lock, and long-work progress.
import { useState } from 'react';
import { create } from 'zustand';
import { api, ApiError } from '../api/client';
import { useApp } from '../store/app';
import type { OutputOf } from '../../../core/contract';

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
/**
 * While the window sees the owner at work (typing in a form makes no calls), it renews the core's session
 * after this long: any owner call renews it (core/api/dispatch.ts; counter calls never do), owner.session is the cheapest.
 * Well inside the core's 10 minutes.
 */
export const RENEW_AFTER_MS = 2 * 60_000;

export type SettingsPart = 'shop' | 'pin' | 'data' | 'import';
export type OffsiteCopies = OutputOf<'backup.list'>['copies'];

export interface Progress { label: string; value: number | null /* 0..1, null: indeterminate */ }

interface OwnerState {
  section: Section;
  /** why the gate is showing again: "locked after inactivity", "session ended" */
  gateNotice: string | null;
  lastActivity: number;
  /** when this window last heard the core renew the owner session (ms, this window's clock) */
  renewedAt: number;
  /**
   * The owner screens stay mounted behind the PIN gate once opened, so half-typed work (a plan, an item,
   * settings) survives an idle lock or a session the core ended; false after a deliberate Lock or a restore.
   */
  opened: boolean;
  /** the element that had the focus in the owner area when the gate came up: it gets it back after the PIN */
  focusBefore: HTMLElement | null;
  progress: Progress | null;
  /** the customer opened in the detail view */
  customerId: number | null;
  /**
   * The customer list as the owner left it (Find, filter, sort) and the row last opened, with its place: "Back to
   * customers" returns to that row, not to an empty Find at the top with the focus on nothing.
   */
  customerList: CustomerListView;
  /** the customer the statements screen opens with */
  statementFor: number | null;
  /** the tab of Settings & data shown */
  settingsPart: SettingsPart;
  /** copies of backups saved off this computer (backup.list), for the reminder; null until read */
  copies: OffsiteCopies | null;
  /** the reminder was put off for this owner session */
  copyReminderLater: boolean;
  setSection(s: Section): void;
  openSettings(part: SettingsPart): void;
  openCustomer(id: number | null, notice?: string | null): void;
  /** what the customer's page says first when it opens after an action taken elsewhere (a merge opens the kept customer) */
  customerNotice: string | null;
  touch(): void;
  /** the core renewed the session just now */
  renewed(): void;
  /** Lock with the owner's work kept behind the gate (idle lock); `discard`: a deliberate lock, the screens reset. */
  lock(notice?: string | null, opts?: { discard?: boolean }): Promise<void>;
  sessionEnded(): void;
  setProgress(p: Progress | null): void;
}

export type CustomerFilter = 'all' | 'low' | 'expiring' | 'owing';
export type CustomerSort = 'name' | 'balance' | 'nextExpiry' | 'overageDue' | 'newest';
export interface CustomerListView { query: string; filter: CustomerFilter; sort: CustomerSort; opened: { id: number; index: number } | null }
export const EMPTY_LIST: CustomerListView = { query: '', filter: 'all', sort: 'name', opened: null };

export const useOwner = create<OwnerState>()((set) => ({
  section: 'customers',
  gateNotice: null,
  lastActivity: Date.now(),
  renewedAt: Date.now(),
  opened: false,
  focusBefore: null,
  progress: null,
  customerId: null,
  customerList: EMPTY_LIST,
  statementFor: null,
  settingsPart: 'shop',
  copies: null,
  copyReminderLater: false,
  setSection: (section) => set({ section }),
  openSettings: (settingsPart) => set({ section: 'settings', settingsPart }),
  openCustomer: (customerId, customerNotice = null) => set({ customerId, section: 'customers', customerNotice }),
  customerNotice: null,
  touch: () => set({ lastActivity: Date.now() }),
  renewed: () => set({ renewedAt: Date.now() }),
  async lock(notice = null, opts = {}) {
    const focusBefore = opts.discard ? null : ownerFocus();
    await api.owner.lock({}).catch(() => undefined);
    useApp.getState().setOwnerActive(false);
    set(opts.discard
      ? { gateNotice: notice, customerId: null, customerList: EMPTY_LIST, progress: null, opened: false, focusBefore: null, copies: null, copyReminderLater: false }
      : { gateNotice: notice, progress: null, focusBefore });
  },
  sessionEnded() {
    if (!useApp.getState().ownerActive) return; // already at the gate
    const focusBefore = ownerFocus();
    useApp.getState().setOwnerActive(false);
    set({ gateNotice: 'The owner session ended. Enter the PIN to continue. What you were doing is kept.', progress: null, focusBefore });
  },
  setProgress: (progress) => set({ progress }),
}));

/** The last element focused in the owner screens (index.tsx listens): a pressed Save is disabled while it saves. */
let lastFocus: HTMLElement | null = null;
export function noteOwnerFocus(el: EventTarget | null): void {
  if (el instanceof HTMLElement && el.closest('.owner')) lastFocus = el;
}

/** The focused element, when it is in the owner screens, else the last one that was. */
function ownerFocus(): HTMLElement | null {
  const el = typeof document === 'undefined' ? null : document.activeElement;
  return el instanceof HTMLElement && el.closest('.owner') ? el : lastFocus?.isConnected ? lastFocus : null;
}

/** The core refused an owner method for lack of a live owner session. */
export const sessionRefused = (err: unknown): boolean =>
  err instanceof ApiError && err.code === 'FORBIDDEN' && (err.details as { role?: string } | undefined)?.role === 'owner';

/** An owner call: a refusal for lack of a session sends the window back to the PIN gate (the screens kept). */
export async function owner<T>(p: Promise<T>): Promise<T> {
  try {
    const value = await p;
    useOwner.getState().renewed(); // every call with the session renews it
    return value;
  } catch (err) {
    if (sessionRefused(err)) useOwner.getState().sessionEnded();
    throw err;
  }
}

/** Field → message from an API VALIDATION error (zod issues or a service's { field }). */
/** A refusal as an owner form shows it: each field's error beside its field, or else one line for the form. */
export function refusal(err: unknown): { errors: Record<string, string>; error: string | null } {
  const errors = fieldErrors(err);
  return { errors, error: Object.keys(errors).length ? null : errorText(err) };
}

/**
 * A dialog's submit: one request at a time (a second press while the ledger answers does nothing), and the ledger's
 * refusal shown on the fields it names, or else as one line.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true); setErrors({}); setError(null);
    try { await work(); } catch (err) {
      const x = refusal(err);
      setErrors(x.errors); setError(x.error);
    } finally { setBusy(false); }
  };
  return { busy, errors, error, setErrors, setError, run };
}

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
  // shown under the field as a sentence of its own: "Reason must not be empty"
  for (const k of Object.keys(out)) out[k] = out[k]!.charAt(0).toUpperCase() + out[k]!.slice(1);
  return out;
}

/** A plain sentence for any error. */
export function errorText(err: unknown): string {
  if (sessionRefused(err)) return 'The owner session had ended, so this did not go through. Nothing you typed is lost: try again.';
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return 'Passbook is not answering. Check that it is still running, then try again.';
    if (err.code === 'INTERNAL') return `Something went wrong inside Passbook: ${err.message}`;
    return err.message;
  }
  return String((err as Error)?.message ?? err);
}
