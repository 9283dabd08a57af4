// The owner area (issue 6): behind the PIN gate, the back office — customers, plans and items, month end,
// statements, reports, settings and data, help. Mounted by the shell (renderer/src/shell/App.tsx) as the
// default export of this file. Every call goes through the typed client; the core refuses owner methods
// without an owner session, this area only follows what the core says.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api, ApiError } from '../api/client';
import { useApp } from '../store/app';
import { Gate } from './Gate';
import { SECTIONS, IDLE_LOCK_MS, RENEW_AFTER_MS, noteOwnerFocus, useOwner, type Progress, type Section } from './store';
import { ProgressBar, useNarrow } from './ui';
import { shortDate } from '../lib/format';
import { CustomersScreen } from './Customers';
import { CatalogScreen } from './Catalog';
import { MonthEndScreen } from './MonthEnd';
import { StatementsScreen } from './Statements';
import { ReportsScreen } from './Reports';
import { SettingsScreen } from './Settings';
import { HelpScreen } from './Help';
import './owner.css';

function Screen({ section }: { section: Section }) {
  switch (section) {
    case 'customers': return <CustomersScreen />;
    case 'catalog': return <CatalogScreen />;
    case 'monthEnd': return <MonthEndScreen />;
    case 'statements': return <StatementsScreen />;
    case 'reports': return <ReportsScreen />;
    case 'settings': return <SettingsScreen />;
    case 'help': return <HelpScreen />;
  }
}

/**
 * The window's idle lock (no key press or click for IDLE_LOCK_MS), and the other side of it: while the owner is
 * at work here (typing a long plan makes no calls), the core's session is renewed before it runs out, with the
 * cheapest call there is. If the core says the session is gone anyway, the gate comes up over the kept screens.
 */
function useIdleLock(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const touch = () => useOwner.getState().touch();
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
    touch();
    useOwner.getState().renewed(); // just unlocked (or opened with a live session)
    let renewing = false;
    const timer = window.setInterval(() => {
      const s = useOwner.getState();
      const now = Date.now();
      if (now - s.lastActivity >= IDLE_LOCK_MS && !s.progress) {
        void s.lock('Owner mode locked itself after a few minutes without use. What you were doing is kept.');
      } else if (!renewing && s.lastActivity > s.renewedAt && now - s.renewedAt >= RENEW_AFTER_MS) {
        renewing = true;
        // an owner call renews the core's session (counter calls, shop.status included, never do)
        api.owner.session({})
          .then(() => useOwner.getState().renewed(), (err: unknown) => {
            if (err instanceof ApiError && err.code === 'FORBIDDEN' && useApp.getState().ownerActive) useOwner.getState().sessionEnded();
            // not answering: the next tick tries again
          })
          .finally(() => { renewing = false; });
      }
    }, 5_000);
    return () => {
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
      window.clearInterval(timer);
    };
  }, [active]);
}

/** Leaving the owner area (back to the counter) locks it: the counter is where staff stand. A remount in the
 *  same tick (React StrictMode in development) cancels the pending lock. */
let leaving: ReturnType<typeof setTimeout> | undefined;
function useLockOnLeave() {
  useEffect(() => {
    if (leaving) { clearTimeout(leaving); leaving = undefined; }
    return () => {
      leaving = setTimeout(() => {
        leaving = undefined;
        if (useApp.getState().ownerActive) void useOwner.getState().lock('Owner mode locked when you went back to the counter.', { discard: true });
        else useOwner.setState({ opened: false, focusBefore: null }); // what was kept behind the gate goes
      }, 0);
    };
  }, []);
}

/**
 * Past the gate: the focus returns where it was on kept screens (e.g. the Save that was refused); with nothing
 * remembered (the first PIN, or after a deliberate Lock) it goes to the screen's first control, since the PIN
 * form it was in is gone and would leave it on <body>, with nothing showing it and Tab starting over.
 */
function useFocusBack(active: boolean) {
  useEffect(() => {
    const onFocus = (e: FocusEvent) => noteOwnerFocus(e.target);
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, []);
  useEffect(() => {
    if (!active) return;
    const el = useOwner.getState().focusBefore;
    useOwner.setState({ opened: true, focusBefore: null });
    const frame = requestAnimationFrame(() => {
      if (el?.isConnected) el.focus();
      // a live session opened from elsewhere (the Owner button, a menu command) keeps the focus it has
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost) focusFirstControl();
    });
    return () => cancelAnimationFrame(frame);
  }, [active]);
}

/** The shown section's search box (Customers: Find) if it has one, else its heading (read out, Tab goes on from it). */
export function focusFirstControl(root: ParentNode = document): void {
  const body = root.querySelector<HTMLElement>('.owner .obody');
  if (!body) return;
  // the window scrolls the owner area as one page when narrow (200 % zoom): a PIN typed lower down the gate left
  // it scrolled, cutting off the bar of sections; the screen starts at its top
  body.closest('.owner')?.scrollIntoView({ block: 'start' });
  const search = body.querySelector<HTMLInputElement>('input[type="search"]:not(:disabled)');
  if (search) { search.focus(); return; }
  const heading = body.querySelector<HTMLElement>('h2');
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  heading.focus();
}

export default function OwnerArea() {
  const active = useApp((s) => s.ownerActive);
  const opened = useOwner((s) => s.opened);
  const section = useOwner((s) => s.section);
  const progress = useOwner((s) => s.progress);
  useIdleLock(active);
  useLockOnLeave();
  useFocusBack(active);

  useEffect(() => {
    const shell = window.passbookShell;
    if (!shell?.onMenuCommand) return;
    return shell.onMenuCommand((c) => {
      if (c === 'export') useOwner.getState().setSection('reports');
      if (c === 'open-demo') useOwner.getState().setSection('help');
    });
  }, []);

  // once opened, the screens stay mounted (hidden) behind the gate: an idle lock or a session the core ended
  // keeps half-typed work, and after the PIN the owner carries on (same tree position: no remount)
  return (
    <>
      {!active && <Gate />}
      {(active || opened) && (
        <div className="owner-keep" hidden={!active}>
          <OwnerScreens section={section} progress={progress} />
        </div>
      )}
    </>
  );
}

function OwnerScreens({ section, progress }: { section: Section; progress: Progress | null }) {
  // a narrow window (200 % zoom, down to 320 px): the rail of sections would take half the height above the
  // section, so it folds into one button that names the section shown and opens the list (owner.css)
  const narrow = useNarrow();
  const [menuOpen, setMenuOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const folded = narrow && !menuOpen;
  const current = SECTIONS.find((s) => s.id === section)?.label;
  const choose = (id: Section) => {
    useOwner.getState().setSection(id);
    if (narrow && menuOpen) { setMenuOpen(false); toggle.current?.focus(); } // the chosen button goes: the focus stays on the bar
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && narrow && menuOpen) { e.preventDefault(); setMenuOpen(false); toggle.current?.focus(); }
  };
  return (
    <div className="owner">
      <nav className="onav" aria-label="Owner sections" onKeyDown={onKeyDown}>
        {narrow && (
          <button ref={toggle} type="button" className="btn onav-toggle" aria-expanded={menuOpen} aria-controls="onav-list" onClick={() => setMenuOpen((o) => !o)}>
            <span><span className="onav-k">Section: </span>{current}</span><span aria-hidden="true">{menuOpen ? '▴' : '▾'}</span>
          </button>
        )}
        <ul id="onav-list" hidden={folded}>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <button type="button" aria-current={section === s.id ? 'page' : undefined} onClick={() => choose(s.id)}>{s.label}</button>
            </li>
          ))}
        </ul>
        <div className="onav-foot">
          <button type="button" className="btn" onClick={() => void useOwner.getState().lock('Owner mode is locked.', { discard: true })}>Lock</button>
          <p className="small" hidden={folded}>Locks by itself after {Math.round(IDLE_LOCK_MS / 60_000)} minutes without use.</p>
          <RecoveryNote hidden={folded} />
        </div>
      </nav>
      <main className="obody" aria-label={current}>
        {progress && <ProgressBar progress={progress} />}
        <CopyReminder />
        <Screen section={section} />
      </main>
    </div>
  );
}

/**
 * Asks for a copy of the backups off this computer when one is due (core/backup/backup.ts offsiteCopies: 30 days
 * after the last, or a week after setup with none). Read once when the owner area opens; "Later" puts it off until
 * the owner locks. Backups & restore says the same in its card, so the banner does not show there.
 */
/** A shop without a recovery code is one forgotten PIN from losing owner mode: said beside Lock until one is made. */
function RecoveryNote({ hidden }: { hidden: boolean }) {
  const status = useApp((s) => s.recoveryCode);
  const onIt = useOwner((s) => s.section === 'settings' && s.settingsPart === 'pin');
  if (!status || status.madeAt || onIt) return null;
  return (
    <div className="onav-recovery onotice warn" hidden={hidden} data-testid="recovery-note">
      <p className="small">No recovery code for a forgotten PIN.</p>
      <button type="button" className="btn btn-small" onClick={() => useOwner.getState().openSettings('pin')}>Make one…</button>
    </div>
  );
}

function CopyReminder() {
  const copies = useOwner((s) => s.copies);
  const later = useOwner((s) => s.copyReminderLater);
  const onBackups = useOwner((s) => s.section === 'settings' && s.settingsPart === 'data');
  const shop = useApp((s) => s.shop);
  useEffect(() => {
    if (useOwner.getState().copies) return;
    api.backup.list({}).then((r) => useOwner.setState({ copies: r.copies }), () => { /* the reminder waits for the next open */ });
  }, []);
  if (!copies?.due || later || onBackups || !shop) return null;
  const now = useApp.getState().now(); // the shop's clock (the core's), not this window's
  const days = copies.lastAt ? Math.floor((now - Date.parse(copies.lastAt)) / 86_400_000) : null;
  return (
    <div className="onotice warn ocopy-reminder" role="region" aria-label="Backup copy reminder" data-testid="copy-reminder">
      <p>
        {copies.lastAt
          ? `The last copy of a backup saved off this computer was made on ${shortDate(copies.lastAt, shop, now)}${days !== null && days > 0 ? `, ${days} days ago` : ''}.`
          : 'No backup has been copied off this computer yet.'}
        {' '}If the computer is lost or breaks, the backups on it go too.
      </p>
      <button type="button" className="btn btn-small" onClick={() => useOwner.getState().openSettings('data')}>Save a copy now…</button>
      <button type="button" className="btn btn-small" onClick={() => useOwner.setState({ copyReminderLater: true })}>Later</button>
    </div>
  );
}

export { OwnerArea };
