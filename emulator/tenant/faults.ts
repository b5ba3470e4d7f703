import { ApiError } from './http.ts';

// Fault injection, per test: 429 bursts, transient 5xx and a connection dropped part-way through a
// deploy, so tools prove they retry and converge. Each rule counts the requests it matches: the
// first `after` pass through, the next `times` get the fault, the rest pass again.

export interface RequestMatch {
  method?: string;
  /** A path prefix (`/api/v2/actions`) or a pattern the path must match. */
  path?: string | RegExp;
}

interface FaultWindow {
  match?: RequestMatch;
  /** Matching requests let through before the fault starts (default 0). */
  after?: number;
  /** Matching requests that get the fault (default 1). */
  times?: number;
}

export type FaultRule =
  | (FaultWindow & { kind: 'rate-limit'; resetSeconds?: number })
  | (FaultWindow & { kind: 'server-error'; status?: 500 | 502 | 503 | 504 })
  /**
   * The transport drops the connection: in-process the fetch rejects, on loopback the socket is
   * reset. With `when: 'after-write'` the request changes the tenant first and only the answer is
   * lost, the worst case for a deploy tool.
   */
  | (FaultWindow & { kind: 'drop-connection'; when?: 'before' | 'after-write' });

/** Thrown out of `handle` when a rule drops the connection; each transport turns it into a reset. */
export class ConnectionDroppedError extends Error {
  override readonly name = 'ConnectionDroppedError';
  constructor(
    readonly method: string,
    readonly path: string,
  ) {
    super(`fake tenant dropped the connection during ${method} ${path}`);
  }
}

/** The rate-limit window the tenant advertises in `x-ratelimit-*` headers. */
export const RATE_LIMIT_PER_WINDOW = 50;

const matches = (match: RequestMatch | undefined, method: string, path: string): boolean => {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? path.startsWith(match.path) : match.path.test(path);
};

export class FaultInjector {
  private readonly rules: Array<{ rule: FaultRule; seen: number }> = [];

  constructor(rules: readonly FaultRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** Counts the request against every matching rule; returns the first rule that fires. */
  next(method: string, path: string): FaultRule | undefined {
    let fired: FaultRule | undefined;
    for (const entry of this.rules) {
      if (!matches(entry.rule.match, method, path)) continue;
      const index = entry.seen++;
      const after = entry.rule.after ?? 0;
      const times = entry.rule.times ?? 1;
      if (!fired && index >= after && index < after + times) fired = entry.rule;
    }
    return fired;
  }
}

/** The error a rate-limit or server-error rule answers with; drops are handled by the caller. */
export const faultError = (rule: FaultRule, nowMs: number): ApiError | undefined => {
  if (rule.kind === 'rate-limit') {
    const reset = Math.ceil(nowMs / 1000) + (rule.resetSeconds ?? 1);
    return new ApiError(429, 'too_many_requests', 'Global limit has been reached', {
      'x-ratelimit-limit': String(RATE_LIMIT_PER_WINDOW),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(reset),
      'retry-after': String(rule.resetSeconds ?? 1),
    });
  }
  if (rule.kind === 'server-error') {
    const status = rule.status ?? 503;
    return new ApiError(status, 'server_error', 'The service is temporarily unavailable, try again later');
  }
  return undefined;
};
