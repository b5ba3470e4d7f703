import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { compareContracts } from '../../audit/contract-compare.ts';
import { describeContract } from '../../audit/contract-describe.ts';
import { changelogSection, gateContractChanges } from '../../audit/contract-gate.ts';
import { compareSchemas } from '../../audit/schema-compare.ts';
import { baseContract, baseDocs, contractPairs } from '../fixtures/contracts/pairs.ts';

const before = describeContract(baseContract, baseDocs);
const changesOf = (pair: (typeof contractPairs)[number]) =>
  compareContracts(before, describeContract(pair.after, pair.afterDocs ?? baseDocs));

const changelog = (version: string, ...lines: string[]) =>
  `# Claims changelog\n\n## ${version}\n\n${lines.map((line) => `- ${line}`).join('\n')}\n\n## 1.4.2\n\n- older\n`;

describe('contract comparison', () => {
  it('finds nothing between a contract and itself', () => {
    expect(compareContracts(before, describeContract(baseContract, baseDocs))).toEqual([]);
  });

  for (const pair of contractPairs) {
    it(`classifies ${pair.name} as ${pair.expected}, naming ${pair.subject}`, () => {
      const changes = changesOf(pair);
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.map((change) => change.class)).toEqual(changes.map(() => pair.expected));
      expect(changes.some((change) => change.subjects.includes(pair.subject))).toBe(true);
    });
  }

  it('reports a rename as a rename, not a removal and an addition', () => {
    const renamed = contractPairs.find((pair) => pair.name === 'a field renamed');
    if (!renamed) throw new Error('fixture missing');
    expect(changesOf(renamed).map((change) => change.message)).toEqual([
      'profile.nickname: renamed to profile.display_name',
    ]);
  });
});

describe('the version and changelog gate', () => {
  const needed = { breaking: '2.0.0', compatible: '1.5.0', docs: '1.4.3' } as const;
  const tooSmall = { breaking: '1.5.0', compatible: '1.4.3', docs: '1.4.2' } as const;

  for (const pair of contractPairs) {
    it(`${pair.name}: passes with ${needed[pair.expected]} and a changelog line, fails without either`, () => {
      const changes = changesOf(pair);
      const version = needed[pair.expected];
      const ok = gateContractChanges(
        changes,
        { before: '1.4.2', after: version },
        changelog(version, `\`${pair.subject}\`: changed`),
      );
      expect(ok).toEqual({ ok: true, problems: [] });

      const smallBump = gateContractChanges(
        changes,
        { before: '1.4.2', after: tooSmall[pair.expected] },
        changelog(tooSmall[pair.expected], `\`${pair.subject}\`: changed`),
      );
      expect(smallBump.ok).toBe(false);
      expect(smallBump.problems.join('\n')).toMatch(/need a new (major|minor|patch) version/);

      const noLine = gateContractChanges(
        changes,
        { before: '1.4.2', after: version },
        changelog(version, 'something else'),
      );
      expect(noLine.ok).toBe(false);
      expect(noLine.problems.join('\n')).toContain(pair.subject);
    });
  }

  it('needs the new version to have its own changelog section', () => {
    const [pair] = contractPairs;
    if (!pair) throw new Error('fixture missing');
    const result = gateContractChanges(
      changesOf(pair),
      { before: '1.4.2', after: '2.0.0' },
      changelog('1.9.0', pair.subject),
    );
    expect(result.problems).toEqual([expect.stringContaining('has no "## 2.0.0" section')]);
    expect(changelogSection(changelog('2.0.0', 'a', 'b'), '2.0.0')).toContain('- b');
  });
});

describe('schema comparison', () => {
  const json = (schema: v.GenericSchema) =>
    describeContract({
      namespace: 'https://x.test/',
      claims: {
        c: {
          token: 'id_token',
          source: 'user_metadata',
          maxBytes: 1,
          keys: { k: { schema, editableBy: 'user' } },
        },
      },
    }).claims.c?.fields.k?.schema ?? {};

  it('orders enums by inclusion, for any two sets of values', () => {
    const words = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1 });
    fc.assert(
      fc.property(words, words, (left, right) => {
        const relation = compareSchemas(json(v.picklist(left)), json(v.picklist(right)));
        const lost = left.some((word) => !right.includes(word));
        const gained = right.some((word) => !left.includes(word));
        expect(relation).toBe(lost && gained ? 'changed' : lost ? 'narrowed' : gained ? 'widened' : 'same');
      }),
    );
  });

  it('orders length limits, and treats a different type as an incompatible change', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), (a, b) => {
        const relation = compareSchemas(
          json(v.pipe(v.string(), v.maxLength(a))),
          json(v.pipe(v.string(), v.maxLength(b))),
        );
        expect(relation).toBe(a === b ? 'same' : b < a ? 'narrowed' : 'widened');
      }),
    );
    expect(compareSchemas(json(v.string()), json(v.number()))).toBe('changed');
    expect(compareSchemas(json(v.string()), json(v.pipe(v.string(), v.regex(/^a/))))).toBe('narrowed');
  });
});
