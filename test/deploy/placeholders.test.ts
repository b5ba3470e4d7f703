import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPlaceholders, replaceKeywords, unresolvedInYaml } from '../../deploy/placeholders.ts';

const { keywordReplace } = createRequire(import.meta.url)('auth0-deploy-cli/lib/tools/utils.js') as {
  keywordReplace: (input: string, mappings: Record<string, unknown>) => string;
};

const key = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const value = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.integer());
const textAround = (keys: string[]) =>
  fc.array(
    fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom(...keys).map((k) => `##${k}##`),
      fc.constantFrom(...keys).map((k) => `@@${k}@@`),
      fc.constantFrom(...keys).map((k) => `'@@${k}@@'`),
    ),
    { maxLength: 12 },
  );

describe('keyword replacement', () => {
  it('produces exactly what auth0-deploy-cli sends, for any text and mapping', () => {
    fc.assert(
      fc.property(
        fc
          .dictionary(key, value, { minKeys: 1, maxKeys: 4 })
          .chain((mappings) =>
            fc.tuple(fc.constant(mappings), textAround([...Object.keys(mappings), 'UNKNOWN'])),
          ),
        ([mappings, parts]) => {
          const text = parts.join(' ');
          expect(replaceKeywords(text, mappings)).toBe(keywordReplace(text, mappings));
        },
      ),
    );
  });

  it('finds every placeholder with its line, and leaves none once all are mapped', () => {
    const text = "name: '##NAME##'\ncallbacks: '@@CALLBACKS@@'\nplain: ## not a key ##\n";
    expect(findPlaceholders(text)).toEqual([
      { key: 'NAME', marker: '##', line: 1 },
      { key: 'CALLBACKS', marker: '@@', line: 2 },
    ]);
    const resolved = replaceKeywords(text, { NAME: 'x', CALLBACKS: ['https://a'] });
    expect(resolved).toBe('name: \'x\'\ncallbacks: ["https://a"]\nplain: ## not a key ##\n');
    expect(findPlaceholders(resolved)).toEqual([]);
  });
});

describe('placeholders tenant.yaml needs a value for', () => {
  const known = fc.dictionary(
    key,
    fc.string({ maxLength: 5 }).filter((text) => !/[#@:'"\\\n]/.test(text)),
    {
      maxKeys: 3,
    },
  );
  it('are those in its data, never those in a comment, for any mix of both', () => {
    fc.assert(
      fc.property(
        known,
        fc.array(fc.record({ name: key, inComment: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        (keywords, uses) => {
          const lines = uses.map(({ name, inComment }, index) =>
            inComment ? `# note ${index}: ##${name}##` : `field${index}: "##${name}##"`,
          );
          const wanted = uses
            .filter(({ name, inComment }) => !inComment && !(name in keywords))
            .map(({ name }) => name);
          expect(unresolvedInYaml(lines.join('\n'), keywords).map((use) => use.key)).toEqual(wanted);
        },
      ),
    );
  });
});
