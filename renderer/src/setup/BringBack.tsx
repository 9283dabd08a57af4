// First run on a new or repaired computer: bring the shop back from a backup (a copy on a USB stick, or a file from the
// old computer's backups folder) instead of setting up a new one. No PIN is asked here: there is no shop yet whose PIN
// it could be, and the shop comes back with its own (the owner area asks for it as usual).
import { useState } from 'react';
import { api, ApiError, insideElectron, newClientId } from '../api/client';
import type { OutputOf } from '../../../core/contract';
import { chooseBackupInDesktop, incomingName, uploadForRestore } from '../api/upload';
import { longDateTime } from '../lib/format';
import { browserZone, computerLocale } from '../lib/locales';
import { useApp } from '../store/app';
import { lostAnswer, plain } from '../store/counter';
import { startOverOnRestoredLedger } from '../store/restored';

type Summary = OutputOf<'backup.inspectForSetup'>;
interface Chosen { fileName: string; shown: string; summary: Summary; clientId: string }

const here = () => ({ locale: computerLocale(), timeZone: browserZone() });

export function BringBack() {
  const pending = useApp((s) => s.setupPending);
  const [reading, setReading] = useState<{ name: string; fraction: number } | null>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = pending || reading !== null;

  async function preview(fileName: string, shown: string) {
    try {
      const summary = await api.backup.inspectForSetup({ fileName });
      // one id per previewed file: pressing the button again after a lost answer is the same request
      setChosen({ fileName, shown, summary, clientId: newClientId() });
    } catch (err) {
      setError(`${shown} cannot bring a shop back. ${plain(err)}`);
    }
  }

  async function chooseFile(file: File | undefined) {
    if (!file || busy) return;
    setError(null); setChosen(null);
    const name = incomingName(file);
    setReading({ name: file.name, fraction: 0 });
    try {
      await uploadForRestore(file, name, (fraction) => setReading({ name: file.name, fraction }));
      setReading(null);
      await preview(name, file.name);
    } catch (err) {
      setError(`${file.name} was not read. ${plain(err)}`);
    } finally { setReading(null); }
  }

  async function chooseInDesktop() {
    if (busy) return;
    setError(null); setChosen(null);
    try {
      const fileName = await chooseBackupInDesktop();
      if (fileName !== null) await preview(fileName, fileName);
    } catch (err) { setError(plain(err)); }
  }

  async function bringBack() {
    if (!chosen || busy) return;
    setError(null);
    useApp.setState({ setupPending: true }); // setting up or opening the demo waits: one shop at a time
    try {
      await api.backup.restoreForSetup({ clientId: chosen.clientId, fileName: chosen.fileName });
      // the backup's ledger is this page's now (its mark may be another restore's): the screens read it afresh
      await startOverOnRestoredLedger({ counter: null, gateNotice: `${chosen.summary.shopName} is back from ${chosen.shown}. Enter the owner PIN that shop had.` });
    } catch (err) {
      // a refusal restored nothing; a lost answer may have: pressing again is the same request, answered once
      const said = plain(err);
      const refused = err instanceof ApiError && ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'ALREADY_SET_UP'].includes(err.code);
      setError(lostAnswer(err)
        ? `Passbook did not answer, so ${chosen.summary.shopName} may or may not be back. Press “Bring back” again: the same request is never done twice.`
        : refused && !said.includes('Nothing was restored') ? `${said} Nothing was restored.` : said);
    } finally { useApp.setState({ setupPending: false }); }
  }

  const s = chosen?.summary;
  return (
    <section className="card demo-card" aria-labelledby="bring-back-title" data-testid="bring-back">
      <h2 id="bring-back-title">Moving to this computer?</h2>
      <p>Bring your shop back from a backup: a copy saved on a USB stick or another drive, or a file from the old computer’s backups folder.</p>
      {!chosen && (insideElectron ? (
        <button className="btn btn-big" type="button" onClick={() => void chooseInDesktop()} aria-disabled={busy || undefined}>Choose the backup…</button>
      ) : (
        <label className={`btn btn-big filebtn ${busy ? 'disabled' : ''}`}>
          Choose the backup…
          <input type="file" className="sr-only" accept=".sqlite,.db,.bak,application/octet-stream" disabled={busy} data-testid="bring-back-file"
            onChange={(e) => { void chooseFile(e.target.files?.[0]); e.target.value = ''; }} />
        </label>
      ))}
      {reading && (
        <p role="status">
          Reading {reading.name}… <progress max={1} value={reading.fraction} aria-label={`Reading ${reading.name}`} />
        </p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {chosen && s && (
        <div role="region" aria-labelledby="bring-back-preview" data-testid="bring-back-preview">
          <h3 id="bring-back-preview" className="break">{chosen.shown} holds</h3>
          <dl className="odl">
            <div><dt>Shop</dt><dd>{s.shopName} ({s.currency})</dd></div>
            <div><dt>Customers</dt><dd>{s.customers}</dd></div>
            <div><dt>Passes</dt><dd>{s.passes}</dd></div>
            <div><dt>Redemptions</dt><dd>{s.redemptions}</dd></div>
            <div><dt>Last activity</dt><dd>{s.lastActivityAt ? longDateTime(s.lastActivityAt, here()) : '—'}</dd></div>
          </dl>
          <p className="small">The shop comes back as it was then, with its own owner PIN and recovery code. What was sold after this backup is not in it.</p>
          <div className="dialog-actions">
            <button className="btn" type="button" onClick={() => setChosen(null)} disabled={pending}>Choose another</button>
            <button className="btn btn-primary" type="button" onClick={() => void bringBack()} aria-disabled={pending || undefined}>
              {pending ? 'Bringing it back…' : `Bring back ${s.shopName}`}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
