// Starts the built main bundle against fake-electron.mjs and reports what it set up, as JSON on stdout.
// argv: <root of a copy of the app (dist-electron, dist, node_modules/electron = fake)>
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2];
Object.defineProperty(process.versions, 'electron', { value: process.env.FAKE_ELECTRON_VERSION, enumerable: true });
const fake = await import(pathToFileURL(path.join(root, 'node_modules/electron/index.mjs')).href);
await import(pathToFileURL(path.join(root, 'dist-electron/main.mjs')).href);
await new Promise((r) => setTimeout(r, 300));

const win = fake.windows[0];
if (!win) { process.stdout.write(JSON.stringify({ errors: fake.calls.errors, exit: fake.calls.exit, noWindow: true })); process.exit(0); }
const contents = win?.webContents;
const ev = (url, parent = null) => ({ sender: { id: contents.id }, senderFrame: { url, parent } });
const indexUrl = pathToFileURL(path.join(root, 'dist/index.html')).href;
const call = (name, input, event = ev(`${indexUrl}#/counter`)) => fake.handlers.get(`passbook:${name}`)(event, input);

let prevented = 0;
const navigate = (url) => {
  let p = false;
  contents.emit('will-navigate', { url, preventDefault: () => { p = true; prevented++; } });
  return p;
};
let granted = null;
fake.calls.permissionRequest?.(contents, 'media', (ok) => { granted = ok; });

const report = {
  errors: fake.calls.errors,
  singleInstanceLock: fake.calls.singleInstanceLock,
  resumeListeners: fake.powerMonitor.listenerCount('resume'),
  enableSandbox: fake.calls.enableSandbox,
  channels: [...fake.handlers.keys()].sort(),
  webPreferences: win?.options.webPreferences,
  loaded: win?.loaded,
  status: await call('shop.status', {}),
  foreign: await call('shop.status', {}, ev('https://evil.example/')),
  subframe: await call('shop.status', {}, ev(indexUrl, { url: indexUrl })),
  shellForeign: await fake.handlers.get('passbook-shell:save-text')(ev('https://evil.example/'), { kind: 'csv', suggestedName: 'x', content: 'a' }),
  shellInvalid: await fake.handlers.get('passbook-shell:save-pdf')(ev(indexUrl), { route: 'https://evil.example/', pageSize: 'A4', suggestedName: 'x' }),
  // before a shop is set up, the first screen may bring one back from a backup: the open dialog is offered (cancelled here)
  chooseBackupBeforeSetup: await fake.handlers.get('passbook-shell:choose-backup-file')(ev(indexUrl), undefined),
  // two picks before setup (two backups tried on the first screen): only the newest copy stays in incoming/
  ...(await (async () => {
    const picks = path.join(path.dirname(process.env.FAKE_ELECTRON_USER_DATA), 'picks');
    fs.mkdirSync(picks, { recursive: true });
    const choose = async (name) => {
      fs.writeFileSync(path.join(picks, name), `not a ledger ${name}`, { mode: 0o644 });
      fake.calls.openPath = path.join(picks, name);
      try { return await fake.handlers.get('passbook-shell:choose-backup-file')(ev(indexUrl), undefined); } finally { fake.calls.openPath = null; }
    };
    const first = await choose('old stick.sqlite');
    await new Promise((r) => setTimeout(r, 1100)); // the copies are named by the second
    const second = await choose('new stick.sqlite');
    const incoming = path.join(process.env.FAKE_ELECTRON_USER_DATA, 'incoming');
    const files = fs.readdirSync(incoming).sort();
    return { pickFirst: first, pickSecond: second, pickedFiles: files, pickedMode: (fs.statSync(path.join(incoming, files.at(-1))).mode & 0o777).toString(8) };
  })()),
  windowOpen: contents.windowOpenHandler?.({ url: 'https://example.com' }),
  navigateAway: navigate('https://example.com/'),
  navigateFile: navigate('file:///etc/passwd'),
  navigateOwn: navigate(`${indexUrl}#/reports`),
  permissionGranted: granted,
  permissionCheck: fake.calls.permissionCheck?.(contents, 'clipboard-read'),
  csp: fake.calls.headersListener ? await new Promise((r) => fake.calls.headersListener({ responseHeaders: {} }, r)) : null,
  menu: fake.calls.menu?.template.map((m) => [m.label, (m.submenu ?? []).map?.((i) => i.label).filter(Boolean) ?? m.role]),
};
// owner mode across a sleep: the sessions' monotonic clock does not count time asleep, so waking ends them
await call('shop.setup', { clientId: '01JD00000000000000000000S1', name: 'Shop', currency: 'USD', timeZone: 'UTC', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
const saveBackup = (input) => fake.handlers.get('passbook-shell:save-backup')(ev(indexUrl), input);
report.saveBackupNoOwner = await saveBackup({ fileName: 'passbook-20260301-150000.sqlite' });
report.chooseBackupNoOwner = await fake.handlers.get('passbook-shell:choose-backup-file')(ev(indexUrl), undefined);
await call('owner.unlock', { pin: '2468' });
// a copy of a backup onto a "USB stick": main's save dialog answers a name without the extension
const made = await call('backup.create', {});
report.madeBackup = made.value;
const stick = path.join(path.dirname(process.env.FAKE_ELECTRON_USER_DATA), 'stick');
fs.mkdirSync(stick, { recursive: true });
fake.calls.savePath = path.join(stick, 'shop copy');
report.saveBackup = await saveBackup({ fileName: made.value.fileName });
report.saveBackupAgain = await saveBackup({ fileName: made.value.fileName }); // "shop copy.sqlite" is there now
report.saveBackupMissing = await saveBackup({ fileName: 'passbook-20200101-000000.sqlite' });
report.saveBackupLedger = await saveBackup({ fileName: 'passbook.sqlite' });
report.stick = fs.readdirSync(stick).sort();
fake.calls.savePath = null;
report.ownerBeforeSleep = (await call('shop.status', {})).value?.owner.active;
fake.powerMonitor.emit('resume');
report.ownerAfterResume = (await call('shop.status', {})).value?.owner.active;
process.stdout.write(JSON.stringify(report));
process.exit(0);
