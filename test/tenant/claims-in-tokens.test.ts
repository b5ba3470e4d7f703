import { beforeAll, describe, expect, it } from 'vitest';
import { claimContract, claimDocs, type DocumentedField, documentedFields } from '../../claims/index.ts';
import {
  buildEvent,
  type LoadedAction,
  type LoginOutcome,
  loadBundledAction,
  runPostLoginFlow,
} from '../../emulator/actions/index.ts';
import { invalidValueFor, placed } from '../claims/contract-values.ts';
import { preflightTeamTenant } from './team-tenant.ts';

// Every field of the team's claims/contract.ts, through the team's own built Actions bound to
// post-login in tenant.yaml (in binding order, with the local environment's values and secrets):
// its documented example reaches the token the contract names, and a value its schema refuses is
// dropped. The cases are generated from the contract, so a new field is tested with no test edit.

/** The field's value in a token's payload, or undefined when the token lacks it. */
const valueIn = (payload: Record<string, unknown> | undefined, field: DocumentedField): unknown => {
  const claim = payload?.[field.claimName] as Record<string, unknown> | undefined;
  const key = claim?.[field.key];
  return field.field === undefined ? key : (key as Record<string, unknown> | undefined)?.[field.field];
};

let postLogin: LoadedAction[] = [];
/** The APIs tenant.yaml declares: access-token claims must reach the tokens of at least one. */
let apis: string[] = [];

beforeAll(async () => {
  const { desired } = await preflightTeamTenant('local');
  const bindings = desired.triggers?.['post-login'] ?? [];
  postLogin = await Promise.all(
    bindings.map(({ action_name }) => {
      const action = desired.actions?.find((candidate) => candidate.name === action_name);
      if (!action) throw new Error(`post-login binds ${action_name}, which tenant.yaml does not declare`);
      const secrets = Object.fromEntries(action.secrets.map((secret) => [secret.name, secret.value]));
      return loadBundledAction({ name: action.name, code: action.code }, { secrets });
    }),
  );
  apis = (desired.resourceServers ?? []).map((server) => String(server.identifier));
});

/** One login per declared API (one with no API when there is none), through every bound Action. */
const logins = (field: DocumentedField, value: unknown): Promise<LoginOutcome[]> =>
  Promise.all(
    (apis.length > 0 ? apis : [undefined]).map((api) =>
      runPostLoginFlow(
        postLogin,
        buildEvent({
          user: { user_metadata: {}, app_metadata: {}, [field.source]: placed(field, value) },
          resource_server: api === undefined ? undefined : { identifier: api },
          request: { query: { audience: api } },
        }),
      ),
    ),
  );

const tokenKindOf = (field: DocumentedField) =>
  claimContract.claims[field.claimKey as keyof typeof claimContract.claims].token;
const tokenOf = (outcome: LoginOutcome, field: DocumentedField) =>
  tokenKindOf(field) === 'id_token' ? outcome.idToken?.payload : outcome.accessToken?.payload;

const fields = documentedFields(claimContract, claimDocs).map((field) => [field.path, field] as const);

describe("the team's claims, through its bound post-login Actions", () => {
  it('binds at least one post-login Action', () => {
    expect(postLogin.length).toBeGreaterThan(0);
  });

  it.each(fields)('%s: its example reaches its token', async (_path, field) => {
    const outcomes = await logins(field, field.doc.example);
    for (const outcome of outcomes) {
      expect(outcome.error, 'the login failed').toBeUndefined();
      expect(outcome.denied, 'the login was denied').toBeUndefined();
    }
    const values = outcomes.map((outcome) => valueIn(tokenOf(outcome, field), field));
    expect(
      values,
      `${field.claimName} ${field.path} in the ${tokenKindOf(field)} of a login to each API`,
    ).toContainEqual(field.doc.example);
  });

  it.each(fields)('%s: a value its schema refuses is dropped', async (_path, field) => {
    const invalid = invalidValueFor(field);
    expect(
      invalid,
      'its schema accepts every candidate value; give the field a stricter schema',
    ).toBeDefined();
    for (const outcome of await logins(field, invalid)) {
      expect(outcome.error, 'the login failed').toBeUndefined();
      expect(valueIn(outcome.idToken?.payload, field)).toBeUndefined();
      expect(valueIn(outcome.accessToken?.payload, field)).toBeUndefined();
    }
  });
});
