// After a restore from a backup the ledger is another file whose ids may name other people: every screen of this
// page starts over from it. Run by the page that restored (owner/Settings.tsx) and by any other page the host
// refused a write from, or whose clock check saw the new ledger (api/client.ts, shell/App.tsx).
import { useApp } from './app';
import { useCounter } from './counter';
import { EMPTY_LIST, useOwner } from '../owner/store';

export const RESTORED_ELSEWHERE = 'The ledger was restored from a backup on another screen, so this screen started over: nothing you had open was written. Open the customer again.';

/** The screens of this page, started over on the ledger now open; `gateNotice`: what the owner's PIN gate says. */
export async function startOverOnRestoredLedger(words: { counter: string | null; gateNotice: string }): Promise<void> {
  useApp.setState({ ledger: null }); // the screens' ledger is the one now open: load adopts its mark
  await useApp.getState().load(); // the new ledger's mark, shop and (locked) owner session
  useCounter.getState().startOver(words.counter);
  // another ledger: nothing of this one's owner screens is kept behind the gate
  useOwner.setState({ gateNotice: words.gateNotice, opened: false, focusBefore: null, customerId: null, customerList: EMPTY_LIST, copies: null, copyReminderLater: false });
  useApp.getState().setOwnerActive(false);
}
