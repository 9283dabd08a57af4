// What is on the paper when the counter prints: an 80 mm receipt or a pass card with its QR code.
import { create } from 'zustand';
import type { CorrectionResult, CustomerDetail, PassView, RedeemResult } from '../api/types';
import '../api/client';
import type { LastPurchase } from './counter';
import type { OutputOf } from '../../../core/contract';

export interface ReceiptJob {
  kind: 'receipt';
  customerName: string;
  customerCode: string;
  planName: string;
  unit: string;
  at: string;
  result: RedeemResult;
  /** live lots after the redemption (from the pass as the ledger returned it) */
  lots: PassView['lots'];
  undone: boolean;
  /** the undo, when there was one: what came back and the balance after it */
  undo?: CorrectionResult;
}
/** A sale or top-up: what was bought, what was paid and how, and what the pass holds now. */
export interface PurchaseJob { kind: 'purchase'; purchase: LastPurchase }
/** A sale without a pass: each line at the cash price, the total, how it was paid (and, reprinted after an undo, UNDONE). */
export interface CashSaleJob { kind: 'cashSale'; sale: OutputOf<'counter.cashSale'> }
export interface CardJob { kind: 'card'; customer: CustomerDetail['customer']; planName: string | null; qrDataUrl: string }
/** Cards for many customers (after an import): one card a page, as a card printer takes them, or a sheet of office
 *  paper full of them to cut out (A4: 10 a page; Letter: 8). */
export interface CardsJob { kind: 'cards'; cards: Array<{ name: string; code: string; qrDataUrl: string }>; sheet?: CardSheet }
export type CardSheet = 'A4' | 'Letter';
/** Cards of 85.6 × 54 mm two across, rows as many as the paper takes inside margins most printers can print. */
export const CARDS_PER_SHEET: Record<CardSheet, number> = { A4: 10, Letter: 8 };
/** The owner's summary of some days on the receipt roll (what the till and terminal should hold, the counter's credits
 *  and the revenue): the daily report's total row, for counting up at the end of a day. */
export interface SummaryJob {
  kind: 'summary';
  /** the days as the shop reads them ("Tue, Nov 17, 2026", or "Thu, Oct 22, 2026 – Sun, Nov 22, 2026") */
  range: string;
  /** when it was printed (ISO) */
  at: string;
  totals: OutputOf<'reports.daily'>['totals'];
}
/**
 * An owner's refund (a pass refunded and cancelled, what is left of a top-up, some credits): what was paid back and
 * how, what it paid on account or kept as a fee, and what the pass holds now. The customer's and the till's paper.
 */
export interface RefundJob {
  kind: 'refund';
  what: 'pass' | 'topup' | 'credits';
  customerName: string;
  customerCode: string;
  planName: string;
  unit: string;
  /** when the owner's screen had the ledger's answer (ISO) */
  at: string;
  /** credits taken off (null: not said, as for a pass whose quote was not read) */
  credits: string | null;
  refunded: string;
  paymentMethod: 'cash' | 'card' | 'other';
  settledOnAccount: string;
  fee: string;
  balanceAfter: string;
  overageDue: string;
  cancelled: boolean;
  reason: string;
  /** a top-up's lot number */
  lotId?: number;
}
/** The owner PIN's recovery code on the receipt roll, for the owner's safe. Taken off the page once printed. */
export interface RecoveryJob { kind: 'recovery'; code: string; at: string }
export type PrintJob = ReceiptJob | PurchaseJob | CashSaleJob | CardJob | CardsJob | SummaryJob | RefundJob | RecoveryJob;

interface PrintState {
  job: PrintJob | null;
  error: string | null;
  print(job: PrintJob): Promise<void>;
}

/**
 * A receipt's paper is as long as the receipt: the 80 mm roll is cut after it, not after a fixed 297 mm (a short
 * receipt left most of a page blank; a long one broke onto a second one). The printed layout is hidden on screen, so
 * a copy is measured off screen; the page size is a constructed stylesheet (the CSP blocks inline <style>), kept
 * until the next print.
 */
let receiptSheet: CSSStyleSheet | null = null;
const RECEIPT_MARGIN_MM = 4;

function fitReceiptPage(): void {
  const receipt = document.querySelector<HTMLElement>('.print-root .receipt');
  if (!receipt || typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return;
  const box = document.createElement('div');
  box.style.position = 'absolute'; box.style.left = '-10000px'; box.style.top = '0'; box.style.visibility = 'hidden';
  box.appendChild(receipt.cloneNode(true));
  document.body.appendChild(box);
  const mm = (box.firstElementChild as HTMLElement).getBoundingClientRect().height * 25.4 / 96;
  box.remove();
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(receiptPageRule(mm));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => s !== receiptSheet), sheet];
  receiptSheet = sheet;
}

/** The @page rule for a receipt `contentMm` long: its margins added, 50 mm at least, 2,000 mm at most. */
export function receiptPageRule(contentMm: number): string {
  const length = Math.min(2000, Math.max(50, Math.ceil(contentMm + 2 * RECEIPT_MARGIN_MM + 2)));
  return `@page receipt { size: 80mm ${length}mm; margin: ${RECEIPT_MARGIN_MM}mm; }`;
}

export const usePrint = create<PrintState>()((set) => ({
  job: null,
  error: null,
  async print(job) {
    set({ job, error: null });
    // let React paint the print layout before the dialog opens
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    if (job.kind !== 'card' && job.kind !== 'cards') fitReceiptPage();
    try {
      if (window.passbookShell?.print) {
        const r = await window.passbookShell.print();
        if (!r.ok) set({ error: r.error.message });
      } else {
        window.print();
      }
    } catch (err) {
      set({ error: `Printing failed: ${(err as Error).message}` });
    }
    // a secret does not stay in the page after its paper is out
    if (job.kind === 'recovery') set((s) => (s.job === job ? { job: null } : {}));
  },
}));
