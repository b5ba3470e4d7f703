import type { SuspendedLogin } from '../../../actions/index.ts';
import type { ClientRecord, ResourceServerRecord, UserRecord } from '../../state.ts';
import type { OAuthError } from '../oauth-error.ts';
import type { Params } from '../params.ts';

/** How a token request came about, as `event.transaction.protocol` names it. */
export type LoginProtocol = 'oidc-basic-profile' | 'oauth2-refresh-token';

/** One run of the post-login flow: a fresh login at `/authorize` or a refresh-token exchange. */
export interface PostLoginInput {
  protocol: LoginProtocol;
  user: UserRecord;
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
}

/** Token payloads, unsigned: the endpoint that hands them out signs them. */
export interface LoginTokens {
  idToken: Record<string, unknown> | undefined;
  /** Undefined when no API audience was requested: the access token is then opaque, for /userinfo. */
  accessToken: Record<string, unknown> | undefined;
  scopes: string[];
  expiresIn: number;
}

export type PostLoginResult =
  | { ok: true; tokens: LoginTokens }
  | { ok: false; error: OAuthError }
  /** An Action sent the user to `url`; `/continue?state=<suspended.state>` resumes the login. */
  | { ok: 'redirect'; url: string; suspended: SuspendedLogin };

/** Runs the tenant's deployed post-login Actions and turns their outcome into token payloads. */
export type RunPostLogin = (input: PostLoginInput) => Promise<PostLoginResult>;
