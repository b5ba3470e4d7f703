import { loginRoundTrips, postRoundTrip } from './http-floor.ts';
import { login, refresh } from './login-client.ts';

// The app side of `npm run bench -- login`, in a process of its own as an app is: the tenant's
// process then spends its time on the tenant, not on the benchmark's HTTP client. The bench sends
// one request at a time and gets back how long each login or refresh took, in milliseconds.

export type AppRequest =
  | { readonly kind: 'logins' | 'refreshes'; readonly count: number }
  | { readonly kind: 'concurrent-logins'; readonly count: number; readonly clients: number }
  /** The same client's round trips against a server that only answers (http-floor.ts). */
  | {
      readonly kind: 'login-round-trips' | 'refresh-round-trips';
      readonly count: number;
      readonly url: string;
    };

const url = process.argv[2] ?? '';
let refreshToken: string | undefined;

const timed = async (run: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

const serve = async (request: AppRequest): Promise<number[]> => {
  const times: number[] = [];
  if (request.kind === 'concurrent-logins') {
    let next = 0;
    await Promise.all(
      Array.from({ length: request.clients }, async () => {
        while (next < request.count) {
          next += 1;
          times.push(await timed(() => login(url)));
        }
      }),
    );
    return times;
  }
  if (request.kind === 'login-round-trips' || request.kind === 'refresh-round-trips') {
    const trips = request.kind === 'login-round-trips' ? loginRoundTrips : postRoundTrip;
    for (let i = 0; i < request.count; i += 1) times.push(await timed(() => trips(request.url)));
    return times;
  }
  for (let i = 0; i < request.count; i += 1) {
    times.push(
      request.kind === 'logins'
        ? await timed(() => login(url))
        : await timed(async () => {
            refreshToken = await refresh(url, refreshToken ?? (await login(url)));
          }),
    );
  }
  return times;
};

process.on('message', (request: AppRequest) => {
  serve(request).then(
    (times) => process.send?.({ times }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send?.('ready');
