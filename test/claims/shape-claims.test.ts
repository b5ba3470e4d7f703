import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { claimBytes } from '../../claims/claim-bytes.ts';
import { describeDropped } from '../../claims/describe-dropped.ts';
import { defineClaimContract } from '../../claims/index.ts';
import { type DroppedValue, droppedPath, shapeClaims } from '../../claims/shape-claims.ts';
import { FIXTURE_NAMESPACE, fixtureContract } from '../fixtures/claims-app/contract.ts';

const ID = `${FIXTURE_NAMESPACE}user_metadata`;
const ACCESS = `${FIXTURE_NAMESPACE}app_metadata`;
const encodedBytes = (name: string, value: unknown) =>
  new TextEncoder().encode(JSON.stringify(name) + JSON.stringify(value)).length;
/** What the log line and the tests read of a dropped value: its path and the reason. */
const described = (dropped: readonly DroppedValue[]) =>
  dropped.map((item) => ({ path: droppedPath(item), reason: item.reason }));

describe('shapeClaims', () => {
  it('keeps declared, valid values and reports undeclared ones without their values', () => {
    const { claims, dropped } = shapeClaims(
      fixtureContract,
      {
        user_metadata: { preferences: { language: 'fr-CA', colour: 'red' }, secret_note: 'x' },
        app_metadata: { tenant_id: 'acme', roles: ['editor'], stripe_customer: 'cus_1' },
      },
      ['id_token', 'access_token'],
    );
    expect(Object.fromEntries(claims.map((c) => [c.name, c.value]))).toEqual({
      [ID]: { preferences: { language: 'fr-CA' } },
      [ACCESS]: { tenant_id: 'acme', roles: ['editor'] },
    });
    expect(described(dropped)).toEqual([
      { path: 'user_metadata.secret_note', reason: 'unknown' },
      { path: 'user_metadata.preferences.colour', reason: 'unknown' },
      { path: 'app_metadata.stripe_customer', reason: 'unknown' },
    ]);
  });

  it('drops values that fail their schema, one field at a time', () => {
    const { claims, dropped } = shapeClaims(
      fixtureContract,
      { user_metadata: { preferences: { language: 'not a tag', theme: 'dark' }, display_name: ' padded ' } },
      ['id_token'],
    );
    expect(claims.map((c) => c.value)).toEqual([{ preferences: { theme: 'dark' } }]);
    expect(described(dropped)).toEqual([
      { path: 'user_metadata.preferences.language', reason: 'invalid' },
      { path: 'user_metadata.display_name', reason: 'invalid' },
    ]);
  });

  it('counts bytes as the encoded claim name plus its JSON value', () => {
    const { claims } = shapeClaims(fixtureContract, { user_metadata: { display_name: 'Zoë' } }, ['id_token']);
    const [claim] = claims;
    expect(claim?.value).toEqual({ display_name: 'Zoë' });
    expect(claimBytes(ID, claim?.value)).toBe(encodedBytes(ID, { display_name: 'Zoë' }));
  });

  it('drops the lowest-priority keys first when a claim would exceed its budget', () => {
    const tight = defineClaimContract({
      namespace: 'https://example.test/',
      claims: {
        profile: {
          token: 'id_token',
          source: 'user_metadata',
          maxBytes: 60,
          keys: {
            first: { schema: v.string(), editableBy: 'user' },
            second: { schema: v.string(), editableBy: 'user' },
            third: { schema: v.string(), editableBy: 'user' },
          },
        },
      },
    });
    const { claims, dropped } = shapeClaims(
      tight,
      { user_metadata: { first: 'aaaa', second: 'b'.repeat(40), third: 'c' } },
      ['id_token'],
    );
    expect(claims[0]?.value).toEqual({ first: 'aaaa', third: 'c' });
    expect(encodedBytes(claims[0]?.name ?? '', claims[0]?.value)).toBeLessThanOrEqual(60);
    expect(described(dropped)).toEqual([{ path: 'user_metadata.second', reason: 'over_budget' }]);
  });

  it('writes a log line of at most 256 characters, whatever was dropped', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      source: 'user_metadata' as const,
      key: `k${i}`,
      field: undefined,
      reason: 'unknown' as const,
    }));
    const line = describeDropped(many);
    expect(line.length).toBeLessThanOrEqual(256);
    expect(line).toMatch(/^claims: dropped 500: user_metadata\.k0 \(unknown\).* \+\d+ more$/);
  });

  it('keeps the log line on one line and short, whatever the key names hold', () => {
    const line = describeDropped([
      {
        source: 'user_metadata',
        key: 'preferences',
        field: `${'x'.repeat(500)}\nforged log line`,
        reason: 'unknown',
      },
    ]);
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThan(100);
  });
});
