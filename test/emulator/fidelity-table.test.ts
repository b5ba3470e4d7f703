import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';
import { collectTestTitles, fidelityProblems, parseFidelityTable } from '../support/fidelity-table.ts';

const TABLE = path.join(REPO_ROOT, 'docs/emulator-fidelity.md');

describe('docs/emulator-fidelity.md', () => {
  it('has a row for every Auth0 behaviour test, and every row names a test that exists', async () => {
    const rows = parseFidelityTable(await readFile(TABLE, 'utf8'));
    expect(rows.length).toBeGreaterThan(40);
    expect(fidelityProblems(rows, await collectTestTitles(REPO_ROOT))).toEqual([]);
  });

  it('catches a behaviour test without a row, a row whose test is gone, and a row without a source or status', () => {
    const table = [
      '| Behaviour | Auth0 source | Test | Status |',
      '| --- | --- | --- | --- |',
      '| kept | [Doc](https://auth0.com/docs/x) | `test/a.test.ts` › Auth0 keeps it | modelled |',
      '| gone | [Doc](https://auth0.com/docs/x) | `test/a.test.ts` › Auth0 lost it | modelled |',
      '| vague | a page somewhere | `test/a.test.ts` › Auth0 keeps it | sort of |',
      '| later | [Doc](https://auth0.com/docs/x) | — | approximated |',
    ].join('\n');
    const titles = new Map([['test/a.test.ts', ['Auth0 keeps it', 'Auth0 has no row', 'plain helper test']]]);
    expect(fidelityProblems(parseFidelityTable(table), titles)).toEqual([
      'docs/emulator-fidelity.md:4: no test titled "Auth0 lost it" in test/a.test.ts',
      'docs/emulator-fidelity.md:5: status "sort of" is not one of modelled, approximated, not modelled',
      'docs/emulator-fidelity.md:5: the source needs a [title](https://...) link',
      'docs/emulator-fidelity.md:6: a approximated behaviour needs the test that pins it',
      'test/a.test.ts: "Auth0 has no row" pins an Auth0 behaviour but has no row in docs/emulator-fidelity.md',
    ]);
  });
});
