import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { environmentText } from '../../deploy/adopt/environment-text.ts';
import { mergeIntoYaml } from '../../deploy/adopt/merge-yaml.ts';
import { DOMAIN_KEY, PlaceholderBook, placeholdersFor } from '../../deploy/adopt/per-environment.ts';
import { replaceKeywords } from '../../deploy/placeholders.ts';
import { webUrl } from '../support/arbitraries.ts';

// What an import writes must read back, once the environment's values and secrets fill its
// placeholders, as exactly what the tenant holds: whatever the values are.

const DOMAIN = 'shop.eu.auth0.com';
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  webUrl(),
  webUrl().map((url) => url.replace(/^(https?:\/\/)[^/]+/, `$1${DOMAIN}`)),
  fc.constantFrom('say "hi"\n', 'C:\\path', '# not a comment', 'key: value', '- item', ''),
);
// A value that itself reads as a placeholder is the one thing deploy-cli's text replacement cannot
// carry (README, "Adopting a tenant"), so none is generated.
const value = text.filter((item) => !/(##|@@)[A-Za-z0-9_]+\1/.test(item));
const field = fc.stringMatching(/^[a-z][a-z_]{0,7}$/);
const resource = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    value,
    fc.integer(),
    fc.boolean(),
    fc.array(value, { maxLength: 3 }),
    fc.dictionary(field, tie('node'), { maxKeys: 3 }),
  ),
  top: fc.record({
    name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 -]{0,12}$/),
    identifier: webUrl(),
    callbacks: fc.array(webUrl(), { maxLength: 3 }),
    extra: fc.dictionary(field, tie('node'), { maxKeys: 4 }),
    password: fc.uuid(),
  }),
})).top;

describe('placeholders of an adopted resource', () => {
  it('resolve back to the tenant’s values, and no secret is written', () => {
    fc.assert(
      fc.property(resource, ({ extra, ...named }) => {
        const live = { ...extra, ...named };
        const book = new PlaceholderBook(DOMAIN, { values: {}, secrets: {} });
        const item = placeholdersFor(live, { book, label: live.name, secretFields: ['password'] });
        const yaml = mergeIntoYaml('# kept\nclients: []\n', [{ type: 'clients', name: live.name, item }]);
        expect(yaml).not.toContain(live.password);
        expect(JSON.stringify(book.values)).not.toContain(live.password);
        const [secretKey] = book.added.secrets;
        const keywords = { ...book.values, [DOMAIN_KEY]: DOMAIN, [String(secretKey)]: live.password };
        expect(parse(replaceKeywords(yaml, keywords)).clients).toEqual([live]);
        expect(yaml.startsWith('# kept\n')).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('reuse one key for one value, and give differing values differing keys', () => {
    const book = new PlaceholderBook(DOMAIN, { values: { API: 'https://api.example' }, secrets: {} });
    expect(book.value('https://api.example', 'OTHER_IDENTIFIER')).toBe('##API##');
    expect(book.value('https://b.example', 'API')).toBe('##API_2##');
    expect(book.value(['https://b.example'], 'API')).toBe('@@API_3@@');
    expect(book.added.values).toEqual(['API_2', 'API_3']);
  });
});

describe('files an import rewrites', () => {
  it('keep their bytes where nothing was added', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    for (const env of await readdir('tenant/environments')) {
      const file = await readFile(`tenant/environments/${env}`, 'utf8');
      expect(environmentText(JSON.parse(file))).toBe(file);
    }
    for (const yaml of ['tenant/tenant.yaml', 'test/fixtures/deploy-types/tenant.yaml']) {
      const file = await readFile(yaml, 'utf8');
      expect(mergeIntoYaml(file, [])).toBe(file);
    }
  });
});
