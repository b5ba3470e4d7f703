import * as v from 'valibot';
import type { EditableField } from './editable-fields.ts';

/** One requested change: a new value, or `null` to clear the field. */
export interface FieldChange {
  readonly path: string;
  readonly key: string;
  readonly field: string | undefined;
  readonly value: unknown;
}

export type PatchErrorCode =
  | 'invalid_body'
  | 'body_too_large'
  | 'forbidden_key'
  | 'unknown_field'
  | 'invalid_value'
  | 'empty_patch';

export interface PatchError {
  readonly error: PatchErrorCode;
  /** The dotted path of the offending field, or null when the body as a whole is wrong. */
  readonly field: string | null;
  readonly message: string;
}

export type ParsedPatch =
  | { readonly ok: true; readonly changes: FieldChange[] }
  | { readonly ok: false; readonly problem: PatchError };

/** Names that reach object prototypes in careless code; refused outright, wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const refuse = (error: PatchErrorCode, field: string | null, message: string): ParsedPatch => ({
  ok: false,
  problem: { error, field, message },
});

/** Validates one field's new value with the contract's schema; `null` always means "clear it". */
const checkValue = (spec: EditableField, value: unknown): ParsedPatch | FieldChange => {
  if (value !== null && !v.is(spec.schema, value)) {
    const [issue] = v.safeParse(spec.schema, value).issues ?? [];
    return refuse('invalid_value', spec.path, `${spec.path}: ${issue?.message ?? 'invalid value'}`);
  }
  return { path: spec.path, key: spec.key, field: spec.field, value };
};

/**
 * Turns a request body into changes of user-editable fields. The body mirrors `user_metadata`
 * (`{"preferences": {"language": "fr-CA"}, "display_name": null}`); anything the contract does not
 * mark user-editable is refused, naming the field, so nothing else can ever be written.
 */
export const parsePatch = (fields: readonly EditableField[], body: unknown): ParsedPatch => {
  if (!isPlainRecord(body)) {
    return refuse(
      'invalid_body',
      null,
      'the body must be a JSON object such as {"preferences":{"language":"fr-CA"}}',
    );
  }
  const changes: FieldChange[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (FORBIDDEN_KEYS.has(key)) return refuse('forbidden_key', key, `${key} is not an allowed key`);
    const plain = fields.find((spec) => spec.key === key && spec.field === undefined);
    const group = fields.filter((spec) => spec.key === key && spec.field !== undefined);
    if (plain) {
      const checked = checkValue(plain, value);
      if ('ok' in checked) return checked;
      changes.push(checked);
      continue;
    }
    if (group.length === 0) return refuse('unknown_field', key, `${key} is not a field you can change`);
    if (!isPlainRecord(value)) {
      return refuse(
        'invalid_value',
        key,
        `${key} must be an object of fields; clear one with null, e.g. {"${key}":{"${group[0]?.field}":null}}`,
      );
    }
    for (const [name, fieldValue] of Object.entries(value)) {
      const path = `${key}.${name}`;
      if (FORBIDDEN_KEYS.has(name)) return refuse('forbidden_key', path, `${path} is not an allowed key`);
      const spec = group.find((candidate) => candidate.field === name);
      if (!spec) return refuse('unknown_field', path, `${path} is not a field you can change`);
      const checked = checkValue(spec, fieldValue);
      if ('ok' in checked) return checked;
      changes.push(checked);
    }
  }
  if (changes.length === 0) return refuse('empty_patch', null, 'the body names no field to change');
  return { ok: true, changes };
};
