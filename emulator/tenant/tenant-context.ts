import type { FaultInjector } from './faults.ts';
import type { RateWindow } from './rate-window.ts';
import type { TenantState } from './state.ts';

/** What every route sees of the tenant it belongs to. */
export interface TenantContext {
  readonly domain: string;
  /** `https://<domain>/`: the issuer of the tenant's tokens. */
  readonly issuer: string;
  /** `https://<domain>/api/v2/`: the Management API's audience. */
  readonly managementAudience: string;
  readonly state: TenantState;
  readonly buildDelayMs: number;
  readonly faults: FaultInjector;
  readonly rateWindow: RateWindow;
  /** Milliseconds since the epoch; tests pass their own clock to control build windows and expiry. */
  now(): number;
  nowIso(): string;
  /** The key that signs and checks Management API tokens. */
  readonly managementTokenKey: Uint8Array;
}
