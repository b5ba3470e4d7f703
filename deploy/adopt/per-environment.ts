import type { Resource } from '../desired-state.ts';
import { matchesPath } from '../resource-types.ts';

// What of an adopted resource differs per environment, and what is secret. The rule (README,
// "Adopting a tenant"):
// - a string holding the tenant's own domain keeps its text, the domain becoming ##AUTH0_DOMAIN##
//   (every environment file's `tenant` supplies it);
// - any other URL (scheme://...), and every audience (`identifier`, `audience`, `default_audience`,
//   `resource_server_identifier`) or `domain` value, becomes a placeholder whose value goes to the
//   environment file's "values"; a list holding one becomes one placeholder for the whole list;
// - a secret field (the type's `secretFields`) becomes a placeholder mapped under "secrets" to an
//   environment variable of the same name; its value is never written anywhere.
// A value the environment file (or this import) already holds reuses that key.

const AUDIENCE_FIELDS = new Set([
  'identifier',
  'audience',
  'default_audience',
  'resource_server_identifier',
  'domain',
]);
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
/** Text that can sit inside a double-quoted YAML scalar as it is; anything else goes in as JSON. */
const isPlain = (text: string): boolean =>
  ![...text].some((char) => char === '"' || char === '\\' || char.charCodeAt(0) < 0x20 || char === '\u007f');
export const DOMAIN_KEY = 'AUTH0_DOMAIN';

/** `Preferences SPA` + `callbacks` -> `PREFERENCES_SPA_CALLBACKS`: the mapping files' key style. */
export const keyName = (...parts: readonly string[]): string => {
  const key = parts
    .join('_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z]/.test(key) ? key : `K_${key}`;
};

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Resource).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );

/** The keys an import hands out, reusing the environment file's own where the value is the same. */
export class PlaceholderBook {
  readonly values: Record<string, unknown>;
  readonly secrets: Record<string, string>;
  /** Keys this import added, for the summary. */
  readonly added = { values: [] as string[], secrets: [] as string[] };

  constructor(
    readonly domain: string,
    existing: {
      readonly values: Readonly<Record<string, unknown>>;
      readonly secrets: Readonly<Record<string, string>>;
    },
  ) {
    this.values = { ...existing.values };
    this.secrets = { ...existing.secrets };
  }

  private taken(key: string): boolean {
    return key === DOMAIN_KEY || key in this.values || key in this.secrets;
  }

  private fresh(hint: string): string {
    let key = hint;
    for (let n = 2; this.taken(key); n += 1) key = `${hint}_${n}`;
    return key;
  }

  /** The placeholder text for a per-environment value. */
  value(value: unknown, hint: string): string {
    const wanted = canonical(value);
    let key = Object.keys(this.values).find((candidate) => canonical(this.values[candidate]) === wanted);
    if (key === undefined) {
      key = this.fresh(hint);
      this.values[key] = value;
      this.added.values.push(key);
    }
    return typeof value === 'string' && isPlain(value) ? `##${key}##` : `@@${key}@@`;
  }

  /** The placeholder text for a secret; the same field adopted again keeps its key. */
  secret(hint: string, seen?: string): string {
    let key = this.secrets[hint] === hint ? hint : undefined;
    if (key === undefined) {
      key = this.fresh(hint);
      this.secrets[key] = key;
      this.added.secrets.push(key);
    }
    return seen !== undefined && isPlain(seen) ? `##${key}##` : `@@${key}@@`;
  }
}

const isUrl = (value: unknown): value is string => typeof value === 'string' && URL.test(value);

export interface Placing {
  readonly book: PlaceholderBook;
  /** The resource's label in keys (its name, or its type). */
  readonly label: string;
  readonly secretFields: readonly string[];
}

const perEnvironment = (value: unknown, field: string): boolean =>
  isUrl(value) || (typeof value === 'string' && value !== '' && AUDIENCE_FIELDS.has(field));

const withDomain = (text: string, domain: string): string => text.split(domain).join(`##${DOMAIN_KEY}##`);

const place = (value: unknown, path: readonly string[], placing: Placing): unknown => {
  const { book, label, secretFields } = placing;
  const field = path.at(-1) ?? '';
  if (secretFields.some((secret) => matchesPath(secret, path))) {
    if (value === undefined || value === null || value === '') return value;
    return book.secret(keyName(label, ...path), typeof value === 'string' ? value : undefined);
  }
  if (typeof value === 'string') {
    if (value.includes(book.domain) && isPlain(value)) return withDomain(value, book.domain);
    return perEnvironment(value, field) ? book.value(value, keyName(label, ...path)) : value;
  }
  if (Array.isArray(value)) {
    const scalars = value.every((item) => item === null || typeof item !== 'object');
    if (!scalars) return value.map((item) => place(item, path, placing));
    const varying = value.filter(
      (item) => perEnvironment(item, field) || (typeof item === 'string' && item.includes(book.domain)),
    );
    if (!varying.length) return value;
    if (varying.every((item) => String(item).includes(book.domain) && isPlain(String(item))))
      return value.map((item) => (typeof item === 'string' ? withDomain(item, book.domain) : item));
    return book.value(value, keyName(label, ...path));
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Resource).map(([key, item]) => [key, place(item, [...path, key], placing)]),
    );
  return value;
};

/** The resource with its per-environment values and secrets replaced by placeholders. */
export const placeholdersFor = (item: Resource, placing: Placing): Resource =>
  place(item, [], placing) as Resource;
