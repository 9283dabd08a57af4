// The owner area (issue 6): behind the PIN gate, the back office — customers, plans and items, month end,
// statements, reports, settings and data, help. Mounted by the shell (renderer/src/shell/App.tsx) as the
// default export of this file. Every call goes through the typed client; the core refuses owner methods
// without an owner session, this area only follows what the core says.
import { useEffect } from 'react';
import { useApp } from '../store/app';
import { Gate } from './Gate';
import { SECTIONS, IDLE_LOCK_MS, useOwner, type Section } from './store';
import { ProgressBar } from './ui';
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

function useIdleLock(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const touch = () => useOwner.getState().touch();
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
    touch();
    const timer = window.setInterval(() => {
      const s = useOwner.getState();
      if (Date.now() - s.lastActivity >= IDLE_LOCK_MS && !s.progress) {
        void s.lock('Owner mode locked itself after a few minutes without use.');
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
        if (useApp.getState().ownerActive) void useOwner.getState().lock('Owner mode locked when you went back to the counter.');
      }, 0);
    };
  }, []);
}

export default function OwnerArea() {
  const active = useApp((s) => s.ownerActive);
  const section = useOwner((s) => s.section);
  const progress = useOwner((s) => s.progress);
  useIdleLock(active);
  useLockOnLeave();

  useEffect(() => {
    const shell = window.passbookShell;
    if (!shell?.onMenuCommand) return;
    return shell.onMenuCommand((c) => {
      if (c === 'export') useOwner.getState().setSection('reports');
      if (c === 'open-demo') useOwner.getState().setSection('help');
    });
  }, []);

  if (!active) return <Gate />;
  return (
    <div className="owner">
      <nav className="onav" aria-label="Owner sections">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <button type="button" aria-current={section === s.id ? 'page' : undefined} onClick={() => useOwner.getState().setSection(s.id)}>{s.label}</button>
            </li>
          ))}
        </ul>
        <div className="onav-foot">
          <button type="button" className="btn" onClick={() => void useOwner.getState().lock('Owner mode is locked.')}>Lock</button>
          <p className="small">Locks by itself after {Math.round(IDLE_LOCK_MS / 60_000)} minutes without use.</p>
        </div>
      </nav>
      <main className="obody" aria-label={SECTIONS.find((s) => s.id === section)?.label}>
        {progress && <ProgressBar progress={progress} />}
        <Screen section={section} />
      </main>
    </div>
  );
}

export { OwnerArea };
