// What is on the paper when the counter prints: an 80 mm receipt or a pass card with its QR code.
import { create } from 'zustand';
import type { CorrectionResult, CustomerDetail, PassView, RedeemResult } from '../api/types';
import '../api/client';

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
export interface CardJob { kind: 'card'; customer: CustomerDetail['customer']; planName: string | null; qrDataUrl: string }
export type PrintJob = ReceiptJob | CardJob;

interface PrintState {
  job: PrintJob | null;
  error: string | null;
  print(job: PrintJob): Promise<void>;
}

export const usePrint = create<PrintState>()((set) => ({
  job: null,
  error: null,
  async print(job) {
    set({ job, error: null });
    // let React paint the print layout before the dialog opens
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
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
  },
}));
