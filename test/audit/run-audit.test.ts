import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../audit/format-report.ts';
import type { AuditReport } from '../../audit/report.ts';
import { runAudit } from '../../audit/run-audit.ts';
import { exportedUser } from '../../bench/users-export.ts';
import { isGroupSpec } from '../../claims/index.ts';
import { shapeClaims } from '../../claims/shape-claims.ts';
import { LEGACY_RULE_FILE } from '../../core/paths.ts';
import { DEFAULT_API_AUDIENCE } from '../../emulator/actions/index.ts';
import { profileMetadata } from '../claims/metadata-arbitraries.ts';
import { fixtureContract as claimContract } from '../fixtures/claims-app/contract.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

// The audit over a small export, on the claims-app fixture (its bundle and its contract): every
// figure is checked against what the test works out itself from the same lines (the contract's
// shaping, plain JSON sizes), not against the audit's own code.

const BUNDLE = path.join(CLAIMS_APP.distDir, 'post-login-claims.js');
const CONTRACT = { file: path.join(CLAIMS_APP.dir, 'contract.ts'), exportName: 'fixtureContract' };
const LEGACY_RULE = LEGACY_RULE_FILE;
const MARKER = 'marker-value-7c1f';
const MALFORMED = ['{"user_id": "auth0|cut', '[1, 2, 3]', 'not json at all'];

type User = {
  user_id: string;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
};

const buildExport = () => {
  const odd = fc.sample(fc.tuple(profileMetadata, profileMetadata), { numRuns: 120, seed: 14 });
  let state = 1;
  const next = () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
  const lines: string[] = [
    ...odd.map(([user_metadata, app_metadata], index) =>
      JSON.stringify({ user_id: `auth0|odd-${index}`, user_metadata, app_metadata }),
    ),
    ...Array.from({ length: 120 }, (_, index) => JSON.stringify(exportedUser(next, index))),
    JSON.stringify({
      user_id: 'auth0|marker',
      user_metadata: { display_name: 'Marker Person', private_note: MARKER },
      app_metadata: { plan: 'pro' },
    }),
  ];
  const malformedAt: number[] = [];
  for (const [index, bad] of MALFORMED.entries()) {
    const at = 17 + index * 61;
    lines.splice(at, 0, bad);
    malformedAt.push(at + 1);
  }
  lines.splice(40, 0, '');
  const users = lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? [parsed as User] : [];
    } catch {
      return [];
    }
  });
  // The blank line shifts every malformed line after it by one.
  return {
    text: `${lines.join('\n')}\n`,
    users,
    malformedAt: malformedAt.map((at) => (at > 40 ? at + 1 : at)),
  };
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Declared paths present in metadata, and those the contract's shaping keeps, counted by the test. */
const expectedFields = (users: readonly User[]) => {
  const present = new Map<string, number>();
  const emitted = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const user of users) {
    const metadata = { user_metadata: user.user_metadata ?? {}, app_metadata: user.app_metadata ?? {} };
    const { claims } = shapeClaims(claimContract, metadata, ['id_token', 'access_token']);
    for (const [claimKey, claim] of Object.entries(claimContract.claims)) {
      const raw = isRecord(metadata[claim.source]) ? metadata[claim.source] : {};
      const value =
        claims.find((shaped) => shaped.name === `${claimContract.namespace}${claimKey}`)?.value ?? {};
      for (const [key, spec] of Object.entries(claim.keys)) {
        const keyRaw = Object.hasOwn(raw, key) ? raw[key] : undefined;
        if (keyRaw === undefined) continue;
        add(present, `${claim.source}.${key}`);
        if (value[key] !== undefined) add(emitted, `${claim.source}.${key}`);
        if (!isGroupSpec(spec) || !isRecord(keyRaw)) continue;
        for (const field of Object.keys(spec.fields)) {
          if (!Object.hasOwn(keyRaw, field) || keyRaw[field] === undefined) continue;
          add(present, `${claim.source}.${key}.${field}`);
          if ((value[key] as Record<string, unknown> | undefined)?.[field] !== undefined)
            add(emitted, `${claim.source}.${key}.${field}`);
        }
      }
    }
  }
  return { present, emitted };
};

const claimBytes = (name: string, value: unknown) =>
  Buffer.byteLength(JSON.stringify(name)) + Buffer.byteLength(JSON.stringify(value));

describe('npm run audit over an export', () => {
  const exported = buildExport();
  let report: AuditReport;
  let emptyBundle: string;

  beforeAll(async () => {
    emptyBundle = path.join(tmpdir(), `audit-empty-action-${process.pid}.js`);
    await writeFile(emptyBundle, 'exports.onExecutePostLogin = async () => {};\n');
    report = await runAudit({
      source: Readable.from([gzipSync(Buffer.from(exported.text))]),
      bundle: BUNDLE,
      contract: CONTRACT,
      against: { bundle: emptyBundle, label: 'an Action that sets no claims' },
      legacyRule: LEGACY_RULE,
      audience: DEFAULT_API_AUDIENCE,
      workers: 2,
    });
  });

  it('audits every well-formed line and names each malformed one by its line number', () => {
    expect(report.users).toBe(exported.users.length);
    expect(report.malformed).toEqual({ count: MALFORMED.length, lines: exported.malformedAt });
  });

  it('counts, for every declared field, the users who have it and those whose token carries it', () => {
    const { present, emitted } = expectedFields(exported.users);
    for (const field of report.fields) {
      expect([field.path, field.present]).toEqual([field.path, present.get(field.path) ?? 0]);
      expect([field.path, field.emitted]).toEqual([field.path, emitted.get(field.path) ?? 0]);
      const dropped = Object.values(field.dropped).reduce((total, count) => total + count, 0);
      expect(field.emitted + dropped).toBe(field.present);
    }
    expect(report.fields.some((field) => (field.dropped.invalid ?? 0) > 0)).toBe(true);
  });

  it('counts undeclared keys the legacy Rule put in tokens and the Action withholds', () => {
    const privateNote = report.undeclared.find((entry) => entry.path === 'user_metadata.private_note');
    expect(privateNote).toEqual({ path: 'user_metadata.private_note', seen: 1, legacyEmitted: 1 });
    const expectedSignup = exported.users.filter(
      (user) => isRecord(user.user_metadata) && 'signup_source' in user.user_metadata,
    );
    expect(report.undeclared.find((entry) => entry.path === 'user_metadata.signup_source')?.seen).toBe(
      expectedSignup.length,
    );
  });

  it("reports the legacy Rule's token sizes beside the Action's", () => {
    const name = `${claimContract.namespace}user_metadata`;
    const legacyMax = Math.max(...exported.users.map((user) => claimBytes(name, user.user_metadata ?? {})));
    expect(report.sizes.idToken.legacy.max).toBe(legacyMax);
    expect(report.sizes.idToken.action.max).toBeLessThanOrEqual(claimContract.claims.user_metadata.maxBytes);
    expect(report.sizes.idToken.action.tokens).toBe(exported.users.length);
    expect(report.failures.failed.count).toBe(0);
  });

  it("names the users whose legacy tokens come near or over Auth0's 100 KB, and no Action token", async () => {
    // The legacy Rule puts the whole user_metadata in the ID token and app_metadata in the access
    // token; the Action keeps each claim within its contract's budget, far under 100 KB.
    const padded = (id: string, user: string, app: string) =>
      JSON.stringify({ user_id: id, user_metadata: { note: user }, app_metadata: { note: app } });
    const lines = [
      padded('auth0|small', 'a', 'b'),
      padded('auth0|near-id', 'x'.repeat(90_000), 'b'),
      padded('auth0|over-id', 'x'.repeat(100_001), 'b'),
      padded('auth0|over-access', 'a', 'y'.repeat(120_000)),
      padded('auth0|edge-id', 'x'.repeat(80_000), 'b'),
    ];
    const limits = await runAudit({
      source: Readable.from([Buffer.from(`${lines.join('\n')}\n`)]),
      bundle: BUNDLE,
      contract: CONTRACT,
      legacyRule: LEGACY_RULE,
      audience: DEFAULT_API_AUDIENCE,
      workers: 1,
    });
    const name = `${claimContract.namespace}user_metadata`;
    // 80,000 characters of note alone are already at 80% of 100 KB once the claim's name and JSON wrap them.
    expect(claimBytes(name, { note: 'x'.repeat(80_000) })).toBeGreaterThanOrEqual(80_000);
    expect(limits.limits).toEqual([
      {
        limit: 'legacy Rule: access token 100 KB',
        near: { count: 0, users: [] },
        over: { count: 1, users: ['auth0|over-access'] },
      },
      {
        limit: 'legacy Rule: ID token 100 KB',
        near: { count: 2, users: ['auth0|near-id', 'auth0|edge-id'] },
        over: { count: 1, users: ['auth0|over-id'] },
      },
    ]);
  });

  it('lists the users whose tokens differ from the other build, with paths and no values', () => {
    expect(report.against?.compared).toBe(exported.users.length);
    expect(report.against?.differ.count).toBe(exported.users.length);
    const [first] = report.against?.diffs ?? [];
    expect(first?.diffs).toContainEqual({
      path: `id_token.${claimContract.namespace}user_metadata`,
      change: 'added',
    });
    expect(first?.diffs.every((diff) => !('before' in diff) && !('after' in diff))).toBe(true);
  });

  it('never prints a metadata value, in text or JSON', () => {
    for (const output of [formatReport(report), JSON.stringify(report)]) {
      expect(output).not.toContain(MARKER);
      expect(output).not.toContain('Marker Person');
    }
  });

  it('shows the values of differences only when asked to', async () => {
    const marker = exported.text.split('\n').find((line) => line.includes(MARKER)) ?? '';
    const shown = await runAudit({
      source: Readable.from([Buffer.from(`${marker}\n`)]),
      bundle: BUNDLE,
      contract: CONTRACT,
      against: { bundle: emptyBundle, label: 'empty' },
      audience: DEFAULT_API_AUDIENCE,
      showValues: true,
      workers: 1,
    });
    expect(formatReport(shown)).toContain('"Marker Person"');
    expect(formatReport(shown)).not.toContain(MARKER);
  });

  it('stops, naming the lines, when a login never returns (a synchronous loop no timer can stop)', async () => {
    const spinning = path.join(tmpdir(), `audit-spinning-action-${process.pid}.js`);
    await writeFile(
      spinning,
      'exports.onExecutePostLogin = async (event) => { if (event.user.user_id === "auth0|spin") for (;;) {} };\n',
    );
    const lines = ['{"user_id":"auth0|a"}', '{"user_id":"auth0|spin"}', '{"user_id":"auth0|b"}'];
    await expect(
      runAudit({
        source: Readable.from([Buffer.from(lines.join('\n'))]),
        bundle: spinning,
        contract: CONTRACT,
        audience: DEFAULT_API_AUDIENCE,
        workers: 1,
        batchTimeoutMs: 100,
      }),
    ).rejects.toThrow(/E_AUDIT_STALLED: lines 1-3 of the export did not finish within 0.1 s/);
  });
});
