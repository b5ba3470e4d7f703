import { type Clock, randomHandle } from '../session/handles.ts';

/** What a refresh token stands for: a user's grant to a client, for an audience and scopes. */
export interface RefreshGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  audience: string | undefined;
  sessionId: string | undefined;
  /** The organization of the login: every exchange is for it again. */
  organizationId?: string;
}

/** An expiring refresh token's lifetimes in seconds; undefined for one that is unlimited. */
export interface RefreshLifetime {
  /** Of the whole family, counted from the login: rotation hands out new tokens, never more time. */
  absoluteSeconds: number | undefined;
  /** How long a token may go unused; each exchange starts it again. */
  idleSeconds: number | undefined;
}

interface StoredRefreshToken {
  familyId: string;
  /** The family's absolute expiry (ms), counted from the login; undefined for non-expiring tokens. */
  expiresAt: number | undefined;
  idleMs: number | undefined;
  /** When this token dies unused (ms); moved on by each exchange. */
  idleExpiresAt: number | undefined;
  grant: RefreshGrant;
  createdAt: number;
  /** Set once this token has been exchanged under rotation; presenting it again is reuse. */
  rotatedAt: number | undefined;
  /** The token its latest exchange handed out. */
  successor: string | undefined;
}

interface FamilyChanges {
  expiresAt?: number;
  idleExpiresAt?: number;
  metadata: Record<string, string>;
}

export type RefreshExchange =
  | { ok: true; grant: RefreshGrant; familyId: string; refreshToken: string }
  | { ok: false; reason: 'unknown' | 'reused' | 'wrong_client' };

/**
 * Refresh tokens grouped into families (one per login). Under rotation each token is single use and
 * its exchange returns the next one; presenting an already-rotated token means two parties hold the
 * family, so the whole family is revoked, as Auth0's automatic reuse detection does. The client's
 * reuse interval (`leeway`) lets the token just rotated be exchanged again for that many seconds
 * (two tabs refreshing at once); an older token, or the same one after the interval, is reuse.
 */
export class RefreshTokens {
  readonly #tokens = new Map<string, StoredRefreshToken>();
  /** What Actions asked of a family (`api.refreshToken`): earlier expiries, and its metadata. */
  readonly #families = new Map<string, FamilyChanges>();
  readonly #clock: Clock;
  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Starts a new family for a fresh login and returns its first token; no lifetime: never expires. */
  issue(grant: RefreshGrant, lifetime?: RefreshLifetime): { refreshToken: string; familyId: string } {
    const familyId = randomHandle();
    const absolute = lifetime?.absoluteSeconds;
    const idle = lifetime?.idleSeconds;
    const expiresAt = absolute === undefined ? undefined : this.#clock() + absolute * 1000;
    const idleMs = idle === undefined ? undefined : idle * 1000;
    return { refreshToken: this.#mint(familyId, grant, expiresAt, idleMs), familyId };
  }

  /**
   * Checks a token without using it up, so the post-login Actions can run before it is rotated (a
   * denied refresh leaves the token as it was). Reuse of a rotated token revokes the family here.
   */
  inspect(refreshToken: string, clientId: string, leewaySeconds = 0): RefreshExchange {
    const stored = this.#tokens.get(refreshToken);
    if (!stored) return { ok: false, reason: 'unknown' };
    const now = this.#clock();
    const family = this.#families.get(stored.familyId);
    const lapsed = [stored.expiresAt, stored.idleExpiresAt, family?.expiresAt, family?.idleExpiresAt].some(
      (at) => at !== undefined && at <= now,
    );
    if (lapsed) {
      this.revokeFamily(stored.familyId);
      return { ok: false, reason: 'unknown' };
    }
    if (stored.grant.clientId !== clientId) return { ok: false, reason: 'wrong_client' };
    if (stored.rotatedAt !== undefined && !this.#withinReuseInterval(stored, now, leewaySeconds)) {
      this.revokeFamily(stored.familyId);
      return { ok: false, reason: 'reused' };
    }
    return { ok: true, grant: stored.grant, familyId: stored.familyId, refreshToken };
  }

  /**
   * Exchanges a token. With `rotate`, the presented token is retired and a new one of the same family
   * returned; without, the same token stays valid and is returned again.
   */
  exchange(refreshToken: string, clientId: string, rotate: boolean, leewaySeconds = 0): RefreshExchange {
    const checked = this.inspect(refreshToken, clientId, leewaySeconds);
    const stored = this.#tokens.get(refreshToken);
    if (!checked.ok || !stored) return checked;
    if (!rotate) {
      stored.idleExpiresAt = this.#idleExpiry(stored.idleMs);
      return checked;
    }
    // The interval runs from the first rotation: exchanging again within it does not extend it.
    stored.rotatedAt ??= this.#clock();
    const next = this.#mint(stored.familyId, stored.grant, stored.expiresAt, stored.idleMs);
    stored.successor = next;
    return { ok: true, grant: stored.grant, familyId: stored.familyId, refreshToken: next };
  }

  /** Forgets every token of the family, so each of them is from now on unknown. */
  revokeFamily(familyId: string): void {
    for (const [token, stored] of this.#tokens) if (stored.familyId === familyId) this.#tokens.delete(token);
    this.#families.delete(familyId);
  }

  /** Revokes every family issued in the login session `sid` (a session an Action revoked). */
  revokeSession(sid: string): void {
    const families = new Set<string>();
    for (const stored of this.#tokens.values())
      if (stored.grant.sessionId === sid) families.add(stored.familyId);
    for (const familyId of families) this.revokeFamily(familyId);
  }

  /**
   * Ends the family no later than these times (ms): `api.refreshToken.setExpiresAt` and
   * `setIdleExpiresAt` only ever shorten a token's life. Keeps `metadata` for the next exchange's event.
   */
  limitFamily(familyId: string, limits: { expiresAt?: number; idleExpiresAt?: number }): void {
    const family = this.#family(familyId);
    for (const key of ['expiresAt', 'idleExpiresAt'] as const) {
      const at = limits[key];
      if (at !== undefined) family[key] = Math.min(family[key] ?? at, at);
    }
  }

  /** The family's metadata (`event.refresh_token.metadata`). */
  metadataOf(familyId: string): Record<string, string> {
    return { ...(this.#families.get(familyId)?.metadata ?? {}) };
  }

  setMetadata(familyId: string, metadata: Record<string, string>): void {
    this.#family(familyId).metadata = { ...metadata };
  }

  #family(familyId: string): FamilyChanges {
    let family = this.#families.get(familyId);
    if (!family) {
      family = { metadata: {} };
      this.#families.set(familyId, family);
    }
    return family;
  }

  /** Live (usable) tokens of a family; tests and `npm start` read it, the endpoints do not. */
  liveTokens(familyId: string): number {
    let live = 0;
    for (const stored of this.#tokens.values())
      if (stored.familyId === familyId && stored.rotatedAt === undefined) live += 1;
    return live;
  }

  /** The previous token (its successor not yet exchanged), within the interval since it was rotated. */
  #withinReuseInterval(stored: StoredRefreshToken, now: number, leewaySeconds: number): boolean {
    if (stored.rotatedAt === undefined || leewaySeconds <= 0) return false;
    if (now - stored.rotatedAt > leewaySeconds * 1000) return false;
    const successor = stored.successor === undefined ? undefined : this.#tokens.get(stored.successor);
    return successor !== undefined && successor.rotatedAt === undefined;
  }

  #idleExpiry(idleMs: number | undefined): number | undefined {
    return idleMs === undefined ? undefined : this.#clock() + idleMs;
  }

  #mint(
    familyId: string,
    grant: RefreshGrant,
    expiresAt: number | undefined,
    idleMs: number | undefined,
  ): string {
    const token = randomHandle();
    this.#tokens.set(token, {
      familyId,
      expiresAt,
      idleMs,
      idleExpiresAt: this.#idleExpiry(idleMs),
      grant,
      createdAt: this.#clock(),
      rotatedAt: undefined,
      successor: undefined,
    });
    return token;
  }
}
