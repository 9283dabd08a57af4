// Settings and data: shop details, time zone, currency, receipt footer, PIN; backups (now, the list, how many
// days the daily backup keeps), restore from a backup or a file with a preview of what it holds — the core
// saves a safety backup of the current ledger before it replaces anything; customers and items from CSV (Import.tsx).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, newClientId, insideElectron } from '../api/client';
import { chooseBackupInDesktop, incomingName, uploadForRestore } from '../api/upload';
import type { OutputOf } from '../../../core/contract';
import { useApp } from '../store/app';
import { longDateTime, money } from '../lib/format';
import { Decimal } from '../../../core/money/decimal';
import { errorText, fieldErrors, owner, useOwner, type SettingsPart } from './store';
import { startOverOnRestoredLedger } from '../store/restored';
import { ErrorLine, Field, Notice, SectionHead, Select, triesLeftText, useShop, withoutKey } from './ui';
import { ImportForm } from './Import';
import { localeOptions, localeSample } from '../lib/locales';
import { saveBackupCopy } from './download';
import { formatRecoveryCode, recoveryCodeFrom } from '../../../core/shop/recovery';
import { usePrint } from '../store/print';

type Summary = OutputOf<'backup.inspect'>;
type BackupInfo = OutputOf<'backup.list'>['backups'][number];

type Part = SettingsPart;

export function SettingsScreen() {
  const part = useOwner((s) => s.settingsPart);
  const setPart = (settingsPart: Part) => useOwner.setState({ settingsPart });
  return (
    <section aria-labelledby="settings-title">
      <SectionHead title="Settings & data" id="settings-title" />
      <div className="otabs" role="group" aria-label="Settings">
        {([['shop', 'Shop'], ['pin', 'Owner PIN'], ['data', 'Backups & restore'], ['import', 'Import']] as Array<[Part, string]>).map(([k, l]) => (
          <button key={k} type="button" aria-pressed={part === k} onClick={() => setPart(k)}>{l}</button>
        ))}
      </div>
      <div className="osettings">
        {part === 'shop' && <ShopForm />}
        {part === 'pin' && <><PinForm /><RecoveryCard /></>}
        {part === 'data' && <Backups />}
        {part === 'import' && <ImportForm />}
      </div>
    </section>
  );
}

const ZONES: string[] = (() => {
  try { return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone'); } catch { return []; }
})();
const CURRENCIES: string[] = (() => {
  try { return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('currency'); } catch { return []; }
})();

function ShopForm() {
  const shop = useShop();
  const [f, setF] = useState(() => ({
    name: shop.name, currency: shop.currency, timeZone: shop.timeZone, locale: shop.locale, creditUnit: shop.creditUnit,
    receiptFooter: shop.receiptFooter, undoWindowSeconds: String(shop.undoWindowSeconds), backupKeepDays: String(shop.backupKeepDays),
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // the currency once money is taken, the time zone once a pass is sold: shown, not offered (shop.update refuses them)
  const [fixed, setFixed] = useState<{ currency: boolean; timeZone: boolean }>({ currency: false, timeZone: false });
  useEffect(() => {
    let live = true;
    api.shop.status({}).then((s) => { if (live) setFixed(s.fixed); }, () => { /* left offered: the ledger refuses in words */ });
    return () => { live = false; };
  }, []);
  // a changed field drops its own error: it was about the value that is gone
  const set = (k: keyof typeof f) => (v: string) => { setF((x) => ({ ...x, [k]: v })); setSaved(false); setErrors((e) => withoutKey(e, k)); };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const local: Record<string, string> = {};
    if (!/^\d+$/.test(f.undoWindowSeconds)) local.undoWindowSeconds = 'Enter a whole number of seconds (0 to 3600).';
    if (!/^\d+$/.test(f.backupKeepDays)) local.backupKeepDays = 'Enter a whole number of days (1 to 365).';
    if (Object.keys(local).length) { setErrors(local); return; }
    setBusy(true); setErrors({}); setError(null);
    try {
      const next = await owner(api.shop.update({
        clientId: newClientId(), name: f.name, currency: f.currency, timeZone: f.timeZone, locale: f.locale, creditUnit: f.creditUnit,
        receiptFooter: f.receiptFooter, undoWindowSeconds: Number(f.undoWindowSeconds), backupKeepDays: Number(f.backupKeepDays),
      }));
      useApp.setState({ shop: next });
      setSaved(true);
    } catch (err) {
      const fe = fieldErrors(err);
      const d = err instanceof ApiError ? (err.details as { field?: string } | undefined) : undefined;
      if (d?.field && !fe[d.field]) fe[d.field] = errorText(err);
      setErrors(fe); setError(Object.keys(fe).length ? null : errorText(err));
    } finally { setBusy(false); }
  }

  return (
    <form className="card oform" onSubmit={save} noValidate aria-labelledby="shop-form-title">
      <h3 id="shop-form-title">Shop</h3>
      <Field label="Shop name" name="name" value={f.name} onChange={set('name')} error={errors.name} required />
      <Select label="Time zone" name="timeZone" value={f.timeZone} onChange={set('timeZone')} error={errors.timeZone} disabled={fixed.timeZone}
        hint={fixed.timeZone ? 'Periods end at local midnight in this zone. Fixed: passes have been sold, and their months end by it.'
          : f.timeZone === shop.timeZone ? 'Periods end at local midnight in this zone. Fixed once a pass has been sold.'
          : `Periods would end at midnight in ${f.timeZone.replace(/_/g, ' ')}. This is only possible before the first pass is sold: passes end their months at midnight in the zone they were sold in, and the books date every month end by it.`}
        options={(ZONES.includes(f.timeZone) ? ZONES : [f.timeZone, ...ZONES]).map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))} />
      <div className="ogrid two">
        <Select label="Currency" name="currency" value={f.currency} onChange={set('currency')} error={errors.currency} disabled={fixed.currency}
          hint={fixed.currency ? 'Fixed: money has been taken in it.' : 'Fixed once money has been taken.'}
          options={(CURRENCIES.includes(f.currency) ? CURRENCIES : [f.currency, ...CURRENCIES]).map((c) => ({ value: c, label: c }))} />
        <Select label="Numbers and dates" name="locale" value={f.locale} onChange={set('locale')} error={errors.locale}
          hint={<span data-testid="locale-sample">Written as {localeSample(f.locale, f.currency)}. Amounts are typed this way too.</span>}
          options={localeOptions(f.locale)} />
        <Field label="Credit unit" name="creditUnit" value={f.creditUnit} onChange={set('creditUnit')} error={errors.creditUnit} hint="for new plans" />
        <Field label="Counter undo window (seconds)" name="undoWindowSeconds" value={f.undoWindowSeconds} onChange={set('undoWindowSeconds')} error={errors.undoWindowSeconds} inputMode="numeric" />
      </div>
      <Field label="Receipt footer" name="receiptFooter" value={f.receiptFooter} onChange={set('receiptFooter')} error={errors.receiptFooter} hint="Printed at the bottom of receipts and statements." />
      <Field label="Keep daily backups for (days)" name="backupKeepDays" value={f.backupKeepDays} onChange={set('backupKeepDays')} error={errors.backupKeepDays} inputMode="numeric" hint="A backup is made every day; older ones are removed." />
      <ErrorLine error={error} />
      {saved && <p className="onotice ok" role="status">Saved.</p>}
      <div className="dialog-actions"><button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>Save shop settings</button></div>
    </form>
  );
}

function PinForm() {
  const shop = useShop();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  /** wrong current PINs count toward the owner lockout: while it lasts the form says so and cannot be used */
  const [locked, setLocked] = useState<{ until: number; text: string } | null>(null);
  const lockedRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!locked) return;
    lockedRef.current?.focus();
    const t = window.setTimeout(() => setLocked(null), Math.max(0, locked.until - useApp.getState().now()));
    return () => window.clearTimeout(t);
  }, [locked]);

  async function change(e: FormEvent) {
    e.preventDefault();
    if (busy || locked) return; // a double click sends one request
    setDone(false);
    if (next !== again) { setErrors({ again: 'The two new PINs are not the same.' }); return; }
    setBusy(true);
    try {
      await owner(api.owner.changePin({ clientId: newClientId(), currentPin: current, newPin: next }));
      setErrors({}); setDone(true); setCurrent(''); setNext(''); setAgain('');
    } catch (err) {
      const d = (err instanceof ApiError ? err.details : undefined) as { field?: string; attemptsLeft?: number; retryAfterSeconds?: number } | undefined;
      if (err instanceof ApiError && err.code === 'LOCKED_OUT') {
        // the same lockout as the unlock gate, said the same way, on the form as a whole
        const secs = d?.retryAfterSeconds ?? 300;
        const until = useApp.getState().now() + secs * 1000;
        const at = new Intl.DateTimeFormat(shop.locale, { hour: '2-digit', minute: '2-digit', timeZone: shop.timeZone }).format(until);
        const mins = Math.max(1, Math.ceil(secs / 60));
        const about = mins >= 120 ? `${Math.round(mins / 60)} hours` : `${mins} minute${mins === 1 ? '' : 's'}`;
        setErrors({}); setCurrent('');
        setLocked({ until, text: `Too many wrong PINs. Owner mode is locked until ${at} (about ${about}): the PIN cannot be changed before then, and unlocking owner mode waits too.` });
        return;
      }
      const fe = fieldErrors(err);
      if (err instanceof ApiError && err.code === 'FORBIDDEN' && d?.field === 'currentPin') {
        const left = d.attemptsLeft;
        fe.currentPin = triesLeftText(err.message, left);
        setCurrent('');
      }
      if (!Object.keys(fe).length) fe.newPin = errorText(err);
      setErrors(fe);
    } finally { setBusy(false); }
  }
  const off = busy || locked !== null;
  return (
    <form className="card oform" onSubmit={change} noValidate aria-labelledby="pin-form-title" aria-describedby={locked ? 'pin-locked' : undefined}>
      <h3 id="pin-form-title">Owner PIN</h3>
      {locked && <p id="pin-locked" ref={lockedRef} tabIndex={-1} className="error" role="alert" data-testid="pin-locked">{locked.text}</p>}
      <Field label="Current PIN" name="currentPin" type="password" inputMode="numeric" value={current} onChange={setCurrent} error={errors.currentPin} disabled={locked !== null}
        hint="Wrong tries here count toward the same limit as the owner PIN gate (5)." />
      <div className="ogrid two">
        <Field label="New PIN (4–12 digits)" name="newPin" type="password" inputMode="numeric" value={next} onChange={setNext} error={errors.newPin} disabled={locked !== null} />
        <Field label="New PIN again" name="again" type="password" inputMode="numeric" value={again} onChange={setAgain} error={errors.again} disabled={locked !== null} />
      </div>
      {done && <p className="onotice ok" role="status">The PIN is changed.</p>}
      <div className="dialog-actions"><button className="btn" type="submit" disabled={off || !current || !next}>{busy ? 'Changing…' : 'Change PIN'}</button></div>
    </form>
  );
}

/**
 * The way back in when the PIN is forgotten. The code is made here, shown once, and kept by the core (as a hash) only
 * when the owner says it is written down or printed: a code nobody wrote down would replace a good one for nothing.
 */
function RecoveryCard() {
  const shop = useShop();
  const status = useApp((s) => s.recoveryCode);
  const [draft, setDraft] = useState<{ code: string; clientId: string } | null>(null);
  const [pin, setPin] = useState('');
  const [kept, setKept] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLParagraphElement>(null);
  const makeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (draft) codeRef.current?.focus(); }, [draft]);

  function make() {
    setKept(false); setError(null); setPin('');
    setDraft({ code: recoveryCodeFrom(crypto.getRandomValues(new Uint8Array(20))), clientId: newClientId() });
  }
  async function keep(e?: FormEvent) {
    e?.preventDefault();
    if (!draft || busy) return;
    if (!pin) { setError('Type the owner PIN to keep this code.'); return; }
    setBusy(true); setError(null);
    try {
      const r = await owner(api.owner.makeRecoveryCode({ clientId: draft.clientId, currentPin: pin, recoveryCode: draft.code }));
      useApp.setState({ recoveryCode: { madeAt: r.madeAt, usedAt: null } });
      setDraft(null); setKept(true);
      requestAnimationFrame(() => makeRef.current?.focus());
    } catch (err) {
      const d = (err instanceof ApiError ? err.details : undefined) as { field?: string; attemptsLeft?: number } | undefined;
      setPin('');
      // a wrong PIN counts toward the gate's lockout, as on the PIN form above
      setError(err instanceof ApiError && err.code === 'FORBIDDEN' && d?.field === 'currentPin' ? triesLeftText(err.message, d.attemptsLeft) : errorText(err));
    } finally { setBusy(false); }
  }
  function cancel() {
    setDraft(null); setError(null); setPin('');
    requestAnimationFrame(() => makeRef.current?.focus());
  }

  const state = status?.madeAt
    ? `This shop has a recovery code, made on ${longDateTime(status.madeAt, shop)}.`
    : status?.usedAt
      ? `The last recovery code was used on ${longDateTime(status.usedAt, shop)} to set a new PIN, so it works no more. Make a new one.`
      : 'This shop has no recovery code yet. Without one, a forgotten PIN keeps everyone out of owner mode for good.';
  return (
    <section className="card oform orecovery" aria-labelledby="recovery-title">
      <h3 id="recovery-title">Recovery code</h3>
      <p className="muted">If the owner PIN is forgotten, the recovery code sets a new one, once, from the PIN gate ("Forgot the PIN?").</p>
      <p data-testid="recovery-state">{state}</p>
      {draft ? (
        <form className="orecovery-draft oform" onSubmit={(e) => void keep(e)} noValidate aria-labelledby="recovery-new-label">
          <p id="recovery-new-label"><strong>The new recovery code</strong> (shown only now):</p>
          <p className="orecovery-code" data-testid="recovery-code" ref={codeRef} tabIndex={-1} aria-describedby="recovery-new-label">{formatRecoveryCode(draft.code)}</p>
          <p className="small">Write it down or print it, and keep it locked away from the counter: whoever has it can set a new owner PIN.
            {status?.madeAt ? ' The code made before stops working when you keep this one.' : ''} Letters O, I and L are read as 0, 1 and 1.</p>
          <Field label="Owner PIN, to keep this code" name="recoveryPin" type="password" inputMode="numeric" value={pin} onChange={(v) => setPin(v.replace(/\D/g, ''))}
            hint="Asked again so that owner mode left open is not enough to keep a code. Wrong tries count toward the same limit as the PIN gate." />
          <ErrorLine error={error} />
          <div className="dialog-actions">
            <button className="btn" type="button" onClick={cancel} disabled={busy}>Cancel</button>
            <button className="btn" type="button" onClick={() => void usePrint.getState().print({ kind: 'recovery', code: draft.code, at: new Date(useApp.getState().now()).toISOString() })}>Print…</button>
            <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Keeping…' : 'I have it written down: keep this code'}</button>
          </div>
        </form>
      ) : (
        <>
          {kept && <p className="onotice ok" role="status">The recovery code is kept. It is not shown again.</p>}
          <div className="dialog-actions">
            <button ref={makeRef} className="btn" type="button" onClick={make}>{status?.madeAt ? 'Make a new recovery code…' : 'Make a recovery code…'}</button>
          </div>
        </>
      )}
    </section>
  );
}

const fmtBytes = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(Math.round(n / 104857.6) / 10).toFixed(1)} MB`);

function Backups() {
  const shop = useShop();
  const [list, setList] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [candidate, setCandidate] = useState<{ source: 'backups' | 'incoming'; fileName: string; summary: Summary; clientId: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const progress = useOwner((s) => s.setProgress);
  const box = useRef<HTMLDivElement>(null);
  // what a restore attempt found is shown where the owner is looking
  useEffect(() => { if (candidate || error) box.current?.scrollIntoView({ block: 'nearest' }); }, [candidate, error]);

  const copies = useOwner((s) => s.copies);
  const load = useCallback(async () => {
    try {
      const r = await owner(api.backup.list({}));
      setList(r.backups);
      useOwner.setState({ copies: r.copies });
    } catch (err) { setError(errorText(err)); }
  }, []);
  useEffect(() => { void load(); }, [load]);

  async function backupNow() {
    if (busy) return;
    setBusy(true); setError(null); setNotice(null);
    progress({ label: 'Backing up the ledger…', value: null });
    try {
      const b = await owner(api.backup.create({}));
      setNotice(`Backed up at ${longDateTime(b.createdAt, shop)}: ${b.fileName} (${fmtBytes(b.bytes)}).`);
      await load();
    } catch (err) { setError(errorText(err)); } finally { setBusy(false); progress(null); }
  }

  /** A copy on a USB stick or another drive: the backups folder is on this computer, and goes with it. */
  async function saveCopy(fileName: string) {
    if (busy) return;
    setBusy(true); setError(null); setNotice(null); setCandidate(null);
    progress({ label: `Saving a copy of ${fileName}…`, value: null });
    try {
      const where = await saveBackupCopy(fileName);
      if (where !== null) {
        // the ledger keeps when a copy left (for the reminder); the copy itself is made, whatever this answers
        await owner(api.backup.copied({ clientId: newClientId(), fileName })).catch(() => undefined);
        await load();
        setNotice(insideElectron
          ? `Saved a copy of the backup to ${where}. Keep it away from this computer; Restore from a file… brings it back.`
          : `${where} is downloading to this browser's downloads folder. Move it to a USB stick or another drive; Restore from a file… brings it back.`);
      }
    } catch (err) { setError(`The copy was not saved. ${errorText(err)}`); } finally { setBusy(false); progress(null); }
  }

  async function inspect(source: 'backups' | 'incoming', fileName: string) {
    setError(null); setNotice(null); setCandidate(null);
    try {
      const summary = await owner(api.backup.inspect({ source, fileName }));
      // one id per previewed file: pressing Restore again after a lost answer is the same request, not a second restore
      setCandidate({ source, fileName, summary, clientId: newClientId() });
    } catch (err) {
      setError(`This file cannot be restored. ${errorText(err)} Nothing was changed.`);
    }
  }

  async function chooseFile(file: File | undefined) {
    if (!file) return;
    setError(null); setNotice(null); setCandidate(null);
    const name = incomingName(file);
    setBusy(true);
    progress({ label: `Reading ${file.name}…`, value: 0 });
    try {
      await uploadForRestore(file, name, (f) => progress({ label: `Reading ${file.name}…`, value: f }));
      progress(null);
      await inspect('incoming', name);
    } catch (err) {
      setError(`${errorText(err)} Nothing was changed.`);
    } finally { setBusy(false); progress(null); }
  }

  /** Electron: main's open dialog copies the chosen file into incoming/ (owner only). */
  async function chooseInDesktop() {
    if (busy) return;
    setError(null); setNotice(null); setCandidate(null);
    try {
      const fileName = await chooseBackupInDesktop();
      if (fileName !== null) await inspect('incoming', fileName);
    } catch (err) { setError(`${errorText(err)} Nothing was changed.`); }
  }

  async function restore() {
    if (!candidate || busy) return;
    setBusy(true); setError(null);
    progress({ label: 'Saving a safety backup, then restoring…', value: null });
    try {
      const r = await owner(api.backup.restore({ clientId: candidate.clientId, source: candidate.source, fileName: candidate.fileName }));
      progress(null);
      setCandidate(null);
      // another ledger: the counter's customer, cart and undo go too (their ids may now name someone else)
      await startOverOnRestoredLedger({ counter: null, gateNotice: `Restored from ${r.restoredFrom}. The previous ledger was saved first as ${r.safetyBackup.fileName}. ${candidate.summary.keepsPin ? 'Enter the owner PIN: it is the same as before the restore.' : 'Enter the owner PIN of the shop in that backup.'}` });
    } catch (err) {
      setError(`${errorText(err)} The current ledger was not changed.`);
    } finally { setBusy(false); progress(null); }
  }

  return (
    <div className="card" aria-labelledby="backups-title" role="region" ref={box}>
      <h3 id="backups-title">Backups</h3>
      <p className="muted small">A backup is a complete copy of the ledger, made while Passbook runs. One is made every day and kept for {shop.backupKeepDays} days.</p>
      <p className="small" data-testid="backups-offsite">Backups are kept on this computer, so a lost or broken computer takes them with it. Now and then, save a copy of the newest on a USB stick or another drive (Save a copy…).</p>
      {copies && (
        <p className={`small ${copies.due ? 'onotice warn' : 'muted'}`} data-testid="backups-last-copy">
          {copies.lastAt
            ? `Last copy saved elsewhere: ${longDateTime(copies.lastAt, shop)} (of ${copies.lastFileName}).`
            : 'No copy has been saved off this computer yet.'}
          {copies.due ? ' Time for another: save a copy of the newest.' : ''}
        </p>
      )}
      <div className="oactions">
        <button className="btn btn-primary" type="button" onClick={() => void backupNow()} aria-disabled={busy || undefined}>Back up now</button>
        {insideElectron ? (
          <button className="btn" type="button" onClick={() => void chooseInDesktop()} aria-disabled={busy || undefined}>Restore from a file…</button>
        ) : (
          <label className={`btn filebtn ${busy ? 'disabled' : ''}`}>
            Restore from a file…
            <input type="file" className="sr-only" accept=".sqlite,.db,.bak,application/octet-stream" disabled={busy} data-testid="restore-file"
              onChange={(e) => { void chooseFile(e.target.files?.[0]); e.target.value = ''; }} />
          </label>
        )}
      </div>
      <ErrorLine error={error} />
      {notice && <p className="onotice ok" role="status">{notice}</p>}
      {candidate && (
        <div className="orestore" role="region" aria-labelledby="restore-title" data-testid="restore-preview">
          <h4 id="restore-title">{candidate.fileName} holds</h4>
          <dl className="odl">
            <div><dt>Shop</dt><dd>{candidate.summary.shopName ?? '—'} ({candidate.summary.currency ?? '—'})</dd></div>
            <div><dt>Customers</dt><dd>{candidate.summary.customers}</dd></div>
            <div><dt>Passes</dt><dd>{candidate.summary.passes}</dd></div>
            <div><dt>Redemptions</dt><dd>{candidate.summary.redemptions}</dd></div>
            <div><dt>Last activity</dt><dd>{candidate.summary.lastActivityAt ? longDateTime(candidate.summary.lastActivityAt, shop) : '—'}</dd></div>
            <div><dt>Size</dt><dd>{fmtBytes(candidate.summary.bytes)}</dd></div>
          </dl>
          <LostOnRestore newer={candidate.summary.newerHere} />
          <Notice>Restoring replaces the current ledger with this one. A safety backup of the current ledger is saved first. {candidate.summary.keepsPin ? 'The owner PIN and the recovery code stay as they are now.' : 'The owner PIN becomes the one of the shop in this backup (the demo’s PIN goes with the demo).'}</Notice>
          <div className="dialog-actions">
            <button className="btn" type="button" onClick={() => setCandidate(null)}>Cancel</button>
            <button className="btn btn-danger" type="button" onClick={() => void restore()} aria-disabled={busy || undefined}>Restore this backup</button>
          </div>
        </div>
      )}
      <div className="otable-wrap" tabIndex={0}>
        <table className="otable compact">
          <caption className="sr-only">Backups kept</caption>
          {/* the file is named by the universal time it was made (a name that never repeats or goes back at a clock
              change); the time the owner reads is the shop's, first */}
          <thead><tr><th>Made</th><th>File (named in UTC)</th><th className="r">Size</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {list?.map((b) => (
              <tr key={b.fileName}>
                <td className="nowrap">{longDateTime(b.createdAt, shop)}</td><td className="break muted">{b.fileName}</td><td className="r">{fmtBytes(b.bytes)}</td>
                <td className="actions-cell">
                  <button className="btn btn-small" type="button" onClick={() => void saveCopy(b.fileName)} aria-disabled={busy || undefined} aria-label={`Save a copy of ${b.fileName}…`}>Save a copy…</button>
                  <button className="btn btn-small" type="button" onClick={() => void inspect('backups', b.fileName)} aria-label={`Restore ${b.fileName}…`}>Restore…</button>
                </td>
              </tr>
            ))}
            {list && list.length === 0 && <tr><td colSpan={4} className="empty">No backups yet.</td></tr>}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** What the ledger open now holds beyond the backup: a restore takes it away (the safety backup keeps it). */
function LostOnRestore({ newer }: { newer: Summary['newerHere'] }) {
  const shop = useApp((s) => s.shop)!;
  const parts = [
    newer.passesSold ? `${newer.passesSold} pass${newer.passesSold === 1 ? '' : 'es'} sold` : null,
    newer.balancesBroughtOver ? `${newer.balancesBroughtOver} balance${newer.balancesBroughtOver === 1 ? '' : 's'} brought over` : null,
    newer.redemptions ? `${newer.redemptions} redemption${newer.redemptions === 1 ? '' : 's'}` : null,
    newer.cashSales ? `${newer.cashSales} sale${newer.cashSales === 1 ? '' : 's'} without a pass` : null,
    newer.corrections ? `${newer.corrections} correction${newer.corrections === 1 ? '' : 's'} (undo, void, adjustment or refund)` : null,
    newer.gifts ? `${newer.gifts} gift${newer.gifts === 1 ? '' : 's'} of free credits` : null,
    newer.closes ? `${newer.closes} month-end close${newer.closes === 1 ? '' : 's'}` : null,
    newer.customers ? `${newer.customers} new customer${newer.customers === 1 ? '' : 's'}` : null,
    // the one loss that is not only of records: a lost or stolen card would work again
    newer.cardsReplaced ? `${newer.cardsReplaced} card${newer.cardsReplaced === 1 ? '' : 's'} replaced (the old card${newer.cardsReplaced === 1 ? '' : 's'} would work again: replace ${newer.cardsReplaced === 1 ? 'it' : 'them'} again after restoring)` : null,
    // nor is this: who a forgotten customer was comes back with the backup
    newer.customersForgotten ? `${newer.customersForgotten} customer${newer.customersForgotten === 1 ? '' : 's'} forgotten at their request (their details would come back: forget them again after restoring)` : null,
    new Decimal(newer.moneyIn).isZero() ? null : `${money(newer.moneyIn, shop)} taken`,
  ].filter(Boolean);
  if (parts.length === 0) return <p className="small" data-testid="restore-loses">No sale, redemption, correction, close or card replacement was made here since this backup.</p>;
  return (
    <p style={{ margin: 0 }} role="alert" data-testid="restore-loses">
      <strong>Restoring takes away what happened here after this backup:</strong> {parts.join(', ')}
      {newer.lastActivityAt ? ` (the last on ${longDateTime(newer.lastActivityAt, shop)})` : ''}. The money is still in the till: only the safety backup will know about it.
    </p>
  );
}

