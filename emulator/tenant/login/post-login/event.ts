import type { PostLoginEvent } from '../../../../core/post-login-types.ts';
import { copyJson } from '../../../actions/index.ts';
import { rolesInLogin } from '../../organization-membership.ts';
import { requestUrl } from '../../request-url.ts';
import { OPTIONAL_PROFILE_FIELDS } from '../../state.ts';
import type { TenantContext } from '../../tenant-context.ts';
import { defaultConnection, tenantIdOf } from '../directory.ts';
import { connectionOfUser } from '../enabled-connections.ts';
import type { PostLoginInput } from './post-login-input.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const pick = <T extends object, K extends keyof T>(record: T, keys: readonly K[]): Partial<Pick<T, K>> => {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (record[key] !== undefined) picked[key] = record[key];
  return picked;
};

/** The caller's address: a proxy's `x-forwarded-for` first hop, else loopback (in-process calls have none). */
const clientIp = (request: Request): string =>
  request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || '127.0.0.1';

/**
 * The post-login `event` of one login, built only from the tenant's records (the user as stored
 * now, the client, the default database connection, the API) and the HTTP request, so an Action
 * sees what it would see on Auth0 for the same tenant.
 */
export const buildLoginEvent = (
  tenant: TenantContext,
  input: PostLoginInput,
  now: number,
): PostLoginEvent => {
  const { user, client, request } = input;
  const url = requestUrl(request);
  const own = connectionOfUser(tenant, user);
  const connection = own ? { id: own.id, name: own.name, strategy: own.strategy } : defaultConnection(tenant);
  const simulated = input.simulated ?? {};
  const language = simulated.language ?? request.headers.get('accept-language')?.split(',')[0] ?? undefined;
  const event: PostLoginEvent = {
    user: {
      user_id: user.user_id,
      email: user.email,
      email_verified: user.email_verified ?? false,
      name: user.name,
      nickname: user.nickname,
      picture: user.picture,
      created_at: user.created_at ?? iso(now),
      updated_at: user.updated_at ?? iso(now),
      identities: user.identities ?? [],
      // Profile fields Auth0 hands the Action only when the stored user has them.
      ...pick(user, OPTIONAL_PROFILE_FIELDS),
      ...(user.multifactor ? { multifactor: user.multifactor } : {}),
      ...(user.enrolledFactors ? { enrolledFactors: user.enrolledFactors } : {}),
      // Always objects in Actions, whatever the profile holds.
      app_metadata: user.app_metadata ?? {},
      user_metadata: user.user_metadata ?? {},
    },
    client: { client_id: client.client_id, name: client.name, metadata: client.client_metadata ?? {} },
    connection: { ...connection, metadata: {} },
    request: {
      ip: simulated.ip ?? clientIp(request),
      hostname: url.hostname,
      method: request.method,
      language: language,
      user_agent: simulated.user_agent ?? request.headers.get('user-agent') ?? undefined,
      geoip: simulated.geoip ?? {},
      query: { ...input.query },
      body: { ...input.body },
    },
    stats: { logins_count: user.logins_count ?? 0 },
    tenant: { id: tenantIdOf(tenant) },
    // Filled per Action by the runtime: each Action sees only the secrets deployed with it.
    secrets: {},
    transaction: {
      acr_values: [],
      locale: simulated.language?.split('-')[0] ?? 'en',
      prompt: input.query.prompt ? input.query.prompt.split(' ') : [],
      protocol: input.protocol,
      redirect_uri: input.redirectUri,
      // What the client asked for; the runtime gets the granted scopes separately.
      requested_scopes: input.requestedScopes,
      response_mode:
        input.protocol === 'oidc-basic-profile' ? (input.query.response_mode ?? 'query') : undefined,
      response_type: input.protocol === 'oidc-basic-profile' ? ['code'] : undefined,
      state: input.state,
      ui_locales: [],
      metadata: {},
    },
    // When each method was completed in the session, not now: freshness rules depend on it.
    authentication: {
      methods: input.session?.methods ?? [{ name: 'pwd', timestamp: iso(now) }],
    },
    authorization: {
      roles: rolesInLogin(tenant.state, user.user_id, input.organization?.id).map((role) => role.name),
    },
  };
  if (input.resourceServer) event.resource_server = { identifier: input.resourceServer.identifier };
  if (input.sessionId) {
    event.session = {
      id: input.sessionId,
      metadata: { ...(input.session?.metadata ?? {}) },
      cookie: { mode: input.session?.cookieMode ?? 'persistent' },
    };
  }
  if (input.prompt) event.prompt = input.prompt;
  if (input.organization) event.organization = input.organization;
  if (input.refreshTokenFamily) {
    event.refresh_token = {
      id: input.refreshTokenFamily.slice(0, 24),
      client_id: client.client_id,
      created_at: iso(now),
      metadata: { ...(input.refreshTokenMetadata ?? {}) },
    };
  }
  // The login's one copy of what it read: the event is a snapshot of the records as they are now (the
  // stored user itself, its client, its session), so nothing it holds is the tenant's own record
  // while the Actions run, whatever the tenant does meanwhile. The copy is what JSON would make of it
  // (`copyJson`, which walks the value instead of writing and parsing its text: the JSON round trip
  // it replaces and the user's structured clone before it were 4 to 6% of the tenant's thread a login).
  return copyJson(event);
};
