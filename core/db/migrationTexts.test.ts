// A migration that has shipped is never edited. A ledger runs each numbered migration once (user_version), so a file
// migrated by the old text keeps it for ever: a later edit reaches only new ledgers, and the two then differ (a restore
// of such a shop's backup is refused as changed by hand, a column the code expects is missing). Four migrations were
// edited in place during the first days (002, 003, 017, 019), each before any release carried the old text (checked
// against the landed stops when an upgrade review found it). From here on, a change to the schema is a new migration.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir, loadMigrations } from './open';

/** SHA-256 of each shipped migration, line endings made LF (a checkout on Windows must not count as an edit). */
const SHIPPED: Record<string, string> = {
  '001_foundation.sql': '9c47cf1c8eaa752bcdb7791e616e103050edbca382008c88d61b4a83f4db7b63',
  '002_ledger.sql': '3860ccaa2109ad201fb4f77d71533d797e540f770524e802256331491e98edef',
  '003_periods.sql': 'b55c0c387f4d218321bb2bb4024bc70dd8316182da76e508fd0d2d3d0590ad8d',
  '004_customer_name_index.sql': '0f9fd6622322bed4c766c04678993a5346c7e8353acacb98cea7c88fe29f037e',
  '005_statement_pages.sql': 'e673258e52933172b897cfab3d2fbe8a22dd50b0cab0fc0c2b913a0c6268e4c9',
  '006_drop_journal_tx_pass.sql': 'a14181ef8f8e5ece49c7bb3d8ebdc4ac1ff0484c22bd9e429c2b577c08b6c2df',
  '007_fewer_redemption_pages.sql': '512ec288cdd34332bb8de09ef05eefbd64339382c0fb9e98b0be6f3b022abe2c',
  '008_topup_pack_name.sql': 'b50544f90accb41281cc6d7c0843e563cd9c29b09f26ade59a689f50f57a2025',
  '009_search_letters.sql': 'ca1f3fffec6325057004d3506cacec31f737196a6c3e3753d775613740c65a9e',
  '010_item_credit_unit.sql': '15f67ae9dc3dd54d1b074e32116cbc59a2607e51cf5ffa308232c110d6f68e97',
  '011_customer_sort_key.sql': 'cb8c26bc603533b7f9eea4c56b2f6efb2126aef9b510737c8819a4f98c79487a',
  '012_card_replacements.sql': '4b379cb9bf672476c5c18f5fe6aa9f52eec4bf8324eaf5878dfcc0b361eabf7e',
  '013_cash_sales.sql': '2f60d3487ea4cc35c377f02051a2f9028afb6b93f183e6012da7bf1deaa5eaba',
  '014_bonus_credits.sql': '681a6846575607f56b014a0c28ee602b54dde998f2f4e7543ccb95c51100ee5d',
  '015_backup_copies.sql': 'b3f4cb22f9f386f12dafe20656753872a36f54d5253e91b1bd1a8c05d7e44cb6',
  '016_lot_extensions.sql': 'd7c045570382e2c27901f91690f9e1963ad20669cac737004cd9d18dde510857',
  '017_extension_undo.sql': 'dd10ba288ef7c4fa94750613de94a800c52f71457a5857ba6cc577781a7d2029',
  '018_correction_times.sql': '3ec50f5b869a0c6f1beb7ab2e2f6814f1bd7dd4f80f56f70efa00e3301e879c8',
  '019_customer_erasure.sql': 'fd6f1c86878cfa6d159c6e1a042e483f833335cb00b07f29a42059141f491b1c',
  '020_pass_term_ends.sql': '09eb21c005668b8e01cfb9debc21e096dc700173a85477001fcb05362701c3ff',
  '021_restore_marks.sql': 'a47ac8040a88b22949798b0e6405c8be63c8ec8d5ddc1f9e2833850155c9a706',
  '022_recovery_code.sql': '4a506f21706d06b6129f2ed3477e62fc5deb570a3d7341db2bd03427c2239c52',
  '023_payment_method_changes.sql': 'b40ad61aa5b2e6bdee27139b974ebb96bdec33cf6f03d8d2ae40ad2c1e31868e',
  '024_customer_merges.sql': 'ccd8a72706cb05165522b53e1168937d88a9d433a8130eb785f7b7560e34ef92',
};

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n')).digest('hex');

describe('shipped migrations', () => {
  it('are as they shipped: a change to the schema is a new numbered migration, not an edit', () => {
    const dir = defaultMigrationsDir();
    const edited = Object.entries(SHIPPED).filter(([name, sum]) => !fs.existsSync(path.join(dir, name)) || digest(path.join(dir, name)) !== sum).map(([name]) => name);
    expect(edited, 'these shipped migrations were edited or removed: put the change in a new migration instead').toEqual([]);
  });

  it('are all listed here once they ship', () => {
    // a new migration is added to SHIPPED in the commit that adds it: from then on its text is what ledgers ran
    const unlisted = loadMigrations().map((m) => m.name).filter((name) => !(name in SHIPPED));
    expect(unlisted, 'add these to SHIPPED with their sha256 (line endings LF)').toEqual([]);
  });
});
