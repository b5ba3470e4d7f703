import { loadEnvironment } from '../deploy/environment.ts';
import type { LocalTenant } from '../emulator/tenant/local-tenant.ts';
import { LocalError } from './errors.ts';

/** The machine-to-machine client tenant.yaml declares for our API, granted read:users and update:users. */
export const PREFERENCES_API_CLIENT = 'Preferences API (Management API access)';

/** `npm run api`'s default port, or the next one free of this process's two (so never all three). */
const OTHER_TERMINAL_PORTS = [3001, 3002, 3003];

export interface LocalApiSettings {
  /** Where the tenant answers on loopback. */
  readonly tenantUrl: string;
  /** Ports this process already holds; the variables name another one for `npm run api`. */
  readonly takenPorts: readonly number[];
  /** The mapping file the values come from (default `local`, as the deploy used). */
  readonly env?: string;
  /** The folder of environments/ (default `tenant/`). */
  readonly tenantDir?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The environment variables that run `npm run api` against the deployed local tenant: the tenant's
 * domain (the issuer) and loopback URL, our API's identifier and the browser origins from the
 * mapping, and the credentials of the API's own client as the deploy created them. `npm start`
 * configures its own API from these very variables, through the same `readConfig`.
 */
export const localApiEnvironment = async (
  tenant: LocalTenant,
  settings: LocalApiSettings,
): Promise<Record<string, string>> => {
  const mapping = await loadEnvironment(settings.env ?? 'local', settings.tenantDir);
  const audience = text(mapping.values.API_IDENTIFIER);
  if (!audience) {
    throw new LocalError(
      'E_UNKNOWN_ENVIRONMENT',
      `${mapping.name}.json has no API_IDENTIFIER string; set it to our API's identifier`,
    );
  }
  const origins = mapping.values.SPA_ORIGINS;
  const client = tenant.state.clients.find((candidate) => candidate.name === PREFERENCES_API_CLIENT);
  if (!client?.client_secret) {
    throw new LocalError(
      'E_NOT_CONVERGED',
      `after the deploy the local tenant has no client "${PREFERENCES_API_CLIENT}" with a secret; tenant/tenant.yaml must declare it`,
    );
  }
  const port = OTHER_TERMINAL_PORTS.find((candidate) => !settings.takenPorts.includes(candidate)) ?? 3004;
  return {
    AUTH0_DOMAIN: tenant.domain,
    AUTH0_BASE_URL: settings.tenantUrl,
    API_AUDIENCE: audience,
    AUTH0_CLIENT_ID: client.client_id,
    AUTH0_CLIENT_SECRET: client.client_secret,
    ALLOWED_ORIGINS: Array.isArray(origins)
      ? origins.filter((origin) => typeof origin === 'string').join(',')
      : '',
    PORT: String(port),
  };
};
