/**
 * auth0-deploy-cli's keyword replacement, restated so our preflight and plan see exactly the text
 * the import will send (a property test holds it equal to deploy-cli's own `keywordReplace`):
 * `@@KEY@@` (optionally quoted) becomes `JSON.stringify(value)`, then `##KEY##` becomes the value
 * as text. What it does not do is refuse unknown keys: it leaves them, and the import later strips
 * them from the payload with only a warning. `findPlaceholders` is how we refuse them first.
 */
export type KeywordMappings = Readonly<Record<string, unknown>>;

export interface PlaceholderUse {
  readonly key: string;
  readonly marker: '##' | '@@';
  readonly line: number;
}

const PLACEHOLDER = /(##|@@)([A-Za-z0-9_]+)\1/g;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every `##KEY##` / `@@KEY@@` in `text`, with its 1-based line, in order of appearance. */
export const findPlaceholders = (text: string): PlaceholderUse[] => {
  const uses: PlaceholderUse[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const line = text.slice(0, match.index).split('\n').length;
    uses.push({ key: match[2] as string, marker: match[1] as '##' | '@@', line });
  }
  return uses;
};

export const replaceKeywords = (text: string, mappings: KeywordMappings): string => {
  let output = text;
  const keys = Object.keys(mappings);
  for (const key of keys) {
    const marker = `@@${escapeRegExp(key)}@@`;
    output = output.replace(new RegExp(`'${marker}'|"${marker}"|${marker}`, 'g'), () =>
      JSON.stringify(mappings[key]),
    );
  }
  for (const key of keys) {
    output = output.replace(new RegExp(`##${escapeRegExp(key)}##`, 'g'), () => String(mappings[key]));
  }
  return output;
};
