import { Hono } from 'hono';

/** A dependency check: resolves when the dependency answers, throws (or rejects) when it does not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface Readiness {
  /** Checks besides the tenant's keys, by name: `redis` when REDIS_URL is set. */
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
  /** True once SIGTERM arrived: the load balancer must stop sending before the server closes. */
  readonly draining: () => boolean;
}

/** A probe's checks must end well within a load balancer's probe timeout (commonly 1 to 5 s). */
const CHECK_TIMEOUT_MS = 2_000;
/** Probes are unauthenticated: answers are reused this long so they cannot be used to flood the tenant. */
const CACHE_MS = 1_000;

const withTimeout = (check: ReadinessCheck): Promise<boolean> =>
  Promise.race([
    check().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref()),
  ]);

/** The tenant's key set answers with at least one key: without it no token can be verified. */
const jwksCheck =
  (jwksUrl: string): ReadinessCheck =>
  async () => {
    const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    const body = (await response.json()) as { keys?: unknown };
    if (!response.ok || !Array.isArray(body.keys) || body.keys.length === 0) throw new Error('no keys');
  };

/**
 * `GET /healthz`: the process runs and answers (liveness; restart it when this fails).
 * `GET /readyz`: it can serve requests: the tenant's keys and every configured dependency answer, and
 * it is not shutting down (readiness; send it traffic only while this answers 200).
 */
export const readinessRoutes = (options: Readiness & { readonly jwksUrl: string }) => {
  const checks: Record<string, ReadinessCheck> = { jwks: jwksCheck(options.jwksUrl), ...options.checks };
  let cached: { at: number; results: Promise<Record<string, boolean>> } | undefined;
  const results = () => {
    if (cached === undefined || Date.now() - cached.at > CACHE_MS) {
      const names = Object.keys(checks);
      const run = Promise.all(names.map((name) => withTimeout(checks[name] ?? (async () => {}))));
      cached = {
        at: Date.now(),
        results: run.then((ok) => Object.fromEntries(names.map((n, i) => [n, !!ok[i]]))),
      };
    }
    return cached.results;
  };

  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (options.draining()) return c.json({ status: 'draining' }, 503);
    const ok = await results();
    const ready = Object.values(ok).every(Boolean);
    const detail = Object.fromEntries(
      Object.entries(ok).map(([name, up]) => [name, up ? 'ok' : 'unreachable']),
    );
    return c.json({ status: ready ? 'ready' : 'not_ready', checks: detail }, ready ? 200 : 503);
  });
  return app;
};
