/**
 * Where this app finds its tenant and API. Served as `/config.json` by whatever hosts the app
 * (`npm start`, the tests), so one bundle runs against any tenant: an app team would bake these in at
 * build time or serve them the same way.
 */
export interface SpaConfig {
  /**
   * spa-js `domain`, the one setting that names the tenant: `<tenant>.auth0.com` or, on the local
   * tenant, `http://127.0.0.1:<port>` (spa-js keeps an explicit `http://`; the issuer is `<domain>/`).
   */
  readonly domain: string;
  readonly clientId: string;
  /** Our preferences API's identifier: the audience of the access token the app asks for. */
  readonly audience: string;
  /** Where our preferences API answers. */
  readonly apiUrl: string;
}

export const CONFIG_PATH = '/config.json';

const KEYS = ['domain', 'clientId', 'audience', 'apiUrl'] as const;

export const loadSpaConfig = async (): Promise<SpaConfig> => {
  const response = await fetch(CONFIG_PATH, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${CONFIG_PATH} answered HTTP ${response.status}`);
  const config = (await response.json()) as Partial<Record<string, unknown>>;
  const missing = KEYS.filter((key) => typeof config[key] !== 'string' || config[key] === '');
  if (missing.length > 0) throw new Error(`${CONFIG_PATH} lacks ${missing.join(', ')}`);
  return config as unknown as SpaConfig;
};
