import type { AuthenticationMethod } from '../../../../core/post-login-types.ts';
import type { LoginOutcome, SuspendedLogin } from '../../../actions/index.ts';
import type { OrganizationSummary } from '../../organization-state.ts';
import type { ClientRecord, ResourceServerRecord, UserRecord } from '../../state.ts';
import type { OAuthError } from '../oauth-error.ts';
import type { Params } from '../params.ts';
import type { CookieMode } from '../session/session-cookie.ts';
import type { SimulatedRequest } from '../session/simulated-request.ts';

/** How a token request came about, as `event.transaction.protocol` names it. */
export type LoginProtocol = 'oidc-basic-profile' | 'oauth2-refresh-token';

/** One run of the post-login flow: a fresh login at `/authorize` or a refresh-token exchange. */
export interface PostLoginInput {
  protocol: LoginProtocol;
  /**
   * The stored user as it is now, read and never written here: the event is the login's copy of it
   * (`buildLoginEvent`), so the Actions never hold the tenant's record.
   */
  user: Readonly<UserRecord>;
  client: ClientRecord;
  resourceServer: ResourceServerRecord | undefined;
  /** What the client asked for: `event.transaction.requested_scopes`. */
  requestedScopes: string[];
  /** What the tenant grants: the requested scopes minus those it drops; the Actions start from these. */
  scopes: string[];
  nonce: string | undefined;
  sessionId: string | undefined;
  refreshTokenFamily: string | undefined;
  /** The HTTP request behind it, for `event.request` (ip, user agent, query, body). */
  request: Request;
  query: Params;
  body: Params;
  redirectUri: string | undefined;
  state: string | undefined;
  /** Set at `/continue`: the login an Action redirected, resumed where it stopped. */
  resume?: SuspendedLogin;
  /**
   * When the user last authenticated (seconds), for the ID token's `auth_time`: given when the login
   * asked for `max_age` or `prompt=login`, as Auth0 then issues it.
   */
  authTime?: number;
  /** What the request is said to look like where the tenant cannot see it (geoip, a real address...). */
  simulated?: SimulatedRequest;
  /**
   * The login session as earlier logins left it: its completed methods with when, the metadata
   * Actions stored, its cookie mode. Absent: a password login now, nothing stored.
   */
  session?: { methods: AuthenticationMethod[]; metadata: Record<string, string>; cookieMode?: CookieMode };
  /** What earlier Actions stored on the refresh token (`event.refresh_token.metadata`). */
  refreshTokenMetadata?: Record<string, string>;
  /** The organization the login is for (`event.organization`; `org_id` in the tokens). */
  organization?: OrganizationSummary;
  /** At `/continue` after a form (`api.prompt.render`): what the form collected, for `event.prompt`. */
  prompt?: { id: string; fields: Record<string, string>; vars?: Record<string, unknown> };
}

/**
 * What the Actions asked of the login's session and refresh token, and the methods they recorded:
 * the endpoint that holds the session applies it, whatever the login's result.
 */
export type LoginEffects = Pick<LoginOutcome, 'authenticationMethods' | 'session' | 'refreshToken'>;

/** Token payloads, unsigned: the endpoint that hands them out signs them. */
export interface LoginTokens {
  idToken: Record<string, unknown> | undefined;
  /** Undefined when no API audience was requested: the access token is then opaque, for /userinfo. */
  accessToken: Record<string, unknown> | undefined;
  scopes: string[];
  expiresIn: number;
}

/**
 * A login's two signatures, started when its authorization code is issued (the ID token's once the
 * redirect is out, see token-response.ts), so the code exchange takes them ready: they were made
 * while the app followed the redirect, 0.3 to 0.5 ms off a
 * sequential login's p50 of 3.8 to 5.1 ms on this machine's 2 cores. RS256 (PKCS #1 v1.5) signatures
 * are deterministic and the payloads are fixed when the code is issued, so the tokens are byte for
 * byte those the exchange would sign. A signature that failed comes back undefined and is signed
 * again at the exchange, where its error then surfaces; a code never exchanged leaves no unhandled
 * rejection behind.
 */
export interface EarlySignatures {
  readonly idToken: Promise<string | undefined> | undefined;
  readonly accessToken: Promise<string | undefined> | undefined;
}

export type PostLoginResult = (
  | { ok: true; tokens: LoginTokens }
  | { ok: false; error: OAuthError }
  /** An Action sent the user to `url`; `/continue?state=<suspended.state>` resumes the login. */
  | { ok: 'redirect'; url: string; suspended: SuspendedLogin }
  /** An Action asked for MFA or a form: the tenant shows its page, which resumes the login. */
  | { ok: 'suspended'; suspended: SuspendedLogin }
) & { effects?: LoginEffects };

/** Runs the tenant's deployed post-login Actions and turns their outcome into token payloads. */
export type RunPostLogin = (input: PostLoginInput) => Promise<PostLoginResult>;
