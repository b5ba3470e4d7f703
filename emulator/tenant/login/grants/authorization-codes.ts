import { type Clock, randomHandle } from '../session/handles.ts';

// RFC 6749 section 4.1.2 recommends at most ten minutes; a real login exchanges its code at once.
export const AUTHORIZATION_CODE_LIFETIME_MS = 10 * 60 * 1000;

/** Everything the token endpoint needs to finish a login the authorize endpoint started. */
export interface CodeGrant<Login> {
  clientId: string;
  redirectUri: string;
  codeChallenge: string | undefined;
  login: Login;
}

interface StoredCode<Login> {
  /**
   * What the code stands for until it is redeemed, then undefined: a redeemed code is kept only to
   * recognise a replay, and holding its login (token payloads, signatures) for the code's ten minutes
   * kept every login's tokens alive through garbage collections for nothing.
   */
  grant: CodeGrant<Login> | undefined;
  expiresAt: number;
  /** Refresh-token family minted from this code, revoked if the code is ever replayed. */
  familyId: string | undefined;
}

export type RedeemResult<Login> =
  | { ok: true; grant: CodeGrant<Login>; bindFamily(familyId: string): void }
  | { ok: false; reason: 'unknown' | 'expired' | 'replayed'; familyId?: string };

/** Authorization codes: single use, short-lived, bound to the client and redirect URI they were made for. */
export class AuthorizationCodes<Login> {
  readonly #codes = new Map<string, StoredCode<Login>>();
  readonly #clock: Clock;
  #sweptAt = Number.NEGATIVE_INFINITY;
  constructor(clock: Clock) {
    this.#clock = clock;
  }

  issue(grant: CodeGrant<Login>): string {
    this.#sweep();
    const code = randomHandle();
    this.#codes.set(code, {
      grant,
      expiresAt: this.#clock() + AUTHORIZATION_CODE_LIFETIME_MS,
      familyId: undefined,
    });
    return code;
  }

  /** Marks the code used whatever happens next: a code that failed a check is burnt too (RFC 6749 10.5). */
  redeem(code: string): RedeemResult<Login> {
    const stored = this.#codes.get(code);
    if (!stored) return { ok: false, reason: 'unknown' };
    const { grant } = stored;
    if (grant === undefined) {
      return stored.familyId === undefined
        ? { ok: false, reason: 'replayed' }
        : { ok: false, reason: 'replayed', familyId: stored.familyId };
    }
    stored.grant = undefined;
    if (stored.expiresAt <= this.#clock()) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      grant,
      bindFamily: (familyId) => {
        stored.familyId = familyId;
      },
    };
  }

  /**
   * Forgets lapsed codes, at most once a second: sweeping every code at each issue made a long run
   * quadratic (2,000 logins in, about 50 µs a login), and `redeem` refuses a lapsed one anyway.
   * Redeemed codes are kept until they expire so a replay is recognised as one.
   */
  #sweep(): void {
    const now = this.#clock();
    if (Math.abs(now - this.#sweptAt) < 1000) return;
    this.#sweptAt = now;
    for (const [code, stored] of this.#codes) if (stored.expiresAt <= now) this.#codes.delete(code);
  }
}
