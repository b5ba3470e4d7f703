import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLegacyRule } from '../../emulator/rules/run-legacy-rule.ts';
import { compareWithLegacy } from '../support/compare-with-legacy.ts';

const LEGACY_RULE = path.resolve(import.meta.dirname, '../../legacy/add-metadata-claims.rule.js');
const ns = 'https://legacy.test/';

describe('runLegacyRule', () => {
  it('yields the claims the legacy rule put on each token', async () => {
    const source = await readFile(LEGACY_RULE, 'utf8');
    const result = await runLegacyRule(
      source,
      { user_id: 'auth0|1', user_metadata: { a: 1 }, app_metadata: { plan: 'pro' } },
      { configuration: { CLAIM_NAMESPACE: ns } },
    );
    expect(result).toEqual({
      idToken: { [`${ns}user_metadata`]: { a: 1 } },
      accessToken: { [`${ns}app_metadata`]: { plan: 'pro' } },
    });
  });

  it('reports a rule that denies the login', async () => {
    const result = await runLegacyRule(
      'function (user, context, callback) { callback(new UnauthorizedError("blocked user")); }',
      { user_id: 'auth0|1' },
    );
    expect(result.error).toBe('blocked user');
  });

  it('fails a rule that never calls back', async () => {
    await expect(
      runLegacyRule('function (user, context, callback) {}', { user_id: 'auth0|1' }, { timeoutMs: 20 }),
    ).rejects.toThrow(/did not call back within 20 ms/);
  });
});

describe('compareWithLegacy', () => {
  it('lists, leaf by leaf, what is kept, withheld, changed and added', () => {
    const report = compareWithLegacy(
      { idToken: { c: { keep: 1, gone: 2, moved: 'a' } }, accessToken: { d: { secret: 'x' } } },
      { idToken: { c: { keep: 1, moved: 'b', extra: true } }, accessToken: {} },
    );
    expect(report).toEqual({
      same: ['id_token c.keep'],
      withheld: ['id_token c.gone', 'access_token d.secret'],
      changed: ['id_token c.moved'],
      added: ['id_token c.extra'],
    });
  });
});
