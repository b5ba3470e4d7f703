import { randomBytes } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { type ContractSpec, claimContract } from '../claims/index.ts';
import type { PreferencesApiConfig } from './config.ts';
import { editableFields, editableValues } from './editable-fields.ts';
import { createManagementClient, type ManagementClient, ManagementError } from './management-client.ts';
import { parsePatch } from './parse-patch.ts';
import { PerUserRateLimit, type RateDecision, type RateLimitOptions } from './rate-limit.ts';
import { type Readiness, readinessRoutes } from './readiness.ts';
import {
  type LogVariables,
  pseudonymizer,
  type RequestLogger,
  requestLog,
  writeJsonLine,
} from './request-log.ts';
import { badRequest, refuse } from './responses.ts';
import { createPreferenceSaver } from './save-preferences.ts';
import { hasScope, PREFERENCES_SCOPES, type PreferencesScope } from './scopes.ts';
import { inProcessUpdates, UserLockError, type UserUpdates } from './user-lock.ts';
import { verifyAccessToken } from './verify-token.ts';

export interface PreferencesApiOptions {
  /**
   * The claim contract whose `editableBy: 'user'` fields the API lets a user change: the team's
   * (`claims/contract.ts`) unless given, so the toolkit's tests run on a fixture contract and a
   * renamed field in the team's contract changes what the API accepts, not whether its tests pass.
   */
  readonly contract?: ContractSpec;
  /** The tenant's signing keys; defaults to the JWKS at `config.jwksUrl`, fetched and cached. */
  readonly keys?: JWTVerifyGetKey;
  /** Defaults to a client-credentials client built from `config`. */
  readonly management?: ManagementClient;
  readonly rateLimit?: RateLimitOptions;
  /** Counts requests per user; defaults to a counter in this process (`rateLimit`). */
  readonly limiter?: { take(userId: string): RateDecision | Promise<RateDecision> };
  /** Serialises each user's read-merge-write; defaults to a lock in this process. */
  readonly updates?: UserUpdates;
  /** What `GET /readyz` checks besides the tenant's keys, and whether the process is draining. */
  readonly readiness?: Partial<Readiness>;
  readonly log?: RequestLogger;
  /** Preferences are a few short strings; anything bigger is a mistake or an attack. */
  readonly maxBodyBytes?: number;
}

const DEFAULT_RATE_LIMIT_PER_MINUTE = 20;
/** The per-user budget the configuration asks for: `RATE_LIMIT_PER_MINUTE` requests a minute. */
export const rateLimitOf = (config: PreferencesApiConfig): RateLimitOptions => ({
  limit: config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
  windowMs: 60_000,
});
const DEFAULT_MAX_BODY_BYTES = 4096;
export const PREFERENCES_ROUTE = '/me/preferences';

type Env = { Variables: LogVariables };

/**
 * Our intermediary API between the SPA and the Management API: a signed-in user reads and changes
 * their own user-editable fields, and nothing else. The user id comes only from the verified access
 * token's `sub`; the API writes with its own client-credentials token, never the user's.
 */
export const createPreferencesApi = (config: PreferencesApiConfig, options: PreferencesApiOptions = {}) => {
  const fields = editableFields(options.contract ?? claimContract);
  const keys = options.keys ?? createRemoteJWKSet(new URL(config.jwksUrl));
  const management =
    options.management ?? createManagementClient({ ...config, audience: config.managementAudience });
  const limiter = options.limiter ?? new PerUserRateLimit(options.rateLimit ?? rateLimitOf(config));
  const saver = createPreferenceSaver(management, options.updates ?? inProcessUpdates());
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  /** Verifies the token, checks the route's scope, then the caller's rate limit. */
  const authorize =
    (scope: PreferencesScope): MiddlewareHandler<Env> =>
    async (c, next) => {
      const check = await verifyAccessToken(c.req.header('authorization'), {
        issuer: config.issuer,
        audience: config.audience,
        keys,
      });
      if (!check.ok) {
        return check.status === 401
          ? refuse(c, 401, 'invalid_token', check.message, {
              'www-authenticate': 'Bearer error="invalid_token"',
            })
          : refuse(c, 503, 'keys_unavailable', check.message, { 'retry-after': '5' });
      }
      c.set('userId', check.caller.userId);
      if (!hasScope(check.caller.claims.scope, scope)) {
        return refuse(c, 403, 'insufficient_scope', `the access token lacks the ${scope} scope`, {
          'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
        });
      }
      const decision = await limiter.take(check.caller.userId);
      if (!decision.allowed) {
        return refuse(c, 429, 'rate_limited', 'too many requests for this user; retry later', {
          'retry-after': String(decision.retryAfterS),
        });
      }
      await next();
    };

  const app = new Hono<Env>();
  app.use(
    '*',
    requestLog(options.log ?? writeJsonLine, pseudonymizer(config.logPseudonymKey ?? randomBytes(32))),
  );
  // Answers carry a user's personal data: no cache (browser, proxy, CDN) may keep them, and a browser
  // must never sniff a JSON error body into something it renders.
  app.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
  });
  app.route(
    '/',
    readinessRoutes({
      jwksUrl: config.jwksUrl,
      checks: options.readiness?.checks ?? {},
      draining: options.readiness?.draining ?? (() => false),
    }),
  );
  if (config.allowedOrigins.length > 0) {
    app.use(
      '*',
      cors({
        origin: [...config.allowedOrigins],
        allowMethods: ['GET', 'PATCH'],
        allowHeaders: ['authorization', 'content-type'],
        // Without it a browser hides Retry-After from the app's script (CORS exposes only a few
        // headers), and a busy API's "retry in 30 s" reads as "retry in 1 s".
        exposeHeaders: ['retry-after'],
        maxAge: 600,
      }),
    );
  }

  app.get(PREFERENCES_ROUTE, authorize(PREFERENCES_SCOPES.read), async (c) => {
    const metadata = await management.readUserMetadata(c.get('userId'));
    return c.json(editableValues(fields, metadata));
  });

  app.patch(
    PREFERENCES_ROUTE,
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        badRequest(c, {
          error: 'body_too_large',
          field: null,
          message: `the body is over ${maxBodyBytes} bytes`,
        }),
    }),
    authorize(PREFERENCES_SCOPES.update),
    async (c) => {
      if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
        return badRequest(c, {
          error: 'invalid_body',
          field: null,
          message: 'send the body as application/json',
        });
      }
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return badRequest(c, { error: 'invalid_body', field: null, message: 'the body is not valid JSON' });
      }
      const parsed = parsePatch(fields, body);
      if (!parsed.ok) return badRequest(c, parsed.problem);
      const saved = await saver.save(c.get('userId'), parsed.changes);
      return c.json(editableValues(fields, saved));
    },
  );

  app.on(['POST', 'PUT', 'DELETE'], PREFERENCES_ROUTE, (c) =>
    refuse(c, 405, 'method_not_allowed', `${PREFERENCES_ROUTE} answers GET and PATCH`, {
      allow: 'GET, PATCH',
    }),
  );
  app.notFound((c) => refuse(c, 404, 'not_found', `no such route; this API serves ${PREFERENCES_ROUTE}`));
  app.onError((error, c) => {
    if (error instanceof UserLockError) {
      // Fail closed: without the shared lock no write is safe, so none is made.
      console.error(`preferences API: ${error.code}: ${error.message}`);
      return refuse(c, 503, error.code, 'changes cannot be saved safely right now; retry later', {
        'retry-after': error.code === 'lock_unavailable' ? '2' : '1',
      });
    }
    if (error instanceof ManagementError) {
      if (error.code === 'rate_limited') {
        return refuse(c, 503, 'tenant_busy', 'the identity provider is rate limiting us; retry later', {
          'retry-after': String(error.retryAfterS ?? 1),
        });
      }
      if (error.code === 'user_not_found')
        return refuse(c, 404, 'user_not_found', 'your user no longer exists');
      // Often our own configuration (client id, secret, grant): the operator needs to see it.
      console.error(`preferences API: Management API call failed: ${error.message}`);
      return refuse(
        c,
        502,
        'upstream_error',
        'the identity provider did not answer as expected; retry later',
      );
    }
    // Unexpected: the log line carries the code; the stack goes to stderr for the operator.
    console.error(error);
    return refuse(c, 500, 'internal_error', 'something went wrong on our side');
  });
  return app;
};

export type PreferencesApi = ReturnType<typeof createPreferencesApi>;
