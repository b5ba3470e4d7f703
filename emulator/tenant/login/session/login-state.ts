import type { AuthenticationMethod } from '../../../../core/post-login-types.ts';
import type { SuspendedLogin } from '../../../actions/index.ts';
import type { AuthorizeRequest } from '../endpoints/authorize-request.ts';
import { AuthorizationCodes } from '../grants/authorization-codes.ts';
import { RefreshTokens } from '../grants/refresh-tokens.ts';
import type { SigningKeys } from '../grants/signing-keys.ts';
import type { EarlySignatures, LoginTokens } from '../post-login/post-login-input.ts';
import { ConsentGrants } from './consent.ts';
import { HandleStore } from './handle-store.ts';
import { type Clock, publicId } from './handles.ts';
import { type CookieMode, SESSION_LIFETIME_S } from './session-cookie.ts';
import type { SimulatedRequest } from './simulated-request.ts';

// Auth0's defaults: a login session lasts 3 days of inactivity at most, opaque /userinfo tokens a day.
const SESSION_LIFETIME_MS = SESSION_LIFETIME_S * 1000;
const TRANSACTION_LIFETIME_MS = 15 * 60 * 1000;
export const OPAQUE_TOKEN_LIFETIME_S = 24 * 3600;

export interface LoginSession {
  userId: string;
  authenticatedAt: number;
  /**
   * The methods completed in this session, each with when (`event.authentication.methods`): the
   * password at login, MFA when a challenge or enrollment was completed, and what Actions recorded.
   */
  methods: AuthenticationMethod[];
  /** What Actions stored with `api.session.setMetadata` (`event.session.metadata`). */
  metadata: Record<string, string>;
  /** Set by `api.session.setCookieMode`; persistent otherwise, Auth0's default. */
  cookieMode?: CookieMode;
  /**
   * The session's public id (`event.session.id`, the ID token's `sid`). Never the cookie's handle:
   * the ID token is readable by the app's JavaScript, the cookie is HttpOnly.
   */
  sid: string;
  /** What the person said about their request on the login page, for this session's logins. */
  simulated?: SimulatedRequest;
}

/** A session that starts with a password login now. */
export const startSession = (state: LoginState, userId: string, simulated?: SimulatedRequest): string => {
  const now = state.clock();
  return state.sessions.add({
    userId,
    authenticatedAt: now,
    sid: publicId(),
    methods: [{ name: 'pwd', timestamp: new Date(now).toISOString() }],
    metadata: {},
    ...(simulated && Object.keys(simulated).length > 0 ? { simulated } : {}),
  });
};

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
  /** The tokens' signatures, started when the code was issued. */
  signatures?: EarlySignatures;
  audience: string | undefined;
  sessionId: string | undefined;
  /** The organization the login was for: its refresh tokens stay in it. */
  organizationId?: string;
}

/** An opaque access token: what Auth0 issues when no API audience was requested, good for /userinfo. */
export interface OpaqueGrant {
  userId: string;
  scopes: string[];
  /** The custom claims the Actions put on the login's ID token, which /userinfo returns too. */
  customClaims: Record<string, unknown>;
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
  /** The ID token's custom claims for each signed access token /userinfo accepts, by token. */
  readonly userinfoClaims: HandleStore<Record<string, unknown>>;
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
  userinfoClaims: new HandleStore(clock, OPAQUE_TOKEN_LIFETIME_S * 1000),
});
