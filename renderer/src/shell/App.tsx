// The shell: first run (setup or demo), then the areas — Counter (this folder's counter/) and Owner
// (renderer/src/owner/, owned by the back-office work; loaded if present, a placeholder until then).
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { useApp, type Area } from '../store/app';
import { SetupScreen } from '../setup/SetupScreen';
import { CounterScreen } from '../counter/CounterScreen';
import { OwnerPlaceholder } from './OwnerPlaceholder';
import { PrintRoot } from '../print/PrintRoot';
import { isOwnerPrintRoute, OwnerPrintRoute } from '../owner/print/route';
import { onLedgerReplaced } from '../api/client';
import { RESTORED_ELSEWHERE, startOverOnRestoredLedger } from '../store/restored';

// Electron's hidden print window opens the app at a print route (#/print/owner/statement?...),
// renders only the paper, and tells main when it is ready to be printed to PDF.
const printRoute = window.location.hash.startsWith('#/print/') ? window.location.hash.slice(1) : null;

// The owner area plugs in here: renderer/src/owner/index.tsx default-exports its root component.
const ownerModules = import.meta.glob<{ default: ComponentType }>('../owner/index.tsx');
const ownerLoader = Object.values(ownerModules)[0];
const OwnerArea = ownerLoader ? lazy(ownerLoader) : OwnerPlaceholder;

const AREAS: Array<{ id: Area; label: string }> = [
  { id: 'counter', label: 'Counter' },
  { id: 'owner', label: 'Owner' },
];

export function App() {
  const phase = useApp((s) => s.phase);
  const shop = useApp((s) => s.shop);
  const area = useApp((s) => s.area);
  const setArea = useApp((s) => s.setArea);
  const loadError = useApp((s) => s.loadError);

  useEffect(() => { void useApp.getState().load(); }, []);
  // restored from a backup in another tab: this page's screens start over (store/restored.ts)
  useEffect(() => {
    onLedgerReplaced(() => void startOverOnRestoredLedger({ counter: RESTORED_ELSEWHERE, gateNotice: 'The ledger was restored from a backup on another screen. Enter the owner PIN.' }));
  }, []);
  // the computer's clock may be set wrong while the app runs: ask every minute, so the banner comes and goes (and a
  // first screen learns of a shop set up, or brought back, in another window)
  useEffect(() => {
    const t = window.setInterval(() => { const { phase } = useApp.getState(); if (phase === 'ready' || phase === 'setup') void useApp.getState().checkClock(); }, 60_000);
    return () => window.clearInterval(t);
  }, []);

  // Electron's menu: File ▸ Export and Help ▸ Open demo shop. Before setup the demo opens at once;
  // afterwards both belong to the owner area (which picks the section itself once it is showing).
  useEffect(() => {
    const shell = window.passbookShell;
    if (!shell?.onMenuCommand) return;
    return shell.onMenuCommand((c) => {
      const app = useApp.getState();
      if (c === 'open-demo' && app.phase === 'setup') void app.loadDemo();
      else if (app.phase === 'ready') app.setArea('owner');
    });
  }, []);

  useEffect(() => {
    document.title = shop ? `${shop.name} — Passbook` : 'Passbook';
  }, [shop]);

  if (phase === 'loading') return <div className="loading" role="status">Opening Passbook…</div>;
  if (phase === 'error') {
    return (
      <main className="owner-placeholder card">
        <h1>Passbook cannot open the shop</h1>
        <p role="alert" className="error">{loadError}</p>
        <button className="btn btn-primary" type="button" onClick={() => void useApp.getState().load()}>Try again</button>
      </main>
    );
  }
  if (phase === 'setup') return <SetupScreen />;
  if (printRoute && isOwnerPrintRoute(printRoute)) return <OwnerPrintRoute route={printRoute} />;

  return (
    <div className="shell">
      <header className="topbar">
        <h1>Passbook <span className="shopname">· {shop?.name}</span></h1>
        <nav aria-label="Areas">
          {AREAS.map((a) => (
            <button key={a.id} type="button" aria-current={area === a.id ? 'page' : undefined} onClick={() => setArea(a.id)}>{a.label}</button>
          ))}
        </nav>
      </header>
      <ClockBanner />
      <div className="area">
        {area === 'counter' ? <CounterScreen /> : (
          <Suspense fallback={<div className="loading" role="status">Opening the owner area…</div>}>
            <OwnerArea />
          </Suspense>
        )}
      </div>
      <PrintRoot />
    </div>
  );
}

/**
 * Says, before any sale is refused, that the computer's date is wrong for the ledger: behind its last entry
 * (nothing can be written until it is set right), or far past it (the owner confirms the date in Month end).
 */
function ClockBanner() {
  const clock = useApp((s) => s.clock);
  const shop = useApp((s) => s.shop);
  const problems = useApp((s) => s.problems);
  if (!shop) return <div />; // keeps the shell's grid row
  const fmt = new Intl.DateTimeFormat(shop.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: shop.timeZone });
  const clockWrong = clock && clock.state !== 'ok';
  if (!clockWrong && problems.length === 0) return <div />;
  return (
    <div>
      {clock && clockWrong && (
        <div className="clock-banner" role="alert" data-testid="clock-banner">
          {clock.state === 'behind'
            ? <>This computer’s clock says <strong>{fmt.format(new Date(clock.now))}</strong>, before the ledger’s last entry ({clock.ledgerAt ? fmt.format(new Date(clock.ledgerAt)) : ''}). Nothing can be sold or redeemed until the date and time are set right.</>
            : <>This computer’s clock says <strong>{fmt.format(new Date(clock.now))}</strong>, more than a month after the ledger’s last entry ({clock.ledgerAt ? fmt.format(new Date(clock.ledgerAt)) : ''}). If that is right, the owner confirms it in Owner → Month end (“Close periods that have ended”); if not, set the date right. Until then nothing can be sold or redeemed.</>}
        </div>
      )}
      {/* work nobody watches, failing: a packaged app has no console, so the screen says it (and keeps saying it) */}
      {problems.map((p) => (
        <div key={p.work} className="clock-banner" role="alert" data-testid={`problem-${p.work}`}>
          {p.work === 'ledger'
            ? <>At <strong>{fmt.format(new Date(p.since))}</strong>: {p.message}</>
            : p.work === 'backup'
            ? <>The daily backup has failed since <strong>{fmt.format(new Date(p.since))}</strong>: {p.message} Sales are safe in the ledger, but no new backup is being made. Owner → Settings & data lists the backups.</>
            : <>The month-end close has failed since <strong>{fmt.format(new Date(p.since))}</strong>: {p.message} Credits due to roll over or expire wait until it goes through; Passbook keeps trying.</>}
        </div>
      ))}
    </div>
  );
}

