import { answerTenantRequest } from './app.ts';
import { FaultInjector, type FaultRule } from './faults.ts';
import { MANAGEMENT_API_NAME } from './issuer.ts';
import { createSigningKeys, type SigningKeys } from './login/grants/signing-keys.ts';
import { newClientRecord } from './management/clients.ts';
import { MANAGEMENT_SCOPES } from './management/scopes.ts';
import { RateWindow } from './rate-window.ts';
import { seedUsers, type UserSeed } from './seed-users.ts';
import {
  type ClientRecord,
  createTenantState,
  type RequestLogEntry,
  randomId,
  snapshotState,
  type TenantState,
  type UserRecord,
} from './state.ts';
import type { TenantContext } from './tenant-context.ts';

// One fake Auth0 tenant: its state and the fetch-style `handle(request)` that both transports put
// behind a URL: msw in-process at `https://<domain>/`, or a loopback port, which then is its issuer.

export interface FakeTenantOptions {
  domain?: string;
  /** How long a new or changed Action stays `pending` before it can be deployed (default 0). */
  buildDelayMs?: number;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  clock?: () => number;
  faults?: readonly FaultRule[];
  /** Requests per second before the tenant answers 429 on its own; unlimited when absent. */
  rateLimitPerSecond?: number;
  /** Credentials of the seeded machine-to-machine client that deploy tools use. */
  deployClient?: { client_id?: string; client_secret?: string; name?: string };
  /** The RS256 key that signs its tokens; by default one key made once for the process. */
  keys?: SigningKeys;
}

export interface FakeTenant {
  readonly domain: string;
  readonly state: TenantState;
  readonly context: TenantContext;
  readonly faults: FaultInjector;
  /** The seeded client holding a grant for every Management API scope. */
  readonly deployClient: ClientRecord;
  /** Every request answered so far, in order (method, path, status). */
  readonly requests: readonly RequestLogEntry[];
  handle(request: Request): Promise<Response>;
  seedUsers(seeds: UserSeed[]): UserRecord[];
  /** A deep copy of the state now. */
  snapshot(): TenantState;
}

let sharedKeys: Promise<SigningKeys> | undefined;
/**
 * The key of every tenant made without one: RSA key generation costs 50 to 300 ms here, and property
 * tests make hundreds of Management-API-only tenants. Their tokens still name their own tenant in
 * `iss` and `aud`; a local tenant, which publishes its JWKS, makes a key of its own.
 */
const processKeys = (): Promise<SigningKeys> => {
  sharedKeys ??= createSigningKeys();
  return sharedKeys;
};

/** A tenant's context: its state, clock, faults and rate limit, with the deploy client seeded. */
export const createTenantContext = (options: FakeTenantOptions = {}): TenantContext => {
  const domain = options.domain ?? 'local-tenant.auth0.test';
  const clock = options.clock ?? Date.now;
  const state = createTenantState(domain, new Date(clock()).toISOString());
  const keys = options.keys && Promise.resolve(options.keys);
  const context: TenantContext = {
    domain,
    issuer: `https://${domain}/`,
    managementAudience: `https://${domain}/api/v2/`,
    state,
    buildDelayMs: options.buildDelayMs ?? 0,
    faults: new FaultInjector(options.faults),
    rateWindow: new RateWindow(options.rateLimitPerSecond),
    now: clock,
    nowIso: () => new Date(clock()).toISOString(),
    signingKeys: () => keys ?? processKeys(),
    load: { answering: 0 },
  };
  // Seeded directly: the API refuses client ids chosen by the caller, tests may want fixed ones.
  const deployClient = newClientRecord(context, {
    name: options.deployClient?.name ?? 'Deploy (auth0-deploy-cli)',
    app_type: 'non_interactive',
    ...(options.deployClient?.client_id ? { client_id: options.deployClient.client_id } : {}),
    ...(options.deployClient?.client_secret ? { client_secret: options.deployClient.client_secret } : {}),
  });
  state.clients.push(deployClient);
  state.resourceServers.push({
    id: randomId('', 12),
    name: MANAGEMENT_API_NAME,
    identifier: context.managementAudience,
    is_system: true,
    signing_alg: 'RS256',
    token_lifetime: 86400,
    // Auth0 lists every Management API scope here; client grants may hold only these.
    scopes: MANAGEMENT_SCOPES.map((value) => ({ value, description: value })),
  });
  state.clientGrants.push({
    id: randomId('cgr_'),
    client_id: deployClient.client_id,
    audience: context.managementAudience,
    scope: [...MANAGEMENT_SCOPES],
  });
  return context;
};

/** The parts of a tenant every kind shares, answering through `handle`. */
export const tenantFacade = (context: TenantContext, handle: FakeTenant['handle']): FakeTenant => {
  const { state } = context;
  const deployClient = state.clients[0];
  if (!deployClient) throw new Error('the tenant context has no deploy client');
  const { load } = context;
  const answered = () => {
    load.answering -= 1;
  };
  return {
    domain: context.domain,
    state,
    context,
    faults: context.faults,
    deployClient,
    get requests() {
      return state.requests;
    },
    handle: (request) => {
      load.answering += 1;
      const answer = handle(request);
      answer.then(answered, answered);
      return answer;
    },
    seedUsers: (seeds) => seedUsers(state, seeds, context.nowIso()),
    snapshot: () => snapshotState(state),
  };
};

/** A tenant that answers the Management API (deploy tools, our API's writes) but logs nobody in. */
export const createFakeTenant = (options: FakeTenantOptions = {}): FakeTenant => {
  const context = createTenantContext(options);
  return tenantFacade(context, (request) =>
    answerTenantRequest(request, { tenant: context, login: undefined }),
  );
};
