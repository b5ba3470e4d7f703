import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** One line per request. Never the token, the body or any metadata value: they are personal data. */
export interface RequestLogEntry {
  readonly time: string;
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly duration_ms: number;
  /** A stable pseudonym of `sub`, to follow one user's requests without storing their id. */
  readonly user?: string;
  /** Our error code, when the request was refused or failed. */
  readonly error?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

export const writeJsonLine: RequestLogger = (entry) => {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
};

export const pseudonymize = (userId: string): string =>
  createHash('sha256').update(userId).digest('hex').slice(0, 16);

export type LogVariables = { userId: string; errorCode: string };

/** Logs every request when its response is ready, whatever route or middleware answered it. */
export const requestLog =
  (
    log: RequestLogger,
    now: () => number = performance.now.bind(performance),
  ): MiddlewareHandler<{
    Variables: LogVariables;
  }> =>
  async (c, next) => {
    const started = now();
    await next();
    const userId = c.get('userId');
    const error = c.get('errorCode');
    log({
      time: new Date().toISOString(),
      method: c.req.method,
      route: c.req.routePath === '/*' ? '(none)' : c.req.routePath,
      status: c.res.status,
      duration_ms: Math.round((now() - started) * 100) / 100,
      ...(userId === undefined ? {} : { user: pseudonymize(userId) }),
      ...(error === undefined ? {} : { error }),
    });
  };
