import type { FaultInjector } from './faults.ts';
import type { SigningKeys } from './login/grants/signing-keys.ts';
import type { RateWindow } from './rate-window.ts';
import type { TenantState } from './state.ts';

/** What every route sees of the tenant it belongs to. */
export interface TenantContext {
  /** The tenant's name: msw answers `https://<domain>/` in-process, and `--env local` maps to it. */
  readonly domain: string;
  /**
   * Where the tenant is served, with a trailing slash as Auth0 writes it: `https://<domain>/`
   * in-process, the loopback URL (`http://127.0.0.1:4000/`) while it listens there. Tokens' `iss`,
   * discovery and every endpoint URL use it; set it only through `serveTenantAt` (issuer.ts).
   */
  issuer: string;
  /**
   * `https://<domain>/api/v2/`: the Management API's audience names the tenant, not the URL it is
   * served at, as on Auth0, whose audience is `https://{tenant}.auth0.com/api/v2/` under a custom
   * domain too ("Get Access Tokens"); tenant.yaml's grants write it `https://##AUTH0_DOMAIN##/api/v2/`.
   */
  readonly managementAudience: string;
  readonly state: TenantState;
  readonly buildDelayMs: number;
  readonly faults: FaultInjector;
  readonly rateWindow: RateWindow;
  /** Milliseconds since the epoch; tests pass their own clock to control build windows and expiry. */
  now(): number;
  nowIso(): string;
  /** The RS256 key every token of the tenant is signed with (made on first use unless given). */
  signingKeys(): Promise<SigningKeys>;
  /** How many requests the tenant is answering right now (counted by `handle`): 0 when it is idle. */
  readonly load: { answering: number };
}
