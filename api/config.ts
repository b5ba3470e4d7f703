import * as v from 'valibot';
import { ApiServerError } from './errors.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An Auth0 domain such as `acme.eu.auth0.com` or a custom domain: a bare host name, no scheme. */
const domain = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name such as acme.eu.auth0.com, without https://'),
);

/** The local tenant serves plain http on loopback; anything else must be https. */
const tenantBaseUrl = v.pipe(
  v.string(),
  v.url('must be a URL such as http://127.0.0.1:4000'),
  v.check((text) => {
    if (!URL.canParse(text)) return true; // v.url has already said what is wrong
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, 'must be https, or http on a loopback address (127.0.0.1, localhost, [::1])'),
);

const originList = (text: string): string[] =>
  text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');

/** Why one ALLOWED_ORIGINS entry is refused, or undefined when it is a browser origin we may allow. */
const originProblem = (origin: string): string | undefined => {
  if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
    return `has ${JSON.stringify(origin)}, which is not an origin such as https://app.example.com (no path, no trailing slash, no *)`;
  }
  const url = new URL(origin);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    return undefined;
  return `has ${origin}: only https origins, or http on a loopback address, may call the API`;
};

/** A mistyped origin would silently never match; plain http would let a network attacker's page in. */
const allowedOrigins = v.pipe(
  v.string(),
  v.check(
    (text) => originList(text).every((origin) => originProblem(origin) === undefined),
    (issue) =>
      originList(String(issue.input))
        .map(originProblem)
        .find((problem) => problem !== undefined) ?? 'is not a list of origins',
  ),
);

const port = v.pipe(
  v.string(),
  v.regex(/^\d{1,5}$/, 'must be a port number between 1 and 65535'),
  v.check((text) => Number(text) >= 1 && Number(text) <= 65535, 'must be a port number between 1 and 65535'),
);

const text = v.pipe(v.string(), v.minLength(1, 'is empty'));

const wholeNumber = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,9}$/, `must be a whole number from ${min} to ${max}`),
    v.check(
      (text) => Number(text) >= min && Number(text) <= max,
      `must be a whole number from ${min} to ${max}`,
    ),
  );

/** Where the shared lock and rate limit live; `rediss://` for TLS. */
const redisUrl = v.pipe(
  v.string(),
  v.check(
    (text) => URL.canParse(text) && ['redis:', 'rediss:'].includes(new URL(text).protocol),
    'must be a URL such as redis://10.0.0.5:6379 or rediss://user:password@host:6380/0',
  ),
);

interface Variable {
  readonly schema: v.GenericSchema<string, string>;
  /** How to fix it when it is missing; optional variables have a default instead. */
  readonly hint?: string;
  readonly fallback?: string;
}

/** The environment variables `npm run api` reads, in the order they are checked. */
const VARIABLES = {
  AUTH0_DOMAIN: { schema: domain, hint: 'set it to your tenant domain, e.g. acme.eu.auth0.com' },
  API_AUDIENCE: {
    schema: text,
    hint: "set it to our API's identifier, as in tenant/environments/<env>.json",
  },
  AUTH0_CLIENT_ID: { schema: text, hint: "set it to the preferences API's machine-to-machine client id" },
  AUTH0_CLIENT_SECRET: { schema: text, hint: "set it to that machine-to-machine client's secret" },
  PORT: { schema: port, fallback: '3001' },
  AUTH0_BASE_URL: { schema: tenantBaseUrl },
  ALLOWED_ORIGINS: { schema: allowedOrigins, fallback: '' },
  REDIS_URL: { schema: redisUrl },
  RATE_LIMIT_PER_MINUTE: { schema: wholeNumber(1, 1_000_000), fallback: '20' },
  LOCK_TTL_MS: { schema: wholeNumber(100, 600_000), fallback: '5000' },
  SHUTDOWN_GRACE_S: { schema: wholeNumber(1, 3_600), fallback: '10' },
  LOG_PSEUDONYM_KEY: {
    schema: v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)')),
  },
} as const satisfies Record<string, Variable>;

type VariableName = keyof typeof VARIABLES;

export interface PreferencesApiConfig {
  /** `<AUTH0_BASE_URL>/`, or `https://<domain>/`: tokens must carry it as `iss`. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Where the tenant is served: its issuer, keys, token endpoint and Management API. */
  readonly tenantBaseUrl: string;
  /** The Management API's audience, always `https://<domain>/api/v2/`. */
  readonly managementAudience: string;
  readonly audience: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly port: number;
  /** Browser origins allowed to call the API (CORS); empty means none. */
  readonly allowedOrigins: readonly string[];
  /** The shared lock and rate limit's Redis; without it both live in this process. */
  readonly redisUrl?: string;
  /** Requests one user may make per minute, across all instances when Redis is configured. */
  readonly rateLimitPerMinute?: number;
  /** How long a dead instance's lock on a user lasts (renewed while its holder is alive). */
  readonly lockTtlMs?: number;
  /** How long SIGTERM waits for requests in flight before the process exits anyway. */
  readonly shutdownGraceMs?: number;
  /** Keys the user pseudonym in the logs; without it each process draws its own. */
  readonly logPseudonymKey?: string;
}

/**
 * Reads the API's configuration from environment variables. A missing or malformed variable stops
 * the API before it listens, with one line naming the variable and how to fix it.
 */
export const readConfig = (env: Record<string, string | undefined>): PreferencesApiConfig => {
  const value: Partial<Record<VariableName, string>> = {};
  for (const [name, variable] of Object.entries(VARIABLES) as [VariableName, Variable][]) {
    const raw = env[name] === '' ? undefined : env[name];
    if (raw === undefined && variable.hint !== undefined) {
      throw new ApiServerError('E_BAD_CONFIG', `environment variable ${name} is not set: ${variable.hint}`);
    }
    const given = raw ?? variable.fallback;
    if (given === undefined) continue;
    const result = v.safeParse(variable.schema, given);
    if (!result.success) {
      throw new ApiServerError('E_BAD_CONFIG', `environment variable ${name} ${result.issues[0].message}`);
    }
    value[name] = result.output;
  }
  const domainName = value.AUTH0_DOMAIN ?? '';
  const base = (value.AUTH0_BASE_URL ?? `https://${domainName}`).replace(/\/+$/, '');
  return {
    // The issuer is where the tenant is served: https://<domain>/ on Auth0, the loopback URL locally.
    issuer: `${base}/`,
    jwksUrl: `${base}/.well-known/jwks.json`,
    tenantBaseUrl: base,
    managementAudience: `https://${domainName}/api/v2/`,
    audience: value.API_AUDIENCE ?? '',
    clientId: value.AUTH0_CLIENT_ID ?? '',
    clientSecret: value.AUTH0_CLIENT_SECRET ?? '',
    port: Number(value.PORT),
    allowedOrigins: originList(value.ALLOWED_ORIGINS ?? ''),
    rateLimitPerMinute: Number(value.RATE_LIMIT_PER_MINUTE),
    lockTtlMs: Number(value.LOCK_TTL_MS),
    shutdownGraceMs: Number(value.SHUTDOWN_GRACE_S) * 1000,
    ...(value.REDIS_URL === undefined ? {} : { redisUrl: value.REDIS_URL }),
    ...(value.LOG_PSEUDONYM_KEY === undefined ? {} : { logPseudonymKey: value.LOG_PSEUDONYM_KEY }),
  };
};
