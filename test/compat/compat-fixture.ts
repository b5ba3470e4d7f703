import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type LoadedAction, loadBundledAction } from '../../emulator/actions/index.ts';
import { fixtureTenant } from '../fixtures/fixture-tenants.ts';

// The compatibility suite's Actions (test/fixtures/compat-actions), as the suite's setup built them:
// each loads from its bundle, whose manifest names the npm modules it declares.

export const COMPAT = fixtureTenant('compat-actions');

/** The values the fixture's local environment gives the Actions' secrets. */
export const COMPAT_VALUES = (
  JSON.parse(readFileSync(path.join(COMPAT.dir, 'environments', 'local.json'), 'utf8')) as {
    values: Record<string, string | string[]>;
  }
).values;

export const compatSecrets = (extra: Record<string, string> = {}): Record<string, string> => ({
  ...(Object.fromEntries(
    Object.entries(COMPAT_VALUES).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  ) as Record<string, string>),
  ...extra,
});

export const loadCompatAction = (name: string, secrets?: Record<string, string>): Promise<LoadedAction> =>
  loadBundledAction(path.join(COMPAT.distDir, `${name}.js`), { secrets: secrets ?? compatSecrets() });

export const NS = 'https://compat.example/';
