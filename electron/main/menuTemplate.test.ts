import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from './menuTemplate';

const items = (m: MenuItemConstructorOptions) => (m.submenu as MenuItemConstructorOptions[]).filter((i) => i.label).map((i) => i.label);

describe('application menu', () => {
  const actions = { backupNow: vi.fn(), exportData: vi.fn(), about: vi.fn(), openDemoShop: vi.fn() };
  it('File: Back up now…, Export…, Quit; Help: About Passbook, Open demo shop', () => {
    const t = menuTemplate({ isMac: false, isDev: false, actions });
    const file = t.find((m) => m.label === 'File')!;
    const help = t.find((m) => m.label === 'Help')!;
    expect(items(file)).toEqual(['Back up now…', 'Export…', 'Quit']);
    expect(items(help)).toEqual(['About Passbook', 'Open demo shop']);
    for (const i of [...(file.submenu as MenuItemConstructorOptions[]), ...(help.submenu as MenuItemConstructorOptions[])]) {
      (i.click as (() => void) | undefined)?.();
    }
    expect(actions.backupNow).toHaveBeenCalledOnce();
    expect(actions.exportData).toHaveBeenCalledOnce();
    expect(actions.about).toHaveBeenCalledOnce();
    expect(actions.openDemoShop).toHaveBeenCalledOnce();
  });
  it('dev tools only in development; the macOS app menu only on macOS', () => {
    const prod = JSON.stringify(menuTemplate({ isMac: false, isDev: false, actions }));
    expect(prod).not.toContain('toggleDevTools');
    expect(JSON.stringify(menuTemplate({ isMac: false, isDev: true, actions }))).toContain('toggleDevTools');
    expect(menuTemplate({ isMac: true, isDev: false, actions })[0]).toMatchObject({ role: 'appMenu' });
  });
});
