// A modal on the native <dialog>: focus is trapped and the rest of the page inert while it is open;
// Escape closes it through onClose.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { saidWithin, useCounter } from '../store/counter';

/** A scanner types a card code much faster than a person (a key every few ms), then Enter. */
const SCAN_GAP_MS = 35;
const SCAN_MIN_KEYS = 4;
/** the last keys whose pace is measured, and how soon after them the scanner's Enter comes */
const SCAN_KEYS_SEEN = 8;
const SCAN_ENTER_MS = 250;

/**
 * A card scanned while a dialog is open types its code and Enter into whatever has the focus, and that Enter would
 * press the dialog's main button: sell a pass, add a pack, take a payment, or create a customer named after the
 * code. Keys closer together than a person types, ending in Enter, are taken as a scan: its Enter does nothing and
 * the cashier is told. A held Enter (auto-repeat) does nothing either: one press, one action.
 */
function useScanGuard(): { onKeyDownCapture: (e: KeyboardEvent) => void; scanned: boolean } {
  const keys = useRef<number[]>([]);
  const [scanned, setScanned] = useState(false);
  const onKeyDownCapture = (e: KeyboardEvent) => {
    const t = e.timeStamp;
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const k = keys.current;
      k.push(t);
      if (k.length > SCAN_KEYS_SEEN) k.shift();
      return;
    }
    if (e.key === 'Enter') {
      // the keys' average pace, not each gap: a busy computer can hold one of a scanner's keys back
      const k = keys.current;
      const scan = k.length >= SCAN_MIN_KEYS && (k[k.length - 1]! - k[0]!) / (k.length - 1) < SCAN_GAP_MS && t - k[k.length - 1]! < SCAN_ENTER_MS;
      keys.current = [];
      if (scan || e.repeat) {
        e.preventDefault();
        e.stopPropagation();
        // a field that asks for a scan (a new card's code) takes the code; its Enter still waits for the cashier
        const wanted = e.target instanceof HTMLElement && e.target.hasAttribute('data-scan-target');
        if (scan && !wanted) setScanned(true);
      }
      return;
    }
    keys.current = [];
  };
  return { onKeyDownCapture, scanned };
}

/**
 * What was done often takes the opener away a moment later (a voided redemption's Void…, the Undo extension… of an
 * extension taken back), when the screen reads the ledger again; focus would fall to <body>, and a keyboard user would
 * start over from the top of the page. For two seconds after a dialog closes, focus that falls so goes to the heading
 * of the section the opener was in (a place the notice of what was done sits under).
 */
function watchOpener(opener: HTMLElement, section: HTMLElement | null): void {
  let ticks = 0;
  const timer = window.setInterval(() => {
    ticks += 1;
    const lost = !opener.isConnected && (document.activeElement === document.body || document.activeElement === null);
    if (lost && section?.isConnected) {
      const heading = section.querySelector<HTMLElement>('h1, h2');
      if (heading) {
        if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
        heading.focus();
      }
    }
    if (lost || ticks >= 40) window.clearInterval(timer);
  }, 50);
}

/** how long before a dialog opens a sentence may have been said and still be said inside it */
const SAID_JUST_NOW_MS = 500;

/**
 * The counter's live region is outside the dialog, so inert while it is open: what the counter says then (a cash sale
 * taken, its undo's "hand back $4.50 in cash", a new card) never reached a screen reader. Each dialog says it again
 * in its own status region, mounted empty so that what comes into it is read. A sentence said as this dialog replaced
 * another (the cash sale's form by its result) is said here once the region is in place.
 */
function useDialogVoice(): string {
  const [text, setText] = useState('');
  useEffect(() => {
    const recent = saidWithin(SAID_JUST_NOW_MS);
    const timer = recent ? window.setTimeout(() => setText(recent), 100) : undefined;
    const stop = useCounter.subscribe((s, prev) => { if (s.notice !== prev.notice) { window.clearTimeout(timer); setText(s.notice); } });
    return () => { window.clearTimeout(timer); stop(); };
  }, []);
  return text;
}

/**
 * busy: a write it started has not answered yet. Esc does nothing then (its Cancel is disabled too): closed, the
 * dialog would drop the answer (a cash sale taken with no receipt or Undo on screen) or a late answer would close the
 * next dialog the cashier had opened. Over HTTP the dialogs' writes give up after 15 s (api/client.ts COUNTER_ANSWER_MS),
 * and over IPC the main process answers each at once, so busy always ends.
 */
export function Modal({ labelledBy, onClose, children, testId, busy = false }: { labelledBy: string; onClose: () => void; children: ReactNode; testId?: string; busy?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    // the control that opened it gets focus back when it closes (React removes the dialog before a native
    // close could restore it, which would leave focus on <body>); the counter then moves it to its search box
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) {
      d.showModal();
      // showModal focuses the first control; a dialog may name a better one (its main action)
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    // the dialog scrolls within the window (200 % zoom, a small window): the focused control is kept in view
    // when content comes in late above it (the sell dialog's quote note) or an error line grows the form
    const keepFocusInView = () => {
      const f = document.activeElement;
      if (d?.open && f instanceof HTMLElement && f !== d && d.contains(f)) f.scrollIntoView({ block: 'nearest' });
    };
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(keepFocusInView);
    if (d) for (const child of Array.from(d.children)) ro?.observe(child);
    const section = opener?.closest<HTMLElement>('section, main') ?? null;
    return () => {
      ro?.disconnect();
      if (d?.open) d.close();
      if (opener?.isConnected && (document.activeElement === document.body || document.activeElement === null || d?.contains(document.activeElement))) opener.focus();
      if (opener) watchOpener(opener, section);
    };
  }, []);
  const guard = useScanGuard();
  const voice = useDialogVoice();
  return (
    <dialog ref={ref} aria-labelledby={labelledBy} data-testid={testId} onCancel={(e) => { e.preventDefault(); if (!busy) onClose(); }}
      onKeyDownCapture={(e) => {
        // stopped at the key, not only at its cancel event: Chrome closes a dialog whose cancel was refused twice without a click or key between
        if (busy && e.key === 'Escape') { e.preventDefault(); return; }
        guard.onKeyDownCapture(e);
      }}>
      {children}
      <p className="sr-only" role="status" data-testid="dialog-voice">{voice}</p>
      {guard.scanned && (
        <p className="error" role="alert" data-testid="scan-in-dialog">
          A card was scanned while this window was open, and nothing was done with it. Finish or cancel here (Esc), then scan the card again.
        </p>
      )}
    </dialog>
  );
}
