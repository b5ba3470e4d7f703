import { createHmac } from 'node:crypto';
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

/**
 * A keyed hash of `sub`: stable under one key, so one user's requests can be followed, but a bare hash
 * would let anyone holding a list of user ids (an export, another service's logs) tell whose lines
 * these are. Without the key they cannot.
 */
export const pseudonymizer =
  (key: string | Uint8Array) =>
  (userId: string): string =>
    createHmac('sha256', key).update(userId).digest('hex').slice(0, 16);

export type LogVariables = { userId: string; errorCode: string };

/** Logs every request when its response is ready, whatever route or middleware answered it. */
export const requestLog =
  (
    log: RequestLogger,
    pseudonymize: (userId: string) => string,
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
