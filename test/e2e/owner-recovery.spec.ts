// A forgotten owner PIN. The owner makes a recovery code in Settings (shown once, printed on the receipt roll, kept only
// when the owner says it is written down); at the PIN gate "Forgot the PIN?" takes the code and a new PIN, once, and
// opens owner mode. Before, a forgotten PIN shut the owner out of refunds, month end and the books for good.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage } from './support/shop';
import { axe, SCREENS, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;
let code = '';
const section = (name: string) => page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name, exact: true });

test.beforeAll(async ({ browser }) => {
  await host.setClock('2026-05-04T09:00:00.000Z');
  await host.call('shop.setup', { clientId: clientId(), name: 'The Corner Café', currency: 'GBP', timeZone: 'Europe/London', locale: 'en-GB', creditUnit: 'drink', pin: '2468' });
  page = await ownerPage(browser, host, { locale: 'en-GB', timezoneId: 'Europe/London' });
  // the paper as it is when the print dialog opens (the slip leaves the page once printed)
  await page.evaluate(() => {
    const w = window as unknown as { printedHtml: string[] };
    w.printedHtml = [];
    window.print = () => { w.printedHtml.push(document.querySelector('.print-root')?.innerHTML ?? ''); };
  });
  await expect(section('Customers')).toBeVisible();
});
test.afterAll(async () => { await page.context().close(); });

test('a shop without a recovery code is told so beside Lock, and the owner makes one, prints it and keeps it', async () => {
  const note = page.getByTestId('recovery-note');
  await expect(note).toContainText('No recovery code for a forgotten PIN.');
  await shot(page, 'recovery-01-note');
  await note.getByRole('button', { name: 'Make one…' }).click();
  await expect(section('Settings & data')).toHaveAttribute('aria-current', 'page');
  await expect(note).toHaveCount(0); // the place it points to is open
  const card = page.getByRole('region', { name: 'Recovery code' });
  await expect(card.getByTestId('recovery-state')).toHaveText('This shop has no recovery code yet. Without one, a forgotten PIN keeps everyone out of owner mode for good.');

  await card.getByRole('button', { name: 'Make a recovery code…' }).click();
  const shown = card.getByTestId('recovery-code');
  await expect(shown).toBeFocused();
  code = (await shown.textContent()) ?? '';
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
  // nothing is kept until the owner says it is written down
  expect((await host.call<{ recoveryCode: { madeAt: string | null } }>('shop.status')).recoveryCode.madeAt).toBeNull();
  await shot(page, 'recovery-02-shown');
  await axe(page, 'a new recovery code shown');

  // printed on the receipt roll; the slip is gone from the page afterwards
  await card.getByRole('button', { name: 'Print…' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printedHtml: string[] }).printedHtml.length)).toBe(1);
  await expect(page.getByTestId('recovery-slip')).toHaveCount(0);
  const html = await page.evaluate(() => (window as unknown as { printedHtml: string[] }).printedHtml[0]!);
  await page.evaluate((h) => { document.querySelector('.print-root')!.innerHTML = h; }, html);
  fs.mkdirSync(SCREENS, { recursive: true });
  const pdf = path.join(SCREENS, 'recovery-slip.pdf');
  fs.writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.evaluate(() => { document.querySelector('.print-root')!.innerHTML = ''; });
  execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(SCREENS, 'recovery-slip')]);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toContain('The Corner Café');
  expect(text).toContain('Owner PIN recovery code');
  expect(text).toContain(code); // whole, on one line
  expect(text).toMatch(/Made 4 May 2026/);
  expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Pages:\s+1\b/);

  // the PIN is asked again: owner mode left open is not enough to keep a code; a wrong one counts like at the gate
  await card.getByLabel('Owner PIN, to keep this code').fill('1111');
  await card.getByRole('button', { name: 'I have it written down: keep this code' }).click();
  await expect(card.getByRole('alert')).toHaveText('The current PIN is not right. 4 attempts left before owner mode locks for a while.');
  expect((await host.call<{ recoveryCode: { madeAt: string | null } }>('shop.status')).recoveryCode.madeAt).toBeNull();
  await expect(card.getByTestId('recovery-code')).toHaveText(code); // the same code, still to keep
  await card.getByLabel('Owner PIN, to keep this code').fill('2468');
  await card.getByLabel('Owner PIN, to keep this code').press('Enter');
  await expect(card.getByRole('status')).toHaveText('The recovery code is kept. It is not shown again.');
  await expect(card.getByTestId('recovery-code')).toHaveCount(0);
  await expect(card.getByTestId('recovery-state')).toContainText('This shop has a recovery code, made on 4 May 2026');
  await expect(card.getByRole('button', { name: 'Make a new recovery code…' })).toBeFocused();
  await section('Customers').click();
  await expect(page.getByTestId('recovery-note')).toHaveCount(0);
  await shot(page, 'recovery-03-kept');
});

test('the PIN forgotten: the recovery code sets a new one at the gate, once, and owner mode opens', async () => {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('button', { name: 'Forgot the PIN?' }).click();
  const form = page.getByRole('main', { name: 'Set a new owner PIN' });
  await expect(form.getByLabel('Recovery code')).toBeFocused();
  await expect(form).toContainText('Type the recovery code made on 4 May 2026');
  await axe(page, 'the recovery form');

  // a code of the wrong length is a typo, said as such
  await form.getByLabel('Recovery code').fill(code.slice(0, 17));
  await form.getByLabel('New PIN (4–12 digits)').fill('97531');
  await form.getByLabel('New PIN again').fill('97531');
  await form.getByRole('button', { name: 'Set the PIN and open' }).click();
  await expect(form.getByRole('alert')).toHaveText('A recovery code has 20 letters and digits; this has 15.');
  // a wrong code counts as a wrong try at the gate
  const wrong = `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;
  await form.getByLabel('Recovery code').fill(wrong);
  await form.getByRole('button', { name: 'Set the PIN and open' }).click();
  await expect(form.getByRole('alert')).toHaveText('That recovery code is not right. 4 attempts left before owner mode locks for a while.');
  await shot(page, 'recovery-04-wrong');
  // the PINs typed differently
  await form.getByLabel('Recovery code').fill(code.toLowerCase().replace(/-/g, ' '));
  await form.getByLabel('New PIN again').fill('97530');
  await form.getByRole('button', { name: 'Set the PIN and open' }).click();
  await expect(form.getByRole('alert')).toHaveText('The two new PINs are not the same.');
  expect(await host.fail('owner.unlock', { pin: '97531' })).toMatchObject({ code: 'FORBIDDEN' });

  // copied by hand: small letters, spaces for dashes
  await form.getByLabel('New PIN again').fill('97531');
  await form.getByRole('button', { name: 'Set the PIN and open' }).click();
  await expect(section('Settings & data')).toHaveAttribute('aria-current', 'page');
  const card = page.getByRole('region', { name: 'Recovery code' });
  await expect(card.getByTestId('recovery-state')).toContainText('The last recovery code was used on 4 May 2026');
  await shot(page, 'recovery-05-used');
  expect(await host.fail('owner.unlock', { pin: '2468' })).toMatchObject({ code: 'FORBIDDEN' });
  await host.call('owner.unlock', { pin: '97531' });

  // used once: the gate now says there is none, and how things stand
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('button', { name: 'Forgot the PIN?' }).click();
  const none = page.getByRole('main', { name: 'No recovery code' });
  await expect(none.getByTestId('recover-none')).toHaveText(/^This shop's recovery code was used on 4 May 2026, 10:00, and no new one was made since\. Nothing at the counter can change the PIN/);
  await expect(none.getByRole('heading', { name: 'No recovery code' })).toBeFocused();
  await shot(page, 'recovery-06-none');
  await none.getByRole('button', { name: 'Back to the PIN' }).click();
  await expect(page.getByRole('button', { name: 'Forgot the PIN?' })).toBeFocused();
  await page.getByLabel('Owner PIN').fill('97531');
  await page.getByRole('button', { name: 'Unlock' }).click();
  // back where the owner was (Settings, Owner PIN: the note is not needed there); elsewhere it says so again
  await expect(page.getByRole('region', { name: 'Recovery code' })).toBeVisible();
  await expect(page.getByTestId('recovery-note')).toHaveCount(0);
  await section('Customers').click();
  await expect(page.getByTestId('recovery-note')).toBeVisible();
});
