import * as v from 'valibot';
import { defineClaimContract } from './define.ts';
import type { ContractDocs } from './docs.ts';
import { bcp47LanguageTag, displayText, ianaTimeZone, slug } from './schemas.ts';

/**
 * The one namespace of every custom claim. It is the same in every environment, so app code never
 * varies by environment; it is a URI we control, not an address anything fetches.
 */
export const CLAIM_NAMESPACE = 'https://claims.identity-as-code.dev/';

/**
 * The claim contract: every custom claim our Actions may emit. The Action, the docs for app teams,
 * the generated types and JSON Schema, the preferences API and the tests all read this object. A
 * claim, key or field that is not declared here is never emitted. It holds only what shaping a token
 * needs (and `editableBy`, which the preferences API enforces); descriptions and examples are in
 * `claimDocs` below.
 *
 * Claim names keep the legacy Rule's (`<namespace>user_metadata`, `<namespace>app_metadata`) so apps
 * that read them keep working; what they carry is now limited to the keys below. Keys are in priority
 * order: when a claim would exceed its byte budget, later keys are dropped first.
 */
export const claimContract = defineClaimContract({
  // Raise it with every change (docs/CLAIMS-CHANGELOG.md says how); `npm run contract:check` checks it.
  version: '1.0.0',
  namespace: CLAIM_NAMESPACE,
  claims: {
    user_metadata: {
      token: 'id_token',
      source: 'user_metadata',
      maxBytes: 2048,
      keys: {
        preferences: {
          fields: {
            language: {
              schema: bcp47LanguageTag,
              editableBy: 'user',
            },
            timezone: {
              schema: ianaTimeZone,
              editableBy: 'user',
            },
            theme: {
              schema: v.picklist(['light', 'dark', 'system']),
              editableBy: 'user',
            },
          },
        },
        display_name: {
          schema: displayText(64),
          editableBy: 'user',
        },
      },
    },
    app_metadata: {
      token: 'access_token',
      source: 'app_metadata',
      maxBytes: 4096,
      keys: {
        tenant_id: {
          schema: slug(63),
          editableBy: 'admin',
        },
        roles: {
          schema: v.pipe(v.array(slug(64)), v.maxLength(32)),
          editableBy: 'admin',
        },
        plan: {
          schema: v.picklist(['free', 'pro', 'enterprise']),
          editableBy: 'admin',
        },
      },
    },
  },
});

export type ClaimContract = typeof claimContract;

/**
 * What each claim, key and field of the contract means, with an example value: read by the docs,
 * the tests and people, never by the Action, which is why it is not part of `claimContract` (the
 * bundle leaves it out). Its type requires an entry for every claim, key and field of the contract,
 * refuses any other, and types each example by its field's schema.
 */
export const claimDocs: ContractDocs<ClaimContract> = {
  claims: {
    user_metadata: {
      description:
        "The user's own profile choices, for the SPA to render with. The user may change the fields " +
        'marked user-editable through the preferences API.',
      keys: {
        preferences: {
          description: 'How the user wants the app to look and speak.',
          fields: {
            language: { example: 'en-GB', description: 'Preferred UI language, a BCP 47 language tag.' },
            timezone: {
              example: 'Europe/Paris',
              description: 'Time zone to show dates in, an IANA time zone name.',
            },
            theme: { example: 'dark', description: 'Colour scheme.' },
          },
        },
        display_name: {
          example: 'Ada L.',
          description: 'Name the app greets the user with (1-64 characters).',
        },
      },
    },
    app_metadata: {
      description:
        'What the user may do in which tenant of the app, for our API to authorize with. Set by ' +
        'administrators only; only in access tokens for our own API.',
      keys: {
        tenant_id: { example: 'acme', description: 'The app tenant (customer account) the user belongs to.' },
        roles: {
          example: ['editor', 'billing:read'],
          description: "The user's roles within their app tenant (at most 32).",
        },
        plan: { example: 'pro', description: "The app tenant's subscription plan." },
      },
    },
  },
};
