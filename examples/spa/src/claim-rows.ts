import {
  type ClaimSpec,
  claimContract,
  claimDocs,
  documentedFields,
  type TokenKind,
} from '../../../claims/index.ts';

/** One contract field as a token carries it, labelled with the contract's own description. */
export interface ClaimRow {
  /** The full claim name, `https://.../user_metadata`. */
  readonly claim: string;
  /** The field inside the claim: `preferences.language`, `display_name`. */
  readonly path: string;
  /** From `claimDocs`: the same words the generated claims reference uses. */
  readonly label: string;
  /** Undefined when the token does not carry the field (unset, or dropped as invalid). */
  readonly value: unknown;
}

const claims: Readonly<Record<string, ClaimSpec>> = claimContract.claims;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const valueAt = (claim: unknown, key: string, field: string | undefined): unknown => {
  const value = isRecord(claim) ? claim[key] : undefined;
  if (field === undefined) return value;
  return isRecord(value) ? value[field] : undefined;
};

/**
 * Every field the contract puts in a token of `kind`, in contract order, with the value `payload`
 * holds: a field the token lacks still gets its row, so a reader sees what the token could carry.
 */
export const contractClaimRows = (payload: Record<string, unknown>, kind: TokenKind): ClaimRow[] =>
  documentedFields(claimContract, claimDocs)
    .filter((field) => claims[field.claimKey]?.token === kind)
    .map((field) => ({
      claim: field.claimName,
      path: field.path,
      label: field.doc.description,
      value: valueAt(payload[field.claimName], field.key, field.field),
    }));

/** How a claim value reads in a table cell: strings bare, anything else as JSON. */
export const formatClaimValue = (value: unknown): string =>
  value === undefined ? '(not in this token)' : typeof value === 'string' ? value : JSON.stringify(value);
