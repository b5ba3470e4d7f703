import { randomBytes } from 'node:crypto';
import { s256Challenge } from './grants/pkce.ts';
import type { TokenResponseBody } from './grants/token-response.ts';
import { LOGIN_PATHS } from './paths.ts';

export interface HeadlessLoginOptions {
  /** Where the tenant answers: `https://<domain>` in-process, `http://127.0.0.1:<port>` on loopback. */
  baseUrl: string;
  clientId: string;
  redirectUri: string;
  audience?: string;
  scope?: string;
  /** The seeded user to pick on the login page: user id or email. */
  user: string;
  /** The organization to log in to (`organization`: an id, or a name when the tenant allows names). */
  organization?: string;
  /** What to answer on an organization prompt (a name before the login, or one to pick after it). */
  organizationPrompt?: string;
  /** Cookie header of an existing session (from `loginAs`), to skip the login page. */
  cookie?: string;
  fetch?: typeof fetch;
}

export interface HeadlessLogin {
  tokens: TokenResponseBody;
  /** The session cookie the login left, for a later `prompt=none`. */
  cookie: string | undefined;
  /** Milliseconds spent on the token request alone (the code exchange). */
  exchangeMs: number;
  /** The nonce sent to `/authorize`, which the ID token must carry back. */
  nonce: string;
}

const hiddenState = (html: string): string => {
  const match = /name="state" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`expected a login or consent form, got: ${html.slice(0, 200)}`);
  return match[1];
};

const form = (params: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(params).toString(),
  redirect: 'manual' as const,
});

/**
 * Logs a seeded user in the way a browser would: `/authorize` with PKCE, the login page, the consent
 * page when the tenant asks for it, an MFA page when an Action asks for it, then the code exchange. For tests, `npm start` and the benchmark;
 * an error names the step that failed and what the tenant answered.
 */
export const loginHeadless = async (options: HeadlessLoginOptions): Promise<HeadlessLogin> => {
  const call = options.fetch ?? fetch;
  const at = (path: string) => new URL(path, options.baseUrl).toString();
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(12).toString('base64url');
  const nonce = randomBytes(12).toString('base64url');
  const authorize = new URL(at(LOGIN_PATHS.authorize));
  const query: Record<string, string> = {
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scope ?? 'openid profile email offline_access',
    state,
    nonce,
    code_challenge: s256Challenge(verifier),
    code_challenge_method: 'S256',
    ...(options.audience ? { audience: options.audience } : {}),
    ...(options.organization ? { organization: options.organization } : {}),
  };
  for (const [key, value] of Object.entries(query)) authorize.searchParams.set(key, value);

  let cookie = options.cookie;
  let response = await call(authorize, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  for (let step = 0; response.status === 200 && step < 4; step += 1) {
    const html = await response.text();
    if (html.includes(`action="${LOGIN_PATHS.promptForm}"`)) {
      throw new Error(
        `login of ${options.user} stopped at a form an Action rendered (api.prompt.render); a headless login cannot fill it: complete it in a browser`,
      );
    }
    // Consent and the loopback login confirmation are accepted, and the first MFA factor offered
    // completed, as the person running it would.
    const accept = [LOGIN_PATHS.consentForm, LOGIN_PATHS.confirmForm].find((path) =>
      html.includes(`action="${path}"`),
    );
    const factor = /name="factor" value="([^"]+)"/.exec(html)?.[1];
    const organization = html.includes(`action="${LOGIN_PATHS.organizationForm}"`)
      ? options.organizationPrompt
      : undefined;
    response = organization
      ? await call(at(LOGIN_PATHS.organizationForm), form({ state: hiddenState(html), organization }))
      : accept
        ? await call(at(accept), form({ state: hiddenState(html), decision: 'accept' }))
        : factor
          ? await call(at(LOGIN_PATHS.mfaForm), form({ state: hiddenState(html), factor }))
          : await call(at(LOGIN_PATHS.loginForm), form({ state: hiddenState(html), username: options.user }));
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    // An organization named on the prompt before the login starts `/authorize` again with its id.
    const next = response.status === 302 ? response.headers.get('location') : null;
    if (next && new URL(next, options.baseUrl).pathname === LOGIN_PATHS.authorize) {
      response = await call(new URL(next, options.baseUrl), {
        redirect: 'manual',
        headers: cookie ? { cookie } : {},
      });
    }
  }
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(
      `login of ${options.user} stopped at ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  }
  const target = new URL(location);
  if (target.origin + target.pathname !== new URL(options.redirectUri).href.split('?')[0]) {
    throw new Error(
      `login of ${options.user} was sent to ${target.origin}${target.pathname} by a redirect Action; a headless login cannot follow it (answer it at ${LOGIN_PATHS.continue} with its state)`,
    );
  }
  const back = target.searchParams;
  const code = back.get('code');
  if (back.get('state') !== state) throw new Error(`login of ${options.user}: state did not round-trip`);
  if (!code) {
    throw new Error(
      `login of ${options.user} refused: ${back.get('error')}: ${back.get('error_description')}`,
    );
  }

  const started = performance.now();
  const exchange = await call(at(LOGIN_PATHS.token), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: options.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: options.redirectUri,
    }).toString(),
  });
  const body: unknown = await exchange.json();
  const exchangeMs = performance.now() - started;
  if (!exchange.ok) throw new Error(`code exchange for ${options.user} refused: ${JSON.stringify(body)}`);
  return { tokens: body as TokenResponseBody, cookie, exchangeMs, nonce };
};
