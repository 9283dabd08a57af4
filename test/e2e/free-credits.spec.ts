// Free credits: the owner gives a top-up pack a bonus ("top up $20, get 2 free"), the counter shows it before the money
// is taken and says it after, the receipt prints it; the owner gives one customer a birthday gift for 14 days; a refund
// of the top-up says its bonus goes with it.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { openCounter, scan } from './support/counter';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

type Pass = { id: number; balance: string; lots: { id: number; source: string; remaining: string; expiresAt: string | null }[] };

test('the owner gives a pack a bonus; the counter offers it, adds it and prints it', async ({ browser, page }) => {
  const owner = await ownerPage(browser, host);
  await owner.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Plans & items', exact: true }).click();
  await owner.getByRole('button', { name: 'Top-up packs' }).click();
  await owner.getByRole('button', { name: 'New top-up pack' }).click();
  const form = owner.getByRole('form', { name: 'top-up pack details' });
  await form.getByLabel('Name').fill('Top up $20');
  await form.getByLabel('Credits').fill('10');
  await form.getByLabel('Price (USD)').fill('20');
  await form.getByLabel('Free bonus').fill('-2');
  await owner.getByRole('button', { name: 'Save top-up pack' }).click();
  await expect(form.getByText('must not be negative')).toBeVisible();
  await form.getByLabel('Free bonus').fill('2');
  // the corrected field's error goes as it is typed in, before the next Save
  await expect(form.getByText('must not be negative')).toHaveCount(0);
  await shot(owner, 'free-credits-01-pack-editor');
  await axe(owner, 'pack editor with a bonus');
  await owner.getByRole('button', { name: 'Save top-up pack' }).click();
  await expect(owner.getByRole('row', { name: /Top up \$20/ })).toContainText('10 drinks+ 2 drinks free');
  await shot(owner, 'free-credits-02-packs');
  await owner.context().close();

  // at the counter: a customer with a Coffee Pass tops up with it
  await page.addInitScript(() => { window.print = () => undefined; });
  const mia = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Mia Bonus' });
  const sold = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: mia.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await openCounter(page, host);
  await scan(page, mia.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Mia Bonus' })).toBeVisible();
  await page.keyboard.press('Alt+T');
  const dialog = page.getByTestId('topup-dialog');
  await dialog.getByRole('radio', { name: /Top up \$20/ }).check();
  await expect(dialog.getByRole('radio', { name: /Top up \$20/ }).locator('..')).toContainText('+ 2 drinks free');
  await expect(dialog.getByTestId('topup-submit')).toHaveText('Take $20.00 and add 10 drinks + 2 drinks free');
  await shot(page, 'free-credits-03-topup-dialog');
  await axe(page, 'top-up dialog with a bonus');
  await dialog.getByTestId('topup-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('counter-confirmation')).toHaveText('✓ Top-up added with 2 free: now 22 left.');
  const after = await host.call<Pass>('passes.get', { passId: sold.id });
  expect(after.balance).toBe('22');
  // in the order the pass uses them: the month's credits end first; of the two that never end, the free ones go first
  expect(after.lots.map((l) => [l.source, l.remaining, l.expiresAt === null])).toEqual([['sale', '10', false], ['promo', '2', true], ['topup', '10', true]]);
  await page.keyboard.press('Alt+R');
  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('purchase-receipt');
  await expect(paper).toContainText(/Top up \$20\s*10 drinks/);
  await expect(paper).toContainText(/Bonus, free\s*\+ 2 drinks/);
  await expect(paper).toContainText(/Paid \(cash\)\s*\$20\.00/);
  await expect(paper).toContainText(/Balance now\s*22 drinks/);
  await shot(page, 'free-credits-04-receipt');
  await page.emulateMedia({ media: 'screen' });
});

test('the owner gives a birthday gift for 14 days; a refund of the top-up says its bonus goes too', async ({ browser }) => {
  const ned = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Ned Birthday' });
  const pass = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: ned.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  const packs = await host.call<{ plans: { id: number; name: string }[] }>('plans.list', { kind: 'topup' });
  const bonusPack = packs.plans.find((p) => p.name === 'Top up $20')!.id;
  const topped = await host.call<{ bought: { lotId: number } }>('passes.topUp', { clientId: clientId(), passId: pass.id, packId: bonusPack, paymentMethod: 'card' });

  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Birthday');
  await page.getByTestId('customer-list').getByRole('button', { name: /Ned Birthday/ }).click();
  await page.getByRole('button', { name: 'Give free credits…' }).click();
  const dialog = page.getByTestId('owner-action');
  await expect(dialog.getByRole('heading', { name: 'Give free credits' })).toBeVisible();
  await expect(dialog.getByLabel('Free drinks')).toBeFocused();
  await expect(dialog.getByText('empty: to the end of this month of the pass')).toBeVisible();
  await dialog.getByLabel('Free drinks').fill('2');
  await dialog.getByLabel('Valid for (days)').fill('0');
  await dialog.getByLabel('Reason').fill('Birthday');
  await dialog.getByRole('button', { name: 'Give free credits' }).click();
  await expect(dialog.getByText('Enter a whole number of days, 1 to 3660.')).toBeVisible();
  await dialog.getByLabel('Valid for (days)').fill('14');
  await expect(dialog.getByText('Enter a whole number of days, 1 to 3660.')).toBeHidden();
  await expect(dialog.getByText('today counts as the first day')).toBeVisible();
  await shot(page, 'free-credits-05-gift-dialog');
  await axe(page, 'give free credits');
  await dialog.getByRole('button', { name: 'Give free credits' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^Gave 2 free drinks, valid through \w{3} \d{1,2}\. New balance 24\.$/)).toBeVisible();
  const history = page.getByTestId('customer-history').locator('tbody tr').first();
  await expect(history.locator('td').nth(1)).toHaveText('Free credits');
  await expect(history.locator('td').nth(2)).toHaveText('Given by the owner — Birthday');
  await expect(history.locator('td').nth(3)).toHaveText('2');
  // the lots say which free credits are a pack's bonus and which a gift
  await expect(page.getByRole('row', { name: new RegExp(`bonus with #${topped.bought.lotId}`) })).toBeVisible();
  await expect(page.getByRole('row', { name: /free credits/ })).toBeVisible();
  await shot(page, 'free-credits-06-given');

  await page.getByRole('button', { name: `Refund what is left of top-up #${topped.bought.lotId}` }).click();
  await expect(dialog.getByTestId('topup-refund-quote')).toHaveText(new RegExp(`^Pay back \\$20\\.00 for the 10 drinks left of top-up #${topped.bought.lotId} \\(bought \\w{3} \\d{1,2}\\)\\. Its 2 free bonus drinks left go too\\. The rest of the pass stays as it is\\.$`));
  await dialog.getByLabel('Paid back by').selectOption('card');
  await dialog.getByLabel('Reason').fill('Changed mind');
  await shot(page, 'free-credits-07-refund-with-bonus');
  await dialog.getByRole('button', { name: 'Pay back $20.00' }).click();
  await expect(page.getByText(`Top-up #${topped.bought.lotId} refunded: paid back $20.00 (card) for 12 drinks. New balance 12; the pass stays open.`)).toBeVisible();
  expect((await host.call<Pass>('passes.get', { passId: pass.id })).balance).toBe('12');
  await page.context().close();
});

test('the owner moves credits to a family member\'s pass: found by name, the money moving with them said', async ({ browser }) => {
  const olga = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Olga Giver' });
  const from = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: olga.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  const pia = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Pia Giver-Daughter' });
  const into = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: pia.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });

  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Olga');
  await page.getByTestId('customer-list').getByRole('button', { name: /Olga Giver/ }).click();
  await page.getByRole('button', { name: 'Move credits…' }).click();
  const dialog = page.getByTestId('transfer-dialog');
  await expect(dialog.getByRole('heading', { name: 'Move credits to another pass' })).toBeVisible();
  await expect(dialog.getByText('Olga Giver has no other open pass of drinks: find another customer.')).toBeVisible();
  await expect(dialog.getByTestId('transfer-no-rollover')).toHaveCount(0);
  await dialog.getByLabel('Drinks to move').fill('4');
  await dialog.getByLabel('Reason').fill('For her daughter');
  await dialog.getByRole('button', { name: 'Move credits' }).click();
  await expect(dialog.getByText('Choose the pass the credits go to.')).toBeVisible();
  await dialog.getByLabel('Find another customer').fill('Pia');
  await dialog.getByRole('list', { name: 'Customers found' }).getByRole('button', { name: /Pia Giver-Daughter/ }).click();
  await dialog.getByRole('radio', { name: `Pia Giver-Daughter: Coffee Pass #${into.id}, 10 drinks` }).check();
  await shot(page, 'free-credits-08-move-dialog');
  await axe(page, 'move credits');
  await dialog.getByRole('button', { name: 'Move credits' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Moved 4 drinks ($8.00 of paid value) to Pia Giver-Daughter’s Coffee Pass. New balance 6; theirs 14.')).toBeVisible();
  const row = page.getByTestId('customer-history').locator('tbody tr').first();
  await expect(row.locator('td').nth(2)).toHaveText(`Credits moved to another pass — Moved to pass ${into.id}: For her daughter`);
  await expect(row.locator('td').nth(3)).toHaveText('-4');
  await shot(page, 'free-credits-09-moved');
  expect((await host.call<Pass>('passes.get', { passId: from.id })).balance).toBe('6');
  const theirs = await host.call<{ balance: string; lots: { source: string; amount: string; costBasis: string }[] }>('passes.get', { passId: into.id });
  expect(theirs.balance).toBe('14');
  expect(theirs.lots.filter((l) => l.source === 'adjustment').map((l) => [l.amount, l.costBasis])).toEqual([['4', '2.00']]);
  // Pia's statement says where her new credits came from, and why
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Statements', exact: true }).click();
  await page.getByLabel('Customer').fill('Pia');
  await page.getByRole('listbox', { name: 'Matching customers' }).getByRole('option', { name: /Pia Giver-Daughter/ }).click();
  await page.getByRole('button', { name: 'Show statement' }).click();
  const doc = page.getByTestId('statement-preview').getByTestId('statement-doc');
  await expect(doc.locator('tbody tr').filter({ hasText: 'Moved' })).toHaveText([new RegExp(`Adjustment — Moved from pass ${from.id}: For her daughter#\\d+\\+414$`)]);
  await shot(page, 'free-credits-11-statement');
  await axe(page, 'a statement with credits moved in');
  // Olga's Coffee Pass rolls nothing over, so the dialog said nothing of it; from a pass that rolls credits over, it
  // says that moved credits will not roll on the other pass
  await host.call('owner.unlock', { pin: '2468' });
  const monthly = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Monthly 10', credits: '10', price: '20', validity: 'month', periods: 1, rolloverPolicy: 'all' });
  await host.call('owner.lock');
  const quinn = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Quinn Roller' });
  await host.call('passes.sell', { clientId: clientId(), customerId: quinn.id, planId: monthly.id, paymentMethod: 'cash' });
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Customers', exact: true }).click();
  await page.getByRole('button', { name: 'Back to customers' }).click();
  await page.getByLabel('Find').fill('Quinn');
  await page.getByTestId('customer-list').getByRole('button', { name: /Quinn Roller/ }).click();
  await page.getByRole('button', { name: 'Move credits…' }).click();
  await expect(dialog.getByTestId('transfer-no-rollover')).toHaveText(' This pass rolls credits over at their end; on the other pass, moved credits end then without rolling over.', { useInnerText: true });
  await shot(page, 'free-credits-12-move-from-rolling');
  await axe(page, 'move credits from a pass that rolls over');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.context().close();
});

test('a holiday gift to every open Coffee Pass: the dialog counts them first, each pass gets its own free credits', async ({ browser }) => {
  // the owner's: refused without the PIN
  expect(await host.fail('plans.giftQuote', { planId: ids.plans['Coffee Pass'] })).toMatchObject({ code: 'FORBIDDEN' });
  const page = await ownerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Plans & items', exact: true }).click();
  // the plans list with its Gift… buttons: each button's name starts with what it shows
  await axe(page, 'plans with their Gift… buttons');
  await page.getByRole('button', { name: 'Gift free credits to every Coffee Pass pass' }).click();
  const dialog = page.getByTestId('plan-gift-dialog');
  // the passes sold to the customers of the tests before, still open: the dialog says how many before anything is given
  await expect(dialog.getByTestId('plan-gift-count')).toHaveText(/^Each of the \d+ open Coffee Pass passes gets them/);
  const n = Number(/Each of the (\d+)/.exec((await dialog.getByTestId('plan-gift-count').textContent())!)![1]);
  expect(n).toBeGreaterThan(2);
  await dialog.getByLabel('Free drinks for each pass').fill('1');
  await dialog.getByLabel('Valid for (days)').fill('7');
  await dialog.getByLabel('Reason').fill('Happy holidays');
  await shot(page, 'free-credits-10-plan-gift');
  await axe(page, 'a gift to every pass of a plan');
  await dialog.getByRole('button', { name: `Give to ${n} passes` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Gave 1 free drink to each of ${n} Coffee Pass passes.`)).toBeVisible();
  await page.context().close();
});
