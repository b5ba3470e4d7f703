import { parse } from 'yaml';

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

/**
 * The placeholders of a YAML text that `keywords` does not define and that land in its data: one in a
 * YAML comment is dropped with the comment, so it needs no value. Each is swapped for a marker of its
 * own (the defined ones replaced as the import replaces them) and kept only if the parsed data holds
 * its marker. A text that does not parse that way is judged by its text alone.
 */
export const unresolvedInYaml = (text: string, keywords: KeywordMappings): PlaceholderUse[] => {
  const unresolved = findPlaceholders(text).filter((use) => !(use.key in keywords));
  if (!unresolved.length) return [];
  const marker = (index: number) => `unresolved-placeholder-${index}-${process.pid}`;
  let index = 0;
  const marked = replaceKeywords(text, keywords).replace(PLACEHOLDER, (found, _marker, key: string) =>
    key in keywords ? found : marker(index++),
  );
  let data: string;
  try {
    data = JSON.stringify(parse(marked) ?? null);
  } catch {
    return unresolved;
  }
  return unresolved.filter((_use, position) => data.includes(marker(position)));
};
