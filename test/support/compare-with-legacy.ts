/** Custom claims of one login, keyed by token. */
export interface TokenClaims {
  readonly idToken: Record<string, unknown>;
  readonly accessToken: Record<string, unknown>;
}

export interface LegacyComparison {
  /** Leaf paths (`id_token <claim> preferences.language`) both carry with the same value. */
  readonly same: string[];
  /** What the legacy rule emitted and the Action no longer does. */
  readonly withheld: string[];
  /** Present in both with different values. */
  readonly changed: string[];
  /** Emitted by the Action only. */
  readonly added: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Leaves of a claim value: objects are walked, everything else (arrays included) is one leaf. */
const leaves = (prefix: string, value: unknown, out: Map<string, string>): Map<string, string> => {
  if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value)) leaves(`${prefix}.${key}`, inner, out);
  } else if (!isRecord(value)) {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
};

const flatten = (claims: TokenClaims): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [token, record] of [
    ['id_token', claims.idToken],
    ['access_token', claims.accessToken],
  ] as const) {
    for (const [name, value] of Object.entries(record)) leaves(`${token} ${name}`, value, out);
  }
  return out;
};

/**
 * Compares the custom claims a legacy Rule gave a login with those the Action gives it, leaf by
 * leaf: the migration report of what app code still receives and what it no longer does.
 */
export const compareWithLegacy = (legacy: TokenClaims, action: TokenClaims): LegacyComparison => {
  const before = flatten(legacy);
  const after = flatten(action);
  const result: LegacyComparison = { same: [], withheld: [], changed: [], added: [] };
  for (const [path, value] of before) {
    const now = after.get(path);
    if (now === undefined) result.withheld.push(path);
    else if (now === value) result.same.push(path);
    else result.changed.push(path);
  }
  for (const path of after.keys()) if (!before.has(path)) result.added.push(path);
  return result;
};
