// The shop's "numbers and dates": how every amount is typed and shown and every date written (a BCP 47 locale).
// Chosen from a list with a sample, at setup and in Settings: taken silently from the computer's language, a French
// bakery on an English laptop typed "1,5" and was told to write "1.5" with nothing saying where that came from.

/** Locales shops most often keep their books in; the computer's own and the shop's current one are added. */
const COMMON = [
  'en-US', 'en-GB', 'en-CA', 'en-AU', 'en-NZ', 'en-IE', 'en-IN', 'en-ZA', 'en-SG',
  'fr-FR', 'fr-CA', 'fr-BE', 'fr-CH', 'de-DE', 'de-AT', 'de-CH', 'it-IT', 'it-CH', 'es-ES', 'es-MX', 'es-AR', 'es-CO',
  'pt-PT', 'pt-BR', 'nl-NL', 'nl-BE', 'sv-SE', 'nb-NO', 'da-DK', 'fi-FI', 'pl-PL', 'cs-CZ', 'hu-HU', 'el-GR', 'tr-TR',
  'ja-JP', 'ko-KR', 'zh-CN', 'zh-TW', 'he-IL', 'ar-AE',
];

const canonical = (l: string): string | null => {
  try { return Intl.getCanonicalLocales(l)[0] ?? null; } catch { return null; }
};

/** This computer's time zone (the first screen's choice, and its dates before a shop has one). */
export function browserZone(): string {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
}

/** The computer's language(s), as the first guess for a new shop. */
export function computerLocale(): string {
  for (const l of [...(navigator.languages ?? []), navigator.language]) {
    const c = l ? canonical(l) : null;
    if (c) return c;
  }
  return 'en-US';
}

/** "French (France) · français (France)": in the screens' English, then as its own speakers write it. */
export function localeLabel(locale: string): string {
  try {
    const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(locale) ?? locale;
    const own = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
    return own === english ? english : `${english} · ${own}`;
  } catch { return locale; }
}

/** The choices: the current one and the computer's first, then the common ones by their English name. */
export function localeOptions(current: string): Array<{ value: string; label: string }> {
  const first = [...new Set([current, computerLocale()].map((l) => canonical(l) ?? l))];
  const rest = COMMON.filter((l) => !first.includes(l)).map((l) => ({ value: l, label: localeLabel(l) })).sort((a, b) => a.label.localeCompare(b.label, 'en'));
  return [...first.map((l) => ({ value: l, label: localeLabel(l) })), ...rest];
}

/** What the choice means, in its own writing: "1 234,50 € · 31 mars 2026 · 14:30" (a fixed day, so it never varies). */
export function localeSample(locale: string, currency: string): string {
  try {
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency }).format('1234.5' as `${number}`);
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 2, 31, 12));
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(Date.UTC(2026, 2, 31, 14, 30));
    return `${money} · ${date} · ${time}`;
  } catch { return ''; }
}
