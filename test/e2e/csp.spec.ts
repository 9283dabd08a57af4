// The renderer runs under Electron's strict Content Security Policy (no inline script or style):
// served here with that policy as a header, the counter's screens raise no violation.
import { expect, test } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp';
import { hostPerFile } from './support/host';

const host = hostPerFile();

test('no CSP violation under the Electron policy: setup, demo, customer, QR card', async ({ page }) => {
  await page.route(`${host.url}/`, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': CONTENT_SECURITY_POLICY } });
  });
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${host.url}/`);
  await page.getByRole('button', { name: 'Open the demo shop (Bean & Brew)' }).click();
  await expect(page.getByTestId('search')).toBeFocused();
  const some = await host.call<{ customers: Array<{ code: string; name: string }> }>('customers.search', { query: 'a', limit: 1 });
  await page.keyboard.type(some.customers[0]!.code, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: some.customers[0]!.name })).toBeVisible();
  await page.keyboard.press('Alt+C');
  await expect(page.getByTestId('qr')).toBeVisible();
  const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
  expect(violations).toEqual([]);
});
