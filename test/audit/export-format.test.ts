import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCsvExport, refuseCsvExport } from '../../audit/export-format.ts';
import { runAudit } from '../../audit/run-audit.ts';
import { DEFAULT_API_AUDIENCE } from '../../emulator/actions/index.ts';
import { createFakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { callApi, managementToken } from '../emulator/tenant/call.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

// The audit reads Auth0's JSON export; a CSV export (which holds no whole metadata) is refused with
// what to export instead, and a JSON export is never mistaken for one.

/** A CSV export as the fake tenant writes it, gzipped, with the metadata fields a team might name. */
const csvExport = async (): Promise<Buffer> => {
  let now = Date.UTC(2026, 11, 1);
  const tenant = createFakeTenant({ clock: () => now });
  tenant.seedUsers([{ email: 'ada@example.com', user_metadata: { preferences: { theme: 'dark' } } }]);
  const token = await managementToken(tenant);
  const created = await callApi(tenant, token, 'POST', '/jobs/users-exports', {
    format: 'csv',
    fields: [{ name: 'user_id' }, { name: 'user_metadata.preferences.theme' }, { name: 'app_metadata' }],
  });
  now += 10_000;
  const done = await callApi(tenant, token, 'GET', `/jobs/${created.body.id}`);
  return Buffer.from(await (await tenant.handle(new Request(done.body.location))).arrayBuffer());
};

const collect = async (source: AsyncIterable<Uint8Array>) => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

describe('the export format', () => {
  it('refuses a CSV export from the users export job, saying to export JSON', async () => {
    await expect(
      runAudit({
        source: Readable.from([await csvExport()]),
        bundle: path.join(CLAIMS_APP.distDir, 'post-login-claims.js'),
        audience: DEFAULT_API_AUDIENCE,
        workers: 1,
      }),
    ).rejects.toThrow(
      /E_AUDIT_SOURCE: this users export is CSV: .*Export format json with the fields user_metadata and app_metadata/,
    );
  });

  it('passes any JSON export through untouched, a malformed first line included, however it is cut', async () => {
    const user = fc.record({ user_id: fc.string(), user_metadata: fc.jsonValue() });
    const line = fc.oneof(
      { weight: 5, arbitrary: user.map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.constantFrom('{"user_id": "auth0|cut', 'not json', '') },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        async (lines, cut) => {
          // A file whose first two lines are not users is CSV-shaped; an export always leads with users.
          fc.pre(
            lines
              .filter((text) => text.trim() !== '')
              .slice(0, 2)
              .some((text) => text.startsWith('{')),
          );
          const text = lines.join('\n');
          const bytes = Buffer.from(text);
          const chunks = Array.from({ length: Math.ceil(bytes.length / cut) }, (_, index) =>
            bytes.subarray(index * cut, (index + 1) * cut),
          );
          expect(await collect(refuseCsvExport(Readable.from(chunks)))).toBe(text);
        },
      ),
    );
  });

  it('reads past blank lines to the first two lines that hold anything, however the file is cut', async () => {
    const text = ['not json', '', '', '  ', '{"user_id":"","user_metadata":0}'].join('\n');
    for (const cut of [1, 2, 7, 64]) {
      const bytes = Buffer.from(text);
      const chunks = Array.from({ length: Math.ceil(bytes.length / cut) }, (_, index) =>
        bytes.subarray(index * cut, (index + 1) * cut),
      );
      expect(await collect(refuseCsvExport(Readable.from(chunks)))).toBe(text);
    }
    const csv = ['user_id,email', '', '', '"auth0|1","a@example.com"'].join('\n');
    await expect(collect(refuseCsvExport(Readable.from([Buffer.from(csv)])))).rejects.toThrow(
      /E_AUDIT_SOURCE/,
    );
  });

  it('tells a CSV header and its rows from NDJSON users', () => {
    expect(isCsvExport(['user_id,email', '"\'auth0|1","\'a@example.com"'])).toBe(true);
    expect(isCsvExport(['email'])).toBe(true);
    expect(isCsvExport(['{"user_id":"auth0|1"}', '{"user_id":"auth0|2"}'])).toBe(false);
    expect(isCsvExport(['{"user_id": "auth0|cut', '{"user_id":"auth0|2"}'])).toBe(false);
    expect(isCsvExport(['garbage', '{"user_id":"auth0|2"}'])).toBe(false);
    expect(isCsvExport([])).toBe(false);
  });
});
