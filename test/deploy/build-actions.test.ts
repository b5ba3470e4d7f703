import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimContract, claimDocs, documentedFields } from '../../claims/index.ts';
import { BUNDLE_DIR } from '../../core/paths.ts';
import { type BuiltAction, buildActions, listActionEntryPoints } from '../../deploy/build-actions.ts';
import { DeployError } from '../../deploy/errors.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'build-actions-'));
/** The toolkit's build on the claims-app fixture's Actions; the last test reads the team's. */
const fixture = { actionsDir: CLAIMS_APP.actionsDir };

describe('buildActions', () => {
  // One build of the fixture that several tests read: each build runs tsc, about a second.
  let first: BuiltAction[];
  beforeAll(async () => {
    first = await buildActions({ ...fixture, outDir: await tempDir() });
  });

  it('bundles one file per actions/*.ts entry point, helpers excluded', async () => {
    const entries = (await listActionEntryPoints(CLAIMS_APP.actionsDir)).map((entry) => path.basename(entry));
    expect(entries).toContain('post-login-claims.ts');
    expect(entries.every((name) => !name.includes('/'))).toBe(true);
  });

  it('writes the same bytes for the same sources, and a manifest that says so', async () => {
    const second = await buildActions({ ...fixture, outDir: await tempDir() });
    expect(first.map((a) => a.sha256)).toEqual(second.map((a) => a.sha256));
    const built = first.find((a) => a.name === 'post-login-claims');
    if (!built) throw new Error('post-login-claims was not built');
    const manifest = JSON.parse(await readFile(path.join(path.dirname(built.file), 'manifest.json'), 'utf8'));
    expect(manifest).toContainEqual(
      expect.objectContaining({
        name: 'post-login-claims',
        file: 'post-login-claims.js',
        bytes: built.bytes,
        sha256: built.sha256,
      }),
    );
    // ... and every source it was checked and built from, type-only imports included, for staleness.
    const inputs = Object.keys(manifest[0].inputs);
    expect(inputs).toEqual(
      expect.arrayContaining([
        'test/fixtures/claims-app/actions/post-login-claims.ts',
        'test/fixtures/claims-app/contract.ts',
        'core/post-login-types.ts',
      ]),
    );
  });

  it('emits a self-contained CommonJS module for the node22 runtime', async () => {
    const [built] = first;
    const code = await readFile(built?.file ?? '', 'utf8');
    expect(code).not.toMatch(/\brequire\(["'](?!node:)[^"']+["']\)/);
    const module = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', 'require', code)(module, module.exports, () => {
      throw new Error('the bundle must not require anything');
    });
    expect(typeof module.exports.onExecutePostLogin).toBe('function');
  });

  it('refuses a bundle over its byte budget, naming the Action and the fix', async () => {
    const failure = await buildActions({ ...fixture, outDir: await tempDir(), budget: 1_000 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DeployError);
    expect((failure as DeployError).code).toBe('E_BUNDLE_TOO_LARGE');
    expect((failure as DeployError).message).toMatch(
      /post-login-claims bundles to \d+ bytes, over the 1000-byte budget/,
    );
  });

  it("leaves the team's contract descriptions out of each of its Action bundles, which never read them", async () => {
    // The team's bundles as the suite's setup built them with this same build (test/global-setup.ts).
    const built = JSON.parse(await readFile(path.join(BUNDLE_DIR, 'manifest.json'), 'utf8')).map(
      (entry: { name: string; file: string }) => ({
        name: entry.name,
        file: path.join(BUNDLE_DIR, entry.file),
      }),
    ) as { name: string; file: string }[];
    const descriptions = [
      ...Object.values(claimDocs.claims).flatMap((claim) => [
        claim.description,
        ...Object.values(claim.keys).map((key) => key.description),
      ]),
      ...documentedFields(claimContract, claimDocs).map((field) => field.doc.description),
    ];
    expect(built.length).toBeGreaterThan(0);
    for (const { name, file } of built) {
      const code = await readFile(file, 'utf8');
      // A prefix too, in case the minifier split or joined a long string differently.
      for (const text of descriptions) {
        expect(code, `${name}: ${text}`).not.toContain(text);
        expect(code, `${name}: ${text}`).not.toContain(text.slice(0, 24));
      }
    }
  });
});
