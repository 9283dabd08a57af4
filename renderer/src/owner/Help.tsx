// Help: what each part of the owner area is for, and the demo shop.
import { useState } from 'react';
import { api, newClientId } from '../api/client';
import { useApp } from '../store/app';
import { errorText } from './store';
import { ErrorLine, SectionHead } from './ui';

export function HelpScreen() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function demo() {
    if (busy) return;
    setBusy(true); setError(null);
    try {
      await api.shop.loadDemo({ clientId: newClientId() });
      await useApp.getState().load();
    } catch (err) {
      const e = errorText(err);
      setError(/already set up/i.test(e)
        ? 'This ledger already holds a shop, so the demo cannot be loaded into it. To try the demo, back up first (Settings & data), then start Passbook on a new ledger file and choose “Open the demo shop”.'
        : e);
    } finally { setBusy(false); }
  }
  return (
    <section aria-labelledby="help-title" className="ohelp">
      <SectionHead title="Help" id="help-title" />
      <div className="ocolumns">
        <div className="card">
          <h3>The owner area</h3>
          <dl className="odl wide">
            <div><dt>Customers</dt><dd>Balances, next expiry and overage due for everyone; open a customer for their lots and full history, and to adjust, void or refund with a reason (a refund may keep a cancellation fee; Refund… on a top-up’s line pays back what is left of that top-up alone, and Refund some credits… pays back as many paid credits as the customer asks, at what they cost; either way the pass stays open, free credits are never paid for, and a redemption made before it can no longer be voided). A refund goes back the way the pass or top-up was paid (Paid back by), unless you choose another. After any refund, Print refund slip prints the customer’s and the till’s slip on the receipt printer: what was taken back, paid back and how, and the balance now. A sale or top-up rung up by mistake can be undone at the counter within the undo window set in Settings (Undo, or Alt+U, while its confirmation shows) if the pass has not been used since; after that, refund it here. A redemption rung up wrong is undone at the counter too: Undo (Alt+U) while its countdown runs, or, once the next customer has been served, Undo on its line in the customer’s Last redemptions; after the window, Void… it here (a void is final: Adjust credits takes credits off again). Give free credits… there is a gift (a birthday, an apology): no money, used first, ending with the pass’s period or after the days you set. Extend end… gives a pass’s credits more time (a customer was ill or away): those that end before the day you pick can be used through it instead; no money moves, the history says it, and they expire on that day without rolling over. A wrong day picked (or a closure for the wrong dates): Undo extension… takes the last extension of the pass back, its credits ending where they did before (never before tonight); do it again to take back the one before. Once the old end of credits that would have rolled over there has passed, their extension stays (taking it back would lose them). Move credits… moves credits to another pass, the customer’s own or a family member’s, with the money paid for them (they keep their end, and do not roll over on the other pass); a redemption made before such a move can no longer be voided (adjust instead). A lost or stolen card: Replace card there, or Pass card (Alt+C) at the counter. The old card stops working at once, and scanned later it says whose it was. One person entered twice (a second card made at the counter, or an import): Same person as… on the record to drop, then pick the customer to keep. Its credits move to the kept customer’s pass of the same kind with their price and end (as moved credits, they do not roll over), overage owed on account moves with them, its passes are cancelled at no money, and its card opens the kept customer from then on; both histories say so. A merge is final. A customer who asks the shop to erase their details: refund and cancel their active passes, then Forget customer… there. Their name, phone, email and notes are erased for good; their passes, redemptions and payments stay in the books as “Forgotten customer”. Backups made before keep the old details until they are deleted, and restoring one brings them back (its preview says so: forget them again).</dd></div>
            <div><dt>Plans & items</dt><dd>What the counter sells. A change applies to new sales; sold passes keep their terms. Archive instead of deleting. A plan or pack may give a free bonus with each purchase (“top up $20, get 2 free”): the bonus is used first, ends with the credits bought, and goes back with them if the purchase is undone or refunded. Gift… on a plan gives the same free credits to every open pass of it at once (a holiday gift), after saying how many passes that is.</dd></div>
            <div><dt>Month end</dt><dd>Preview what will roll over and expire before the month ends; close; see every close that ran. A close is not taken back: credits that expired by mistake are given back with Adjust credits… on the customer, or Gift… on the plan. Closing for a while… (holidays, works): credits of every open pass that would end while the shop is closed can be used through a day you pick after it opens again; it says how many passes and credits first, and each customer’s history and statement say it. Undo last closure… (shown while there is one) takes the last closure back for every pass, after saying how many: a closure typed for the wrong dates or year. Credits extended again or taken back since, pass by pass, stay as they are.</dd></div>
            <div><dt>Statements</dt><dd>Paper for a customer (A4, Letter or an 80 mm receipt), print or save as PDF or CSV.</dd></div>
            <div><dt>Reports</dt><dd>Deferred revenue, the month’s accounts (what the till, the card terminal, customers’ unused credits and each kind of revenue stand at; each column adds up to zero when the books balance; Print… puts it on A4 or Letter for your records or the accountant, Save CSV… gives it as a spreadsheet), sales per day with the range’s totals (Today, then Print summary puts the day’s till on the receipt roll), who is low or expiring, and the accountant’s export. Under the daily figures, the pass payments of that day (each pass sold, top-up, overage and payment back, with how it was paid), then the day’s sales without a pass (Alt+W at the counter: items at their cash price to a walk-in), with Void… for one brought back after the counter’s undo window. The till does not match because the counter tapped the wrong way (Cash for a card payment)? Paid another way… on its line corrects it: the payment stays as written, the correction moves its amount to the right way on today’s figures and in the books, and anything paid back later goes back the corrected way. Corrections lists every undo, void, adjustment, move, refund, gift of free credits, extension and payment way corrected of the days you pick, newest first: who made it (the counter’s undos need no PIN), for whom, why, and what went back to customers; a name opens the customer, and Save CSV… gives the whole range to the accountant, oldest first.</dd></div>
            <div><dt>Settings & data</dt><dd>Shop details, the PIN and its recovery code (made once, written down or printed and locked away: if the PIN is forgotten, “Forgot the PIN?” at the PIN gate takes it and a new PIN, once), backups and restore (Save a copy… puts a backup on a USB stick or another drive: the backups themselves stay on this computer, and the owner area asks for a copy when the last is a month old; a restore brings back the books as they were, and keeps the PIN and recovery code as they are; on a new computer, the first screen’s “Moving to this computer?” brings the shop back from such a copy, with its own PIN); and Import: bring in your customer list (with the cards they carry), your menu, and the balances customers hold from before Passbook, from a spreadsheet’s CSV. New customers’ cards print on a card printer or on A4 or Letter sheets to cut out.</dd></div>
          </dl>
          <p className="muted">Owner mode locks itself after a few minutes without use, and when you press Lock.</p>
        </div>
        <div className="card">
          <h3>Demo shop</h3>
          <p>“Bean & Brew”: cappuccino 1 drink, cold brew 1.5, muffin 2; a pass of 25 drinks for $50 that rolls up to 5 over; a 10-drink top-up; customers with months of history. The demo owner PIN is 1234.</p>
          <button className="btn" type="button" onClick={() => void demo()} aria-disabled={busy || undefined}>Load the demo shop</button>
          <ErrorLine error={error} />
        </div>
      </div>
    </section>
  );
}
