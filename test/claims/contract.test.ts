import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  type ClaimSpec,
  claimContract,
  claimDocs,
  documentedFields,
  type TokenKind,
} from '../../claims/index.ts';
import {
  isForbiddenNamespace,
  isNamespacedClaimName,
  isRestrictedClaimName,
  MAX_CUSTOM_CLAIMS_BYTES,
} from '../../emulator/actions/index.ts';

// The team's contract, checked against Auth0's rules and against itself: every expectation is derived
// from claims/contract.ts, so adding, changing or removing a field needs no edit here.
const claims = Object.entries(claimContract.claims as Record<string, ClaimSpec>);
const fields = documentedFields(claimContract, claimDocs);

describe('the claim contract', () => {
  it('names every claim under one https namespace that Auth0 accepts', () => {
    expect(claimContract.namespace).toMatch(/^https:\/\/[^/]+\/$/);
    for (const [key] of claims) {
      const name = `${claimContract.namespace}${key}`;
      expect(isNamespacedClaimName(name), name).toBe(true);
      expect(isRestrictedClaimName(name), name).toBe(false);
      expect(isForbiddenNamespace(name), name).toBe(false);
    }
  });

  it('gives every field an example its own schema accepts', () => {
    for (const field of fields) {
      expect(v.safeParse(field.spec.schema, field.doc.example).issues, field.path).toBeUndefined();
    }
  });

  it('uses metadata key names Auth0 can store (no "." or "$")', () => {
    for (const field of fields)
      expect(
        field.path.split('.').every((part) => /^[^.$]+$/.test(part)),
        field.path,
      ).toBe(true);
  });

  it('lets users edit user_metadata only: app_metadata is for administrators', () => {
    const userEditable = fields.filter((field) => field.spec.editableBy === 'user');
    expect(userEditable.every((field) => field.source === 'user_metadata')).toBe(true);
  });

  it('keeps app_metadata out of the ID token', () => {
    for (const [, claim] of claims)
      if (claim.source === 'app_metadata') expect(claim.token).toBe('access_token');
  });

  it("keeps each token's claim budgets under Auth0's 100 KB limit, with the examples inside them", () => {
    for (const token of ['id_token', 'access_token'] satisfies TokenKind[]) {
      const total = claims.filter(([, c]) => c.token === token).reduce((sum, [, c]) => sum + c.maxBytes, 0);
      expect(total).toBeLessThan(MAX_CUSTOM_CLAIMS_BYTES);
    }
    for (const [key, claim] of claims) {
      const example: Record<string, unknown> = {};
      for (const field of fields.filter((f) => f.claimKey === key)) {
        if (field.field === undefined) example[field.key] = field.doc.example;
        else example[field.key] = { ...(example[field.key] as object), [field.field]: field.doc.example };
      }
      const bytes = new TextEncoder().encode(
        JSON.stringify(`${claimContract.namespace}${key}`) + JSON.stringify(example),
      ).length;
      expect(bytes, key).toBeLessThanOrEqual(claim.maxBytes);
    }
  });

  it('describes every claim, key and field in claimDocs, in words', () => {
    for (const [key] of claims)
      expect(claimDocs.claims[key as keyof typeof claimDocs.claims]?.description.trim(), key).toBeTruthy();
    for (const field of fields) expect(field.doc.description.trim(), field.path).not.toBe('');
  });
});
