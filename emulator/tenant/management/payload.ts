import type { Json, JsonObject } from '../../../core/json.ts';
import { ApiError, badRequest, json } from '../http.ts';
import type { TenantRequestContext } from '../tenant-env.ts';
import type { CheckpointPage, OffsetPage } from './response-types.ts';

// The Management API's request rules shared by every resource: list envelopes and paging, required
// and read-only fields, with Auth0's own error wording.

/** The request's query string, parsed. */
export const queryOf = (c: TenantRequestContext): URLSearchParams => new URL(c.req.url).searchParams;

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

const intParam = (query: URLSearchParams, name: string, fallback: number, max?: number): number => {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw badRequest(
      `Query validation error: 'Expected type integer but found type string' on property ${name}.`,
      'invalid_query_string',
    );
  }
  if (max !== undefined && value > max) {
    throw badRequest(
      `Query validation error: 'Value too large: ${value}' on property ${name}.`,
      'invalid_query_string',
    );
  }
  return value;
};

export interface Paging {
  page: number;
  perPage: number;
  includeTotals: boolean;
}

export const pagingOf = (query: URLSearchParams): Paging => ({
  page: intParam(query, 'page', 0),
  perPage: intParam(query, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE),
  includeTotals: query.get('include_totals') === 'true',
});

/**
 * A page of a list the way most `/api/v2` lists answer: a bare array, or with `include_totals=true`
 * the envelope `{ start, limit, length, total, <key>: [...] }`. With `take` (and `from`), checkpoint
 * paging instead: `{ <key>: [...], next }`, `next` absent on the last page.
 */
export const pagedList = <T, Key extends string, Item>(
  items: readonly T[],
  query: URLSearchParams,
  key: Key,
  view: (item: T) => Item,
): Response => {
  if (query.has('take') || query.has('from')) return checkpointList(items, query, key, view);
  const { page, perPage, includeTotals } = pagingOf(query);
  const slice = items.slice(page * perPage, page * perPage + perPage).map(view);
  if (!includeTotals) return json(slice);
  const body: OffsetPage<Key, Item> = {
    start: page * perPage,
    limit: perPage,
    length: slice.length,
    total: items.length,
    ...keyed(key, slice),
  };
  return json(body);
};

/** `{ [key]: items }` typed by its key, which a computed property name alone would widen to string. */
const keyed = <Key extends string, Item>(key: Key, items: Item[]) =>
  ({ [key]: items }) as { [K in Key]: Item[] };

const checkpointList = <T, Key extends string, Item>(
  items: readonly T[],
  query: URLSearchParams,
  key: Key,
  view: (item: T) => Item,
): Response => {
  const take = intParam(query, 'take', DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const from = query.get('from');
  const start = from ? Number.parseInt(Buffer.from(from, 'base64url').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw badRequest('Query validation error: invalid from cursor.', 'invalid_query_string');
  const end = start + take;
  const next = end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined;
  const body: CheckpointPage<Key, Item> = {
    ...keyed(key, items.slice(start, end).map(view)),
    ...(next ? { next } : {}),
  };
  return json(body);
};

/** Refuses fields the API owns (ids, secrets it generates...), as Auth0 does with a 400. */
export const refuseFields = (body: Record<string, unknown>, readOnly: readonly string[]): void => {
  const present = readOnly.filter((field) => field in body);
  if (present.length > 0) {
    throw badRequest(`Payload validation error: 'Additional properties not allowed: ${present.join(',')}'.`);
  }
};

export const requireFields = (body: Record<string, unknown>, required: readonly string[]): void => {
  for (const field of required) {
    if (body[field] === undefined || body[field] === null) {
      throw badRequest(`Payload validation error: 'Missing required property: ${field}'.`);
    }
  }
};

export const requireString = (body: Record<string, unknown>, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw badRequest(
      `Payload validation error: 'Expected type string but found type ${typeof value}' on property ${field}.`,
    );
  }
  return value;
};

/** Copies a request body into stored JSON, dropping `undefined`s the way JSON.stringify would. */
export const toJsonObject = (body: Record<string, unknown>): JsonObject =>
  JSON.parse(JSON.stringify(body)) as JsonObject;

/** Drops the given keys from a stored record before it is shown. */
export const without = (
  record: { [key: string]: Json | undefined },
  hidden: readonly string[],
): JsonObject => {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(record))
    if (value !== undefined && !hidden.includes(key)) copy[key] = structuredClone(value);
  return copy;
};

export const findOr404 = <T>(items: readonly T[], predicate: (item: T) => boolean, what: string): T => {
  const found = items.find(predicate);
  if (!found) throw new ApiError(404, 'inexistent_resource', `The ${what} does not exist.`);
  return found;
};
