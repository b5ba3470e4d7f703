import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { droppedPath, shapeClaims } from '../../claims/shape-claims.ts';
import { LEGACY_RULE_FILE } from '../../core/paths.ts';
import {
  buildEvent,
  DEFAULT_API_AUDIENCE,
  type LoadedAction,
  loadBundledAction,
} from '../../emulator/actions/index.ts';
import { type LoadedLegacyRule, loadLegacyRule } from '../../emulator/rules/run-legacy-rule.ts';
import { profileMetadata } from '../claims/metadata-arbitraries.ts';
import { FIXTURE_NAMESPACE, fixtureContract } from '../fixtures/claims-app/contract.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';
import { compareWithLegacy, type TokenClaims } from '../support/compare-with-legacy.ts';

const BUNDLE = path.join(CLAIMS_APP.distDir, 'post-login-claims.js');
const LEGACY_RULE = LEGACY_RULE_FILE;

const customClaims = (payload: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(payload ?? {}).filter(([name]) => name.startsWith(FIXTURE_NAMESPACE)));

describe('the Action against the legacy Rule it replaces', () => {
  let action: LoadedAction;
  let legacy: LoadedLegacyRule;
  beforeAll(async () => {
    action = await loadBundledAction(BUNDLE);
    legacy = loadLegacyRule(await readFile(LEGACY_RULE, 'utf8'), {
      configuration: { CLAIM_NAMESPACE: FIXTURE_NAMESPACE },
    });
  });

  const bothRun = async (user_metadata: Record<string, unknown>, app_metadata: Record<string, unknown>) => {
    const legacyClaims = await legacy.run({ user_id: 'auth0|parity', user_metadata, app_metadata });
    const outcome = await action.run(
      buildEvent({ secrets: { API_AUDIENCE: DEFAULT_API_AUDIENCE }, user: { user_metadata, app_metadata } }),
    );
    const actionClaims: TokenClaims = {
      idToken: customClaims(outcome.idToken?.payload),
      accessToken: customClaims(outcome.accessToken?.payload),
    };
    return compareWithLegacy(legacyClaims, actionClaims);
  };

  it('keeps every contract value the legacy rule emitted, under the same names', async () => {
    const report = await bothRun(
      {
        preferences: { language: 'pt-BR', theme: 'light', beta: true },
        display_name: 'Ana',
        notes: 'private',
      },
      { tenant_id: 'acme', roles: ['admin'], plan: 'enterprise', internal_score: 97 },
    );
    expect(report).toEqual({
      same: [
        `id_token ${FIXTURE_NAMESPACE}user_metadata.preferences.language`,
        `id_token ${FIXTURE_NAMESPACE}user_metadata.preferences.theme`,
        `id_token ${FIXTURE_NAMESPACE}user_metadata.display_name`,
        `access_token ${FIXTURE_NAMESPACE}app_metadata.tenant_id`,
        `access_token ${FIXTURE_NAMESPACE}app_metadata.roles`,
        `access_token ${FIXTURE_NAMESPACE}app_metadata.plan`,
      ],
      // What the Action now withholds: undeclared keys and fields.
      withheld: [
        `id_token ${FIXTURE_NAMESPACE}user_metadata.preferences.beta`,
        `id_token ${FIXTURE_NAMESPACE}user_metadata.notes`,
        `access_token ${FIXTURE_NAMESPACE}app_metadata.internal_score`,
      ],
      changed: [],
      added: [],
    });
  });

  it('for any profile: nothing changed or added, and everything withheld was dropped by the contract', async () => {
    await fc.assert(
      fc.asyncProperty(profileMetadata, profileMetadata, async (user_metadata, app_metadata) => {
        const report = await bothRun(user_metadata, app_metadata);
        expect(report.changed).toEqual([]);
        expect(report.added).toEqual([]);
        const { dropped } = shapeClaims(fixtureContract, { user_metadata, app_metadata }, [
          'id_token',
          'access_token',
        ]);
        const droppedPrefixes = dropped.map((item) => {
          const [source, ...rest] = droppedPath(item).split('.');
          const token = source === 'app_metadata' ? 'access_token' : 'id_token';
          return `${token} ${FIXTURE_NAMESPACE}${source}.${rest.join('.')}`;
        });
        for (const leaf of report.withheld) {
          expect(
            droppedPrefixes.some((prefix) => leaf === prefix || leaf.startsWith(`${prefix}.`)),
            leaf,
          ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    // 300 profiles through both runtimes, each loaded once. Of nine faults put into claims/shape-claims.ts
    // and run through the rebuilt bundle, this property found one at the first profile and none of
    // the other eight in 1,000; the budget arithmetic, which takes hundreds of profiles to trip,
    // is shape-claims.property.test.ts's to find, at 1,500 a run. 1,000 here and in
    // post-login-claims.test.ts took 1.8-3.2 s more CPU together.
    // The timeout stays for the shared 2-core machine running other suites (main timed out so at 20 s).
  }, 60_000);
});
