import type { Json } from '../../core/json.ts';

/** Counted without encoding: a login measures several texts, and an encoded copy of each was garbage. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * A host-realm JSON copy of a value, taken now: what Auth0 keeps of a claim or metadata value is its
 * JSON form at call time, so later mutation by the Action, functions, `undefined` members and objects
 * from the Action's `vm` realm never leak into what the emulator reports. `undefined` when the value
 * has no JSON form (`undefined`, a function, a symbol). Throws the `TypeError` of `JSON.stringify` for
 * cycles and BigInts.
 */
export const cloneJson = (value: unknown): Json | undefined => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as Json);
};

/** `cloneJson`, with the UTF-8 length of the JSON text it copied through, which a claim's size needs. */
export const cloneJsonSized = (value: unknown): { copy: Json; bytes: number } | undefined => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : { copy: JSON.parse(text) as Json, bytes: utf8Bytes(text) };
};

const namesMeasured = new Map<string, number>();
/** Names kept at most, and their longest: a tenant's Actions set a few short claim names, over and over. */
const MAX_NAMES_MEASURED = 1_000;
const MAX_NAME_KEPT = 256;

/** UTF-8 length of `"name"` as JSON writes it; kept for the first 1,000 short names, which repeat. */
export const nameBytes = (name: string): number => {
  let bytes = namesMeasured.get(name);
  if (bytes === undefined) {
    bytes = utf8Bytes(JSON.stringify(name));
    if (namesMeasured.size < MAX_NAMES_MEASURED && name.length <= MAX_NAME_KEPT)
      namesMeasured.set(name, bytes);
  }
  return bytes;
};

/** UTF-8 length of `"name"` plus the JSON value (nothing for a value JSON leaves out), as the claim budget counts a claim. */
export const claimBytes = (name: string, value: unknown): number =>
  nameBytes(name) + utf8Bytes(JSON.stringify(value) ?? '');

/** Deep copy of a structure that is already JSON (event parts, records); keeps tests' `toEqual` honest. */
export const copyJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Call arguments as JSON for the record; never throws: what JSON cannot hold is kept as text. */
export const cloneJsonArgs = (args: readonly unknown[]): Json[] => {
  try {
    return (cloneJson(args) ?? []) as Json[];
  } catch {
    return args.map((arg) => String(arg));
  }
};

/** The message of anything thrown, including errors from another realm (`instanceof` fails there). */
export const messageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
