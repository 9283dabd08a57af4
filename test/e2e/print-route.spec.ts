// The print route Electron's hidden PDF window opens (#/print/owner/statement?...): only the paper is
// rendered, with the owner session the window shares. In the browser the same page is checked here.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SCREENS, shot } from './support/checks';

const host = hostPerFile();

test('a statement print route renders the paper alone', async ({ page }) => {
  await host.setClock('2026-03-27T15:00:00.000Z');
  await host.call('shop.loadDemo', { clientId: clientId() });
  // the owner session is an HttpOnly cookie and a secret the page keeps: open it from the page's own context
  const unlock = await page.request.post(`${host.url}/api/owner.unlock`, { data: { pin: '1234' } });
  expect(unlock.status()).toBe(200);
  const bind = unlock.headers()['x-passbook-bind'] ?? '';
  await page.addInitScript((b) => localStorage.setItem('passbook.ownerBind', b), bind);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${host.url}/#/print/owner/statement?from=2026-03-01T05%3A00%3A00.000Z&to=2026-04-01T04%3A00%3A00.000Z&size=A4&customer=1`);
  await expect(page.getByText('Anna Lee').first()).toBeVisible();
  await expect(page.getByText(/Closing balance/).first()).toBeVisible();
  await expect(page.getByText(/Mar 1, 2026/).first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Areas' })).toHaveCount(0); // no counter chrome on paper
  await shot(page, 'print-route-statement');
  // and on paper: Electron's Save as PDF prints this page with print media, where the app hides #root; the route
  // must still print its statement (it printed one blank page)
  const pdf = path.join(SCREENS, 'print-route-statement.pdf');
  fs.writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toContain('Anna Lee');
  expect(text).toMatch(/Closing balance/);
  expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Page size:.*\(A4\)/);
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(SCREENS, 'print-route-statement-pdf')]);
});
