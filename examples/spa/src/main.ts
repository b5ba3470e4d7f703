import { Auth0Client, type User } from '@auth0/auth0-spa-js';
import {
  readOrganization,
  readPreferences,
  refreshClaims,
  USER_METADATA_CLAIM,
  updatePreferences,
} from '../../../app/index.ts';
import { contractClaimRows } from './claim-rows.ts';
import { decodeJwtPayload } from './jwt-payload.ts';
import { patchFromForm, preferenceFormFields } from './preference-form.ts';
import { viewOfResult } from './result-view.ts';
import { loadSpaConfig, type SpaConfig } from './spa-config.ts';
import {
  byId,
  clearFieldErrors,
  formInputs,
  renderChanges,
  renderClaimRows,
  renderForm,
  renderResult,
  restoreInputs,
  showFieldError,
} from './view.ts';

/** The scopes our API checks, plus offline_access for the refresh token spa-js refreshes with. */
const SCOPE = 'openid profile email offline_access read:preferences update:preferences';

/** What a login redirect carries through the tenant and back: the values the user had typed. */
interface AppState {
  readonly unsaved?: Record<string, string>;
}

const fields = preferenceFormFields();
const form = byId<HTMLFormElement>('preferences');
const status = byId('status');
const result = byId('result');

const say = (text: string): void => {
  status.textContent = text;
};

const labelOf = (path: string): string => fields.find((field) => field.path === path)?.label ?? path;

/** The page follows the user's own claims: their colour scheme and language. */
const applyPreferences = (user: User | undefined): void => {
  const { preferences } = readPreferences(user);
  document.documentElement.dataset.theme = preferences?.theme ?? 'system';
  document.documentElement.lang = preferences?.language ?? 'en';
};

const showClaims = async (client: Auth0Client): Promise<User | undefined> => {
  const user = await client.getUser();
  applyPreferences(user);
  byId('greeting').textContent = `Signed in as ${user?.name ?? user?.email ?? user?.sub ?? 'unknown'}`;
  const organization = readOrganization(user);
  const line = byId('organization-line');
  line.hidden = organization === undefined;
  line.textContent = organization
    ? `Organization: ${organization.name ? `${organization.name} (${organization.id})` : organization.id}`
    : '';
  renderClaimRows(
    byId('id-claims'),
    contractClaimRows({ [USER_METADATA_CLAIM]: readPreferences(user) }, 'id_token'),
  );
  try {
    const accessToken = await client.getTokenSilently();
    renderClaimRows(
      byId('access-claims'),
      contractClaimRows(decodeJwtPayload(accessToken ?? ''), 'access_token'),
    );
  } catch (error) {
    byId('access-claims').textContent = `No access token for our API: ${(error as Error).message}`;
  }
  return user;
};

const showSignedIn = async (client: Auth0Client, unsaved: AppState['unsaved']): Promise<void> => {
  byId('signed-out').hidden = true;
  byId('signed-in').hidden = false;
  const user = await showClaims(client);
  renderForm(byId('fields'), fields, readPreferences(user));
  if (unsaved) {
    restoreInputs(form, unsaved);
    say('Your unsaved changes are back in the form: press Save.');
  } else {
    say('');
  }
};

/**
 * A login to the organization typed on the page (or linked as `?organization=acme`), if any: spa-js
 * sends it to /authorize and checks the ID token's org_id (or org_name) against it.
 */
const logIn = (client: Auth0Client, unsaved?: Record<string, string>): Promise<void> => {
  const organization = byId<HTMLInputElement>('organization').value.trim();
  return client.loginWithRedirect<AppState>({
    appState: unsaved ? { unsaved } : {},
    ...(organization ? { authorizationParams: { organization } } : {}),
  });
};

const save = async (client: Auth0Client, config: SpaConfig): Promise<void> => {
  clearFieldErrors(form);
  const user = await client.getUser();
  const before = readPreferences(user);
  const patch = patchFromForm(fields, before, formInputs(form));
  if (Object.keys(patch).length === 0) {
    say('Nothing to save: change a field first.');
    return;
  }
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (submit) submit.disabled = true;
  form.setAttribute('aria-busy', 'true');
  say('Saving…');
  const rowsBefore = contractClaimRows({ [USER_METADATA_CLAIM]: before }, 'id_token');
  const outcome = await updatePreferences(client, config.apiUrl, patch);
  form.removeAttribute('aria-busy');
  if (submit) submit.disabled = false;
  say('');
  const view = viewOfResult(outcome, labelOf);
  renderResult(result, view, (step) => {
    if (step === 'log-in') void logIn(client, Object.fromEntries(formInputs(form)));
    if (step === 'retry') form.requestSubmit();
    if (step === 'refresh-claims') void refreshClaims(client).then(() => showSignedIn(client, undefined));
  });
  if (outcome.status === 'updated') {
    const after = await showClaims(client);
    renderForm(byId('fields'), fields, readPreferences(after));
    renderChanges(
      byId('changes-table'),
      rowsBefore,
      contractClaimRows({ [USER_METADATA_CLAIM]: outcome.claims }, 'id_token'),
    );
    byId('changes').hidden = false;
  }
  if (view.field === null || !showFieldError(form, view.field, view.detail)) result.focus();
};

const start = async (): Promise<void> => {
  const config = await loadSpaConfig();
  const client = new Auth0Client({
    domain: config.domain,
    clientId: config.clientId,
    // Rotating refresh tokens in local storage: the session survives a reload without the hidden
    // iframe, which browsers that block third-party cookies break. Auth0: "Use Refresh Token
    // Rotation" (https://auth0.com/docs/secure/tokens/refresh-tokens/use-refresh-token-rotation) and
    // "Configure Silent Authentication" (https://auth0.com/docs/authenticate/login/configure-silent-authentication).
    useRefreshTokens: true,
    // Without a refresh token (one from before rotation was on, or removed), a silent login in a
    // hidden iframe (prompt=none, response_mode=web_message) as the quickstarts' default does.
    useRefreshTokensFallback: true,
    cacheLocation: 'localstorage',
    authorizationParams: {
      redirect_uri: `${location.origin}/callback`,
      audience: config.audience,
      scope: SCOPE,
    },
  });
  byId('login').addEventListener('click', () => void logIn(client));
  byId('logout').addEventListener('click', () => {
    say('Logging out…');
    void client.logout({ logoutParams: { returnTo: `${location.origin}/` } });
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save(client, config);
  });

  let unsaved: AppState['unsaved'];
  const query = new URLSearchParams(location.search);
  // A customer's login link names their organization; it is only a default the person can change.
  byId<HTMLInputElement>('organization').value = query.get('organization') ?? '';
  if (query.has('state') && (query.has('code') || query.has('error'))) {
    try {
      unsaved = (await client.handleRedirectCallback<AppState>()).appState?.unsaved;
    } catch (error) {
      say(`Login failed: ${(error as Error).message}`);
    }
    history.replaceState(null, '', '/');
  }
  if (await client.isAuthenticated()) {
    await showSignedIn(client, unsaved);
    if (query.has('code')) byId('greeting').focus();
  } else {
    byId('signed-in').hidden = true;
    byId('signed-out').hidden = false;
    if (!status.textContent?.startsWith('Login failed')) say('');
  }
};

start().catch((error: Error) => say(`The app could not start: ${error.message}`));
