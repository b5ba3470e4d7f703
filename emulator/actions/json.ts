import type { Json } from '../../core/json.ts';
import { createJsonCopier } from './json-copy.ts';
import { jsonBytes, nameBytes } from './json-size.ts';

/** Counted without encoding: a login measures several texts, and an encoded copy of each was garbage. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Copies into this realm (json-copy.ts): what `JSON.parse(JSON.stringify(value))` gives, faster. */
const hostCopy = createJsonCopier();

/**
 * A host-realm JSON copy of a value, taken now: what Auth0 keeps of a claim or metadata value is its
 * JSON form at call time, so later mutation by the Action, functions, `undefined` members and objects
 * from the Action's `vm` realm never leak into what the emulator reports. `undefined` when the value
 * has no JSON form (`undefined`, a function, a symbol). Throws the `TypeError` of `JSON.stringify` for
 * cycles and BigInts.
 */
export const cloneJson = hostCopy as (value: unknown) => Json | undefined;

/** `cloneJson`, with the UTF-8 length of the copy's JSON text, which a claim's size needs. */
export const cloneJsonSized = (value: unknown): { copy: Json; bytes: number } | undefined => {
  const copy = cloneJson(value);
  return copy === undefined ? undefined : { copy, bytes: jsonBytes(copy) };
};

/** UTF-8 length of `"name"` plus the JSON value (nothing for a value JSON leaves out), as the claim budget counts a claim. */
export const claimBytes = (name: string, value: unknown): number => nameBytes(name) + jsonBytes(value);

/** Deep copy of a structure that is already JSON (event parts, records); keeps tests' `toEqual` honest. */
export const copyJson = <T>(value: T): T => hostCopy(value) as T;

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
