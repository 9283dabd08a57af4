// A lost card at the counter: the cashier replaces it from the pass card dialog (Alt+C), prints the new one, and the
// old card scanned afterwards opens no one and says whose it was; a pre-printed card can be scanned in as the new one.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, ownerPage, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { openCounter, scan } from './support/counter';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;

async function customerWithPass(name: string): Promise<{ id: number; code: string; pass: number }> {
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name });
  const p = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await host.call('counter.redeem', { clientId: clientId(), passId: p.id, items: [{ itemId: ids.items['Cold brew (large)'], quantity: '1' }] });
  return { ...c, pass: p.id };
}
const counter = (page: Page) => openCounter(page, host);

test.beforeAll(async () => {
  ids = await setupCoffeeShop(host);
});

test('a lost card is replaced at the counter; the old card then opens no one and says whose it was', async ({ page }) => {
  const ann = await customerWithPass('Ann Lost');
  await counter(page);
  await scan(page, ann.code);
  await expect(page.getByRole('heading', { name: 'Ann Lost' })).toBeVisible();
  await page.keyboard.press('Alt+C');
  const card = page.getByTestId('card-dialog');
  await expect(card.getByTestId('card-code')).toHaveText(ann.code);
  await card.getByRole('button', { name: 'Card lost? Replace it…' }).click();

  const dialog = page.getByTestId('replace-card-dialog');
  await expect(dialog.getByRole('heading', { name: 'Replace Ann Lost’s card' })).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Lost' })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: 'Lost' })).toBeFocused();
  await expect(dialog).toContainText(`Card ${ann.code} stops working at once`);
  await shot(page, 'card-replace-01-form');
  await axe(page, 'replace card form');
  // Back returns to the card, unchanged
  await dialog.getByRole('button', { name: 'Back' }).click();
  await expect(card.getByTestId('card-code')).toHaveText(ann.code);
  await card.getByRole('button', { name: 'Card lost? Replace it…' }).click();
  await dialog.getByRole('radio', { name: 'Stolen' }).check();
  await dialog.getByRole('button', { name: `Replace card ${ann.code}` }).click();

  // the new card, ready to print; the old code is named as dead
  await expect(card.getByRole('heading', { name: 'New pass card for Ann Lost' })).toBeVisible();
  await expect(card.getByTestId('card-replaced')).toHaveText(`Card ${ann.code} no longer works: scanned, it is refused. Print this new card and hand it over.`);
  const newCode = (await card.getByTestId('card-code').textContent())!;
  expect(newCode).toMatch(/^[23456789ACDEFGHJKMNPQRTVWXY]{8}$/);
  expect(newCode).not.toBe(ann.code);
  await expect(card.getByRole('img', { name: `QR code for card ${newCode}` })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Print card' })).toBeFocused();
  await expect(card.getByRole('button', { name: /Replace it/ })).toHaveCount(0);
  await shot(page, 'card-replace-02-new-card');
  await axe(page, 'new card after a replacement');
  await page.keyboard.press('Escape');
  await expect(card).toBeHidden();

  // the ledger has it: one replacement, the customer's code is the new one
  const detail = await host.call<{ customer: { code: string }; formerCards: Array<{ code: string; reason: string }> }>('customers.get', { id: ann.id });
  expect(detail.customer.code).toBe(newCode);
  expect(detail.formerCards.map((c) => [c.code, c.reason])).toEqual([[ann.code, 'stolen']]);

  // next customer; someone scans the stolen card: refused, with whose it was, and no customer opens
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Ann Lost' })).toBeHidden();
  await scan(page, ann.code);
  await expect(page.getByTestId('search-error')).toHaveText(new RegExp(`^Card ${ann.code} no longer works: it was reported stolen and replaced on \\w+ \\d+, \\d{4}\\. It was Ann Lost's card; they have a new one\\.$`));
  await expect(page.getByRole('heading', { name: 'Ann Lost' })).toHaveCount(0);
  await expect(page.getByTestId('balance')).toHaveCount(0);
  // and the list does not offer to add the card's holder as a new customer
  await expect(page.getByTestId('no-results')).toHaveText('This card was replaced, so it opens no one. Ask for the new card, or find the customer by name or phone.');
  await shot(page, 'card-replace-03-old-card-scanned');
  await axe(page, 'counter after a replaced card is scanned');

  // the new card opens Ann with her pass as it was (10 - 1.5)
  await page.getByTestId('search').fill('');
  await scan(page, newCode);
  await expect(page.getByRole('heading', { name: 'Ann Lost' })).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText('8.5');
});

test('a pre-printed card scanned in becomes the new card; a taken code is refused and changes nothing', async ({ page }) => {
  const bo = await customerWithPass('Bo Worn');
  const cy = await customerWithPass('Cy Other');
  await counter(page);
  await scan(page, bo.code);
  await expect(page.getByRole('heading', { name: 'Bo Worn' })).toBeVisible();
  await page.keyboard.press('Alt+C');
  await page.getByTestId('card-dialog').getByRole('button', { name: 'Card lost? Replace it…' }).click();
  const dialog = page.getByTestId('replace-card-dialog');
  await dialog.getByRole('radio', { name: 'Damaged or worn' }).check();

  // a taken code (Cy's card), typed by hand: refused in words, Bo keeps his card
  const field = dialog.getByLabel('Code of a pre-printed card (optional)');
  await field.fill(cy.code.toLowerCase());
  await dialog.getByRole('button', { name: `Replace card ${bo.code}` }).click();
  await expect(dialog.getByTestId('replace-error')).toHaveText(`The card code ${cy.code} belongs to Cy Other.`);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  expect((await host.call<{ customer: { code: string } }>('customers.get', { id: bo.id })).customer.code).toBe(bo.code);

  // the scanner types the pre-printed card into the field: its Enter waits for the cashier, and no warning shows;
  // typed by a person, Enter there does not replace either (the button does)
  await field.fill('');
  await field.focus();
  await scan(page, 'PB-00427');
  await field.press('Enter');
  await expect(field).toHaveValue('PB-00427');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('scan-in-dialog')).toHaveCount(0);
  expect((await host.call<{ customer: { code: string } }>('customers.get', { id: bo.id })).customer.code).toBe(bo.code);
  await shot(page, 'card-replace-04-preprinted');
  await dialog.getByRole('button', { name: `Replace card ${bo.code}` }).click();
  const card = page.getByTestId('card-dialog');
  await expect(card.getByTestId('card-code')).toHaveText('PB00427');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Escape');
  await scan(page, 'pb00427');
  await expect(page.getByRole('heading', { name: 'Bo Worn' })).toBeVisible();
});

test('the owner sees a customer\'s earlier cards and gives them the card from the old system', async ({ browser }) => {
  const di = await customerWithPass('Di Twice');
  await host.call('customers.replaceCard', { clientId: clientId(), id: di.id, reason: 'lost' });
  const owner = await ownerPage(browser, host);
  await owner.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Customers', exact: true }).click();
  await owner.getByLabel('Find').fill('Di Twice');
  await owner.getByTestId('customer-list').getByRole('button', { name: /Di Twice/ }).click();
  await expect(owner.getByTestId('former-cards')).toHaveText(new RegExp(`^Earlier cards, refused if scanned: ${di.code} \\(lost .+\\)$`));
  const now = (await host.call<{ customer: { code: string } }>('customers.get', { id: di.id })).customer.code;

  // the owner gives Di the card she carried from the shop's old system
  await owner.getByRole('button', { name: 'Replace card…' }).click();
  const form = owner.getByTestId('card-replacer');
  await expect(form.getByRole('heading', { name: 'Replace Di Twice’s card' })).toBeVisible();
  await form.getByLabel('Why').selectOption('other');
  await form.getByLabel('Code of a pre-printed card (optional)').fill(di.code); // her first card: refused, never reused
  await form.getByRole('button', { name: `Replace card ${now}` }).click();
  await expect(form.getByRole('alert')).toContainText(`The card code ${di.code} was on a card replaced on`);
  await axe(owner, 'owner replace card form with a refusal');
  await shot(owner, 'card-replace-06-owner-form');
  // scanned in (or typed and Enter): the field fills, nothing is replaced until the button, and no scan warning
  await form.getByLabel('Code of a pre-printed card (optional)').fill('');
  await form.getByLabel('Code of a pre-printed card (optional)').focus();
  await scan(owner, 'old-sys 1234');
  await expect(form.getByLabel('Code of a pre-printed card (optional)')).toHaveValue('old-sys 1234');
  await expect(owner.getByTestId('scan-in-dialog')).toHaveCount(0);
  expect((await host.call<{ customer: { code: string } }>('customers.get', { id: di.id })).customer.code).toBe(now);
  await form.getByRole('button', { name: `Replace card ${now}` }).click();
  const done = owner.getByTestId('card-replaced-owner');
  await expect(done.getByRole('heading', { name: 'New card for Di Twice' })).toBeVisible();
  await expect(done.getByRole('img', { name: 'QR code for card OLDSYS1234' })).toBeVisible();
  await expect(done.getByRole('button', { name: 'Print card' })).toBeFocused();
  await axe(owner, 'owner new card');
  await shot(owner, 'card-replace-07-owner-new-card');
  // printed as the counter prints a card: the new code on it
  await owner.evaluate(() => { window.print = () => undefined; });
  await owner.keyboard.press('Enter');
  await owner.emulateMedia({ media: 'print' });
  await expect(owner.getByTestId('passcard')).toContainText('Di Twice');
  await expect(owner.getByTestId('passcard')).toContainText('OLDSYS1234');
  await owner.emulateMedia({ media: 'screen' });
  await done.getByRole('button', { name: 'Close' }).click();
  await expect(owner.getByText('Card OLDSYS1234', { exact: false }).first()).toBeVisible();
  await expect(owner.getByRole('status')).toContainText(`New card for Di Twice: OLDSYS1234. Card ${now} no longer works.`);
  await expect(owner.getByTestId('former-cards')).toHaveText(new RegExp(`^Earlier cards, refused if scanned: ${now} \\(replaced .+\\), ${di.code} \\(lost .+\\)$`));
  await shot(owner, 'card-replace-05-owner-former-cards');
  await owner.context().close();
});

/** nothing in the open dialog sticks out sideways (WCAG 1.4.10 reflow) */
async function dialogFitsWidth(page: Page) {
  const over = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll<HTMLElement>('dialog[open] *')]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5 || el.scrollWidth > el.clientWidth + 1 && el.tagName === 'BUTTON'); })
      .map((el) => `${el.tagName} "${(el.textContent ?? '').trim().slice(0, 30)}"`);
  });
  expect(over).toEqual([]);
}

test('at 200 % zoom of a 1024×768 window the replace and edit dialogs reflow: nothing sideways, their buttons reachable', async ({ browser }) => {
  const fay = await customerWithPass('Fay Zoom-Wilhelmina von Hohenzollern');
  const context = await browser.newContext({ viewport: { width: 512, height: 384 }, deviceScaleFactor: 2, locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await counter(page);
  await scan(page, fay.code);
  await expect(page.getByRole('heading', { name: /Fay Zoom/ })).toBeVisible();
  await page.keyboard.press('Alt+C');
  await page.getByTestId('card-dialog').getByRole('button', { name: 'Card lost? Replace it…' }).click();
  const dialog = page.getByTestId('replace-card-dialog');
  await dialogFitsWidth(page);
  const submit = dialog.getByRole('button', { name: `Replace card ${fay.code}` });
  await submit.scrollIntoViewIfNeeded();
  await expect(submit).toBeInViewport();
  await shot(page, 'card-replace-08-zoom200');
  await page.keyboard.press('Escape'); // back to the card
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('card-dialog')).toBeHidden();
  await page.getByTestId('edit-customer').click();
  const edit = page.getByTestId('edit-customer-dialog');
  await dialogFitsWidth(page);
  const save = edit.getByRole('button', { name: 'Save details' });
  await save.scrollIntoViewIfNeeded();
  await expect(save).toBeInViewport();
  await shot(page, 'customer-edit-04-zoom200');
  await context.close();
});
