import type { Json, JsonObject } from '../../core/json.ts';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import { requestedApiAudience } from './claim-policy.ts';
import { claimBytes } from './json.ts';
import { jsonBytes } from './json-size.ts';
import { type ClaimSizes, type PostLoginRecord, setOwn } from './record.ts';

/** Auth0 fails a login whose custom claims exceed 100 KB in one token; counted as 100,000 bytes here to stay on the safe side. */
export const MAX_CUSTOM_CLAIMS_BYTES = 100_000;
/** Auth0's defaults: an application's ID token lives 10 hours, an API's access token 24 hours. */
export const DEFAULT_ID_TOKEN_LIFETIME_SECONDS = 36_000;
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 86_400;
export const DEFAULT_KEY_ID = 'emulator-signing-key-1';
/** An RS256 signature with a 2048-bit key is 256 bytes. */
const RS256_SIGNATURE_BYTES = 256;

export interface TokenOptions {
  domain: string;
  /** The tokens' `iss`: where the tenant is served; `https://<domain>/` by default. */
  issuer?: string;
  /** Milliseconds since the Unix epoch. */
  now: number;
  nonce?: string;
  idTokenLifetimeSeconds?: number;
  accessTokenLifetimeSeconds?: number;
  /** The `kid` the signing key would carry; only its length matters here. */
  keyId?: string;
  /**
   * The scopes the tenant grants before the Actions change them: what the client asked for minus
   * what the tenant will not grant (API scopes the API does not define, `offline_access` when
   * refresh tokens are off). The profile claims and the access token's `scope` start from these.
   * `event.transaction.requested_scopes` (what the client asked for) by default.
   */
  grantedScopes?: readonly string[];
}

export interface MintedToken {
  payload: JsonObject;
  /** Length of the RS256 compact JWS (`header.payload.signature`, base64url) this payload signs to. */
  bytes: number;
  /** UTF-8 bytes of the custom claims' names and JSON values, as the 100 KB limit counts them. */
  customClaimsBytes: number;
  /** The same, for each custom claim the payload carries (a standard claim of the same name wins). */
  claimBytes: { [name: string]: number };
}

export interface MintedAccessToken extends MintedToken {
  scope: string[];
}

export interface MintedTokens {
  idToken?: MintedToken;
  accessToken?: MintedAccessToken;
  error?: { message: string };
}

const base64urlLength = (bytes: number): number => Math.ceil((bytes * 4) / 3);

const headerLengths = new Map<string, number>();

/** The length of an RS256 compact JWS whose payload's JSON takes `payloadBytes`: no signing needed. */
const jwsBytes = (payloadBytes: number, keyId = DEFAULT_KEY_ID): number => {
  let header = headerLengths.get(keyId);
  if (header === undefined) {
    header = base64urlLength(Buffer.byteLength(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: keyId })));
    headerLengths.set(keyId, header);
  }
  return header + 1 + base64urlLength(payloadBytes) + 1 + base64urlLength(RS256_SIGNATURE_BYTES);
};

/** The size of the signed token, computed without signing: base64url lengths are fixed by byte counts. */
export const compactJwsBytes = (payload: JsonObject, keyId?: string): number =>
  jwsBytes(jsonBytes(payload), keyId);

/**
 * A minted token whose signed length is worked out when first read: the audit never reads it, and
 * sizing both payloads was a few percent of an audited login. A class, because an object literal
 * with a getter is built by the runtime, not from a template: 1 µs a token against 20 ns for a
 * plain literal (Node 20, measured), two per login. JSON, and so every copy of an outcome, writes it
 * as the plain token (`toJSON`, `plainToken`).
 */
class LazyToken implements MintedToken {
  readonly payload: JsonObject;
  readonly customClaimsBytes: number;
  readonly claimBytes: { [name: string]: number };
  #bytes: number | undefined;
  readonly #keyId: string | undefined;

  constructor(
    payload: JsonObject,
    customClaimsBytes: number,
    claimBytes: { [name: string]: number },
    keyId: string | undefined,
  ) {
    this.payload = payload;
    this.customClaimsBytes = customClaimsBytes;
    this.claimBytes = claimBytes;
    this.#keyId = keyId;
  }

  get bytes(): number {
    this.#bytes ??= compactJwsBytes(this.payload, this.#keyId);
    return this.#bytes;
  }

  toJSON(): MintedToken {
    return {
      payload: this.payload,
      bytes: this.bytes,
      customClaimsBytes: this.customClaimsBytes,
      claimBytes: this.claimBytes,
    };
  }
}

class LazyAccessToken extends LazyToken implements MintedAccessToken {
  readonly scope: string[];

  constructor(token: LazyToken, scope: string[], keyId: string | undefined) {
    super(token.payload, token.customClaimsBytes, token.claimBytes, keyId);
    this.scope = scope;
  }

  override toJSON(): MintedAccessToken {
    return { ...super.toJSON(), scope: this.scope };
  }
}

/** A token as plain data, its size worked out: what a caller that copies an outcome is handed. */
export const plainToken = <T extends MintedToken>(token: T): T =>
  token instanceof LazyToken ? (token.toJSON() as T) : token;

/**
 * The payload, standard claims first; they win over custom claims of the same name, as Auth0 does
 * not let an Action rewrite them. The ID token and the access token are both minted here.
 */
const withCustom = (
  standard: JsonObject,
  custom: JsonObject,
  measured: Readonly<ClaimSizes>,
  keyId: string | undefined,
): LazyToken => {
  // `standard` is this token's own fresh object: the payload grows from it.
  const payload = standard;
  let customClaimsBytes = 0;
  const sizes: { [name: string]: number } = {};
  for (const name in custom) {
    if (!Object.hasOwn(custom, name)) continue;
    const value = custom[name] as Json;
    const bytes = (Object.hasOwn(measured, name) ? measured[name] : undefined) ?? claimBytes(name, value);
    customClaimsBytes += bytes;
    if (Object.hasOwn(payload, name)) continue;
    setOwn(payload, name, value);
    setOwn(sizes, name, bytes);
  }
  return new LazyToken(payload, customClaimsBytes, sizes, keyId);
};

// The user's profile claims the ID token carries for each OIDC scope (OpenID Connect Core 1.0 §5.4;
// Auth0 docs "OpenID Connect Scopes", https://auth0.com/docs/get-started/apis/scopes/openid-connect-scopes).
const PROFILE_CLAIMS = ['given_name', 'family_name', 'nickname', 'name', 'picture', 'updated_at'] as const;
const EMAIL_CLAIMS = ['email', 'email_verified'] as const;

/** The profile claims the scopes grant, into `claims` (the start of the ID token's payload). */
const profileClaims = (event: PostLoginEvent, scopes: readonly string[], claims: JsonObject): JsonObject => {
  const copy = (names: readonly (keyof PostLoginEvent['user'])[]) => {
    for (const name of names) {
      const value = event.user[name];
      if (value !== undefined) claims[name] = value as Json;
    }
  };
  if (scopes.includes('profile')) copy(PROFILE_CLAIMS);
  if (scopes.includes('email')) copy(EMAIL_CLAIMS);
  if (scopes.includes('phone') && event.user.phone_number !== undefined) {
    claims.phone_number = event.user.phone_number;
    claims.phone_number_verified = event.user.phone_verified ?? false;
  }
  return claims;
};

/** The tenant's granted scopes after the Actions' `addScope` / `removeScope`, in order, without duplicates. */
export const grantedScopes = (granted: readonly string[], record: PostLoginRecord): string[] => {
  const scopes = new Set(granted);
  for (const change of record.scopeChanges) {
    if (change.op === 'add') scopes.add(change.scope);
    else scopes.delete(change.scope);
  }
  return [...scopes];
};

/**
 * The token payloads a login yields from its event and what its Actions recorded: an ID token when
 * `openid` was granted (or no transaction says otherwise), a JWT access token when an API audience
 * was requested; both carry `org_id` in an organization login. Over 100 KB of custom claims in
 * either token fails the login instead.
 */
export const mintTokens = (
  event: PostLoginEvent,
  record: PostLoginRecord,
  options: TokenOptions,
): MintedTokens => {
  const issuer = options.issuer ?? `https://${options.domain}/`;
  const iat = Math.floor(options.now / 1000);
  const granted = options.grantedScopes ?? event.transaction?.requested_scopes ?? ['openid'];
  const minted: MintedTokens = {};

  if (granted.includes('openid')) {
    const standard = profileClaims(event, granted, {});
    standard.iss = issuer;
    standard.aud = event.client.client_id;
    standard.sub = event.user.user_id;
    standard.iat = iat;
    standard.exp = iat + (options.idTokenLifetimeSeconds ?? DEFAULT_ID_TOKEN_LIFETIME_SECONDS);
    if (event.organization !== undefined) standard.org_id = event.organization.id;
    if (event.session?.id !== undefined) standard.sid = event.session.id;
    if (options.nonce !== undefined) standard.nonce = options.nonce;
    minted.idToken = withCustom(standard, record.idTokenClaims, record.claimBytes.idToken, options.keyId);
  }

  const audience = requestedApiAudience(event, options.domain);
  if (audience !== undefined) {
    const scope = grantedScopes(granted, record);
    const standard: JsonObject = {
      iss: issuer,
      sub: event.user.user_id,
      aud: scope.includes('openid') ? [audience, `${issuer}userinfo`] : audience,
      iat,
      exp: iat + (options.accessTokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS),
      scope: scope.join(' '),
      azp: event.client.client_id,
    };
    if (event.organization !== undefined) standard.org_id = event.organization.id;
    const accessToken = withCustom(
      standard,
      record.accessTokenClaims,
      record.claimBytes.accessToken,
      options.keyId,
    );
    minted.accessToken = new LazyAccessToken(accessToken, scope, options.keyId);
  }

  return overLimit('ID token', minted.idToken) ?? overLimit('access token', minted.accessToken) ?? minted;
};

const overLimit = (label: string, token: MintedToken | undefined): MintedTokens | undefined =>
  token && token.customClaimsBytes > MAX_CUSTOM_CLAIMS_BYTES
    ? {
        error: {
          message: `The ${label}'s custom claims take ${token.customClaimsBytes} bytes, over Auth0's 100 KB limit (${MAX_CUSTOM_CLAIMS_BYTES} bytes here): the login fails. Put less into the token.`,
        },
      }
    : undefined;
