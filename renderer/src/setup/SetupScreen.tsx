// First run: set up a new shop (name, currency, time zone, owner PIN twice), bring one back from a backup, or open the demo shop.
import { useMemo, useState, type FormEvent } from 'react';
import { useApp } from '../store/app';
import { plain } from '../store/counter';
import { browserZone, computerLocale, localeOptions, localeSample } from '../lib/locales';
import { BringBack } from './BringBack';

const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'INR', 'BRL', 'MXN', 'ZAR', 'SGD'];

export function SetupScreen() {
  const pending = useApp((s) => s.setupPending);
  const apiError = useApp((s) => s.setupError);
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [timeZone, setTimeZone] = useState(browserZone);
  const [locale, setLocale] = useState(computerLocale);
  const locales = useMemo(() => localeOptions(computerLocale()), []);
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const currencies = useMemo(() => {
    const all = Intl.supportedValuesOf('currency');
    const names = new Intl.DisplayNames([navigator.language || 'en'], { type: 'currency' });
    const rest = all.filter((c) => !COMMON_CURRENCIES.includes(c));
    return [...COMMON_CURRENCIES.filter((c) => all.includes(c)), ...rest].map((c) => ({ code: c, label: `${c} — ${names.of(c) ?? c}` }));
  }, []);
  const zones = useMemo(() => {
    const z = Intl.supportedValuesOf('timeZone').filter((t) => t.includes('/'));
    const here = browserZone();
    if (!z.includes(here)) z.unshift(here);
    if (!z.includes('UTC')) z.push('UTC');
    return z;
  }, []);

  // field errors from the API's VALIDATION details, next to the field that caused them
  const apiIssues: Record<string, string> = {};
  const details = apiError?.details as { issues?: Array<{ path: string; message: string }> } | undefined;
  for (const i of details?.issues ?? []) apiIssues[i.path] = i.message;
  const fieldError = (f: string) => errors[f] ?? apiIssues[f];
  const generalError = apiError && !Object.keys(apiIssues).length ? plain(apiError) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = 'Enter the shop’s name.';
    if (!/^\d{4,12}$/.test(pin)) next.pin = 'The PIN must be 4 to 12 digits.';
    else if (pin !== pin2) next.pin2 = 'The two PINs are different.';
    setErrors(next);
    if (Object.keys(next).length) return;
    await useApp.getState().setup({ name: name.trim(), currency, timeZone, locale, pin });
  }

  const describe = (f: string) => (fieldError(f) ? `${f}-error` : undefined);

  return (
    <main className="firstrun" aria-labelledby="welcome">
      <div style={{ gridColumn: '1 / -1' }}>
        <h1 id="welcome" style={{ marginBottom: 4 }}>Welcome to Passbook</h1>
        <p style={{ margin: 0, color: 'var(--muted)' }}>Sell prepaid passes and draw them down at the counter. Set up your shop, bring it back from a backup, or try the demo first.</p>
      </div>
      <section className="card" aria-labelledby="setup-title">
        <h2 id="setup-title">Set up your shop</h2>
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="shop-name">Shop name</label>
            <input id="shop-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="organization" aria-invalid={!!fieldError('name')} aria-describedby={describe('name')} autoFocus />
            {fieldError('name') && <span id="name-error" className="field-error">{fieldError('name')}</span>}
          </div>
          <div className="field">
            <label htmlFor="shop-currency">Currency</label>
            <select id="shop-currency" value={currency} onChange={(e) => setCurrency(e.target.value)} aria-describedby={describe('currency')}>
              {currencies.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
            </select>
            {fieldError('currency') && <span id="currency-error" className="field-error">{fieldError('currency')}</span>}
          </div>
          <div className="field">
            <label htmlFor="shop-locale">Numbers and dates</label>
            <select id="shop-locale" value={locale} onChange={(e) => setLocale(e.target.value)} aria-describedby={describe('locale') ?? 'locale-hint'}>
              {locales.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
            </select>
            <span id="locale-hint" className="hint" data-testid="locale-sample">Written as {localeSample(locale, currency)}. Amounts are typed this way too.</span>
            {fieldError('locale') && <span id="locale-error" className="field-error">{fieldError('locale')}</span>}
          </div>
          <div className="field">
            <label htmlFor="shop-zone">Time zone</label>
            <select id="shop-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} aria-describedby={describe('timeZone') ?? 'zone-hint'}>
              {zones.map((z) => <option key={z} value={z}>{z.replace(/_/g, ' ')}</option>)}
            </select>
            <span id="zone-hint" className="hint">Days and months end at midnight here.</span>
            {fieldError('timeZone') && <span id="timeZone-error" className="field-error">{fieldError('timeZone')}</span>}
          </div>
          <div className="field">
            <label htmlFor="shop-pin">Owner PIN (4–12 digits)</label>
            <input id="shop-pin" type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.target.value)} aria-invalid={!!fieldError('pin')} aria-describedby={describe('pin')} />
            {fieldError('pin') && <span id="pin-error" className="field-error">{fieldError('pin')}</span>}
          </div>
          <div className="field">
            <label htmlFor="shop-pin2">Owner PIN again</label>
            <input id="shop-pin2" type="password" inputMode="numeric" autoComplete="new-password" value={pin2} onChange={(e) => setPin2(e.target.value)} aria-invalid={!!fieldError('pin2')} aria-describedby={describe('pin2')} />
            {fieldError('pin2') && <span id="pin2-error" className="field-error">{fieldError('pin2')}</span>}
          </div>
          {generalError && <p role="alert" className="error">{generalError}</p>}
          <button className="btn btn-primary btn-big" type="submit" disabled={pending} style={{ width: '100%' }}>{pending ? 'Setting up…' : 'Set up the shop'}</button>
        </form>
      </section>
      <div className="firstrun-side">
        <section className="card demo-card" aria-labelledby="demo-title">
          <h2 id="demo-title">Just looking?</h2>
          <p>The demo is a coffee shop with drinks, passes and a few regular customers. Its owner PIN is <strong>1234</strong>.</p>
          <button className="btn btn-big" type="button" disabled={pending} onClick={() => void useApp.getState().loadDemo()}>Open the demo shop (Bean &amp; Brew)</button>
        </section>
        <BringBack />
      </div>
    </main>
  );
}
