// Owner paper: statements rendered into their own print host outside #root, which only @media print shows
// while the owner prints (body.owner-printing); the counter's receipt host stays hidden meanwhile.
import { useEffect, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { PaperSize } from './StatementDoc';
import './print.css';

let host: HTMLElement | null = null;
function printHost(): HTMLElement {
  if (!host) {
    host = document.createElement('div');
    host.className = 'owner-print-root';
    document.body.appendChild(host);
  }
  return host;
}

/**
 * The measured length of the 80 mm roll, as an @page rule in a constructed stylesheet adopted by the document:
 * the app's CSP (style-src 'self') blocks an inline <style> element, not the CSSOM. Null: print.css's fallback.
 */
export function rollPageRule(rollHeightMm: number): string {
  return `@page owner-roll { size: 80mm ${Math.min(2000, Math.max(50, Math.ceil(rollHeightMm)))}mm; margin: 3mm 4mm; }`;
}

function useRollPageSize(rollHeightMm: number | null): void {
  useEffect(() => {
    if (!rollHeightMm || typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rollPageRule(rollHeightMm));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => { document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet); };
  }, [rollHeightMm]);
}

export function OwnerPrintPortal({ size, children, rollHeightMm = null }: { size: PaperSize; children: ReactNode; rollHeightMm?: number | null }) {
  useEffect(() => {
    const h = printHost();
    h.dataset.paper = size;
  }, [size]);
  useRollPageSize(size === '80mm' ? rollHeightMm : null);
  return createPortal(
    <div className={`opaper-set paper-${size.toLowerCase()}`}>
      {children}
    </div>, printHost());
}

/** Print what the portal holds with the system dialog (Electron: main's print; browser: window.print). */
export async function printOwnerPaper(): Promise<{ ok: boolean; message?: string }> {
  document.body.classList.add('owner-printing');
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  try {
    if (window.passbookShell?.print) {
      const r = await window.passbookShell.print();
      return r.ok ? { ok: true } : { ok: false, message: r.error.message };
    }
    window.print();
    return { ok: true };
  } catch (err) {
    return { ok: false, message: `Printing failed: ${(err as Error).message}` };
  } finally {
    document.body.classList.remove('owner-printing');
  }
}

/** For browser tests and page.pdf: keep the owner paper as what prints until undone. */
export function setOwnerPrinting(on: boolean): void {
  document.body.classList.toggle('owner-printing', on);
}
