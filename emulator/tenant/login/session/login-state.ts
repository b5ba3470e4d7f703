import type { SuspendedLogin } from '../../../actions/index.ts';
import type { AuthorizeRequest } from '../endpoints/authorize-request.ts';
import { AuthorizationCodes } from '../grants/authorization-codes.ts';
import { RefreshTokens } from '../grants/refresh-tokens.ts';
import type { SigningKeys } from '../grants/signing-keys.ts';
import type { LoginTokens } from '../post-login/post-login-input.ts';
import { ConsentGrants } from './consent.ts';
import { HandleStore } from './handle-store.ts';
import type { Clock } from './handles.ts';

// Auth0's defaults: a login session lasts 3 days of inactivity at most, opaque /userinfo tokens a day.
const SESSION_LIFETIME_MS = 3 * 24 * 3600 * 1000;
const TRANSACTION_LIFETIME_MS = 15 * 60 * 1000;
export const OPAQUE_TOKEN_LIFETIME_S = 24 * 3600;

export interface LoginSession {
  userId: string;
  authenticatedAt: number;
  /**
   * The session's public id (`event.session.id`, the ID token's `sid`). Never the cookie's handle:
   * the ID token is readable by the app's JavaScript, the cookie is HttpOnly.
   */
  sid: string;
}

/** An `/authorize` request waiting for the user on the login or consent page. */
export interface LoginTransaction {
  request: AuthorizeRequest;
  /** Set once the user has logged in and only consent is left. */
  userId: string | undefined;
  sessionId: string | undefined;
}

/** A login an Action redirected, waiting for the user to come back to `/continue`. */
export interface ContinuingLogin {
  request: AuthorizeRequest;
  userId: string;
  sessionId: string;
  suspended: SuspendedLogin;
}

/** A login whose Actions have run, waiting for its code to be exchanged. */
export interface PendingLogin {
  userId: string;
  tokens: LoginTokens;
  audience: string | undefined;
  sessionId: string | undefined;
}

/** An opaque access token: what Auth0 issues when no API audience was requested, good for /userinfo. */
export interface OpaqueGrant {
  userId: string;
  scopes: string[];
}

/** The login side of a tenant: signing key, sessions, codes, refresh tokens, user grants. */
export interface LoginState {
  readonly keys: SigningKeys;
  readonly clock: Clock;
  readonly sessions: HandleStore<LoginSession>;
  readonly transactions: HandleStore<LoginTransaction>;
  /** Keyed by the state the redirect carried. */
  readonly continuations: HandleStore<ContinuingLogin>;
  readonly codes: AuthorizationCodes<PendingLogin>;
  readonly refreshTokens: RefreshTokens;
  readonly consent: ConsentGrants;
  readonly opaqueTokens: HandleStore<OpaqueGrant>;
}

export const createLoginState = (keys: SigningKeys, clock: Clock): LoginState => ({
  keys,
  clock,
  sessions: new HandleStore(clock, SESSION_LIFETIME_MS),
  transactions: new HandleStore(clock, TRANSACTION_LIFETIME_MS),
  continuations: new HandleStore(clock, TRANSACTION_LIFETIME_MS),
  codes: new AuthorizationCodes(clock),
  refreshTokens: new RefreshTokens(clock),
  consent: new ConsentGrants(),
  opaqueTokens: new HandleStore(clock, OPAQUE_TOKEN_LIFETIME_S * 1000),
});
