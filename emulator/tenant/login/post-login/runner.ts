import { ACTIONS_DIR } from '../../../../core/paths.ts';
import {
  ActionCache,
  type LoadedAction,
  type LoginOutcome,
  loadBundledAction,
  type RunOptions,
  runPostLoginFlow,
} from '../../../actions/index.ts';
import { type BoundVersion, boundVersionsFor } from '../../bound-actions.ts';
import type { TenantContext } from '../../tenant-context.ts';
import { applyMetadataWrites } from '../directory.ts';
import { OAuthError } from '../oauth-error.ts';
import { splitScopes } from '../params.ts';
import { buildLoginEvent } from './event.ts';
import { factorsOnTenant } from './mfa-factors.ts';
import type { LoginEffects, PostLoginInput, PostLoginResult, RunPostLogin } from './post-login-input.ts';
import { applyRbac } from './rbac.ts';

// Auth0's default lifetimes: an ID token 10 hours, an API's access token 24 hours.
const DEFAULT_ID_TOKEN_LIFETIME_S = 36_000;
const DEFAULT_ACCESS_TOKEN_LIFETIME_S = 86_400;

export interface PostLoginRunnerOptions {
  tenant: TenantContext;
  /** The signing key's `kid`, so the runtime's encoded token sizes match the signed tokens. */
  keyId: string;
  /** Sees every run's outcome (Action logs, token sizes); `npm start` prints from it. */
  onOutcome?: (outcome: LoginOutcome, input: PostLoginInput) => void;
  /** msw handlers that answer the Actions' outbound requests (`npm start -- --stubs FILE`). */
  handlers?: RunOptions['handlers'];
}

/** How a flow that minted no tokens ends: an error for the app, a redirect, or a page to show. */
const answerOf = (
  tenant: TenantContext,
  outcome: LoginOutcome,
  input: PostLoginInput,
): PostLoginResult | undefined => {
  // Auth0 fails the authorization with interaction_required when an Action tries to redirect a
  // prompt=none login, even if the Action caught the error the redirect threw.
  if (outcome.redirect?.refused !== undefined && splitScopes(input.query.prompt).includes('none')) {
    return { ok: false, error: new OAuthError(400, 'interaction_required', outcome.redirect.refused) };
  }
  // An Action that throws fails the login as a denial would: access_denied, with its message; the
  // local tenant adds which Action and where, so a person finds the line without the logs.
  if (outcome.error) {
    const { message, action, source } = outcome.error;
    const where = source ? `, ${source.file}:${source.line}` : '';
    const description = action ? `${message} (Action ${action}${where})` : message;
    return { ok: false, error: new OAuthError(403, 'access_denied', description) };
  }
  if (outcome.denied)
    return { ok: false, error: new OAuthError(403, 'access_denied', outcome.denied.reason) };
  if (outcome.suspended && outcome.redirect) {
    return { ok: 'redirect', url: outcome.redirect.url, suspended: outcome.suspended };
  }
  if (outcome.suspended) {
    const suspended = factorsOnTenant(tenant, input, outcome.suspended);
    return suspended instanceof OAuthError ? { ok: false, error: suspended } : { ok: 'suspended', suspended };
  }
  return undefined;
};

/**
 * Runs a login through the post-login Actions deployed and bound in the tenant, in binding order,
 * with the emulator's runtime, then saves their metadata writes to the user (a denied login's too,
 * as Auth0 does). Each deployed version is loaded once and kept warm, like an Auth0 instance: module
 * code runs once per version, and a redeploy loads the new code with that version's secrets.
 */
export const createPostLoginRunner = (options: PostLoginRunnerOptions): RunPostLogin => {
  const { tenant } = options;
  const loaded = new Map<string, Promise<LoadedAction>>();
  /** The versions that have loaded, so a login whose Actions all have runs them without waiting. */
  const ready = new Map<string, LoadedAction>();
  // Auth0 scopes api.cache to the trigger: every bound Action and every deployed version shares it.
  const cache = new ActionCache();
  const load = (bound: BoundVersion): Promise<LoadedAction> => {
    let instance = loaded.get(bound.key);
    if (!instance) {
      const action = bound.bind();
      instance = loadBundledAction(
        { name: action.name, code: action.code },
        // Declared npm modules (the Action's and its modules') are installed beside the team's
        // Actions (actions/package.json).
        {
          secrets: action.secrets,
          cache,
          dependencies: { declared: action.dependencies, from: ACTIONS_DIR },
          modules: action.modules.map((module) => ({
            name: module.name,
            version: module.versionNumber,
            code: module.code,
            secrets: module.secrets,
            dependencies: { declared: module.dependencies, from: ACTIONS_DIR },
          })),
        },
      );
      loaded.set(bound.key, instance);
      instance.then(
        (action) => ready.set(bound.key, action),
        () => {},
      );
    }
    return instance;
  };
  const allReady = (bound: readonly BoundVersion[]): LoadedAction[] | undefined => {
    const actions: LoadedAction[] = [];
    for (const version of bound) {
      const action = ready.get(version.key);
      if (action === undefined) return undefined;
      actions.push(action);
    }
    return actions;
  };

  return async (input) => {
    const bound = boundVersionsFor(tenant.state, 'post-login');
    let actions = allReady(bound);
    if (actions === undefined) {
      try {
        actions = await Promise.all(bound.map(load));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          error: new OAuthError(500, 'server_error', `a post-login Action could not load: ${message}`),
        };
      }
    }
    const event = buildLoginEvent(tenant, input, tenant.now());
    const rbac = applyRbac(
      tenant,
      input.user.user_id,
      input.resourceServer,
      input.scopes,
      input.organization?.id,
    );
    const outcome = await runPostLoginFlow(actions, event, {
      domain: tenant.domain,
      issuer: tenant.issuer,
      now: tenant.now,
      nonce: input.nonce,
      grantedScopes: rbac.scopes,
      resume: input.resume,
      cache,
      keyId: options.keyId,
      handlers: options.handlers,
      idTokenLifetimeSeconds:
        input.client.jwt_configuration?.lifetime_in_seconds ?? DEFAULT_ID_TOKEN_LIFETIME_S,
      accessTokenLifetimeSeconds: input.resourceServer?.token_lifetime ?? DEFAULT_ACCESS_TOKEN_LIFETIME_S,
    });
    options.onOutcome?.(outcome, input);
    applyMetadataWrites(tenant, input.user.user_id, outcome.metadataWrites);
    const effects: LoginEffects = {
      authenticationMethods: outcome.authenticationMethods,
      session: outcome.session,
      refreshToken: outcome.refreshToken,
    };
    const answer = answerOf(tenant, outcome, input);
    if (answer) return { ...answer, effects };
    const accessToken = outcome.accessToken;
    if (accessToken && rbac.permissions) accessToken.payload.permissions = rbac.permissions;
    // "Use Organization Names in Authentication API": with the tenant setting on, both tokens name it.
    const orgName = tenant.state.settings.allow_organization_name_in_authentication_api
      ? input.organization?.name
      : undefined;
    if (orgName !== undefined) {
      if (outcome.idToken) outcome.idToken.payload.org_name = orgName;
      if (accessToken) accessToken.payload.org_name = orgName;
    }
    return {
      ok: true,
      effects,
      tokens: {
        idToken:
          outcome.idToken && input.authTime !== undefined
            ? { ...outcome.idToken.payload, auth_time: input.authTime }
            : outcome.idToken?.payload,
        accessToken: accessToken?.payload,
        scopes: accessToken?.scope ?? rbac.scopes,
        expiresIn: input.resourceServer?.token_lifetime ?? DEFAULT_ACCESS_TOKEN_LIFETIME_S,
      },
    };
  };
};
