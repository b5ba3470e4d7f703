import { oneLineBody, refusalError } from './auth0-errors.ts';
import { DeployError } from './errors.ts';
import {
  type JobPath,
  type JobStarts,
  type ListedItems,
  type ListedPath,
  pagesByCheckpoint,
  type ReadAnswers,
  type ReadPath,
} from './management-responses.ts';

/** How a command reaches a tenant's Management API: client credentials, or a token minted elsewhere. */
export interface ManagementConnection {
  readonly domain: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly accessToken?: string;
}

/** Rate limits (429) are waited out; Auth0 says when via `x-ratelimit-reset` (epoch seconds). */
const MAX_RATE_LIMIT_WAIT_MS = 10_000;
/** 5xx and dropped connections are transient on Auth0's side; a few spaced retries ride them out. */
const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 100;
const PAGE_SIZE = 100;
/**
 * A request that gets no answer is cut off and retried like a dropped connection: without a bound a
 * tenant (or proxy) that accepts the connection and stays silent holds plan or deploy for undici's
 * 5-minute timeouts per attempt, half an hour over every retry.
 */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Waits on the global `setTimeout`, which a test's fake clock drives (Node's `timers/promises` it does
 * not), and ends early, rejecting with the signal's reason, when `signal` aborts.
 */
const sleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });

const retryDelay = (response: Response | undefined, attempt: number): number => {
  const reset = Number(response?.headers.get('x-ratelimit-reset'));
  if (response?.status === 429 && Number.isFinite(reset) && reset > 0) {
    return Math.min(MAX_RATE_LIMIT_WAIT_MS, Math.max(0, reset * 1000 - Date.now()) + 10);
  }
  return Math.min(MAX_RATE_LIMIT_WAIT_MS, BASE_DELAY_MS * 2 ** attempt);
};

// 4xx other than 429 mean our request is wrong: retrying would only repeat the refusal.
const isTransient = (status: number): boolean => status === 429 || status >= 500;

/**
 * Answers are typed by path with the auth0 SDK's response types (management-responses.ts); a path the
 * reader has no type for does not compile.
 */
export interface ManagementApi {
  /** GET one resource. */
  get<Path extends ReadPath>(path: Path, query?: Record<string, string>): Promise<ReadAnswers[Path]>;
  /** GET every page of a list endpoint, unwrapping Auth0's `{ <key>: [...], total }` envelope. */
  list<Path extends ListedPath>(
    path: Path,
    key: string,
    query?: Record<string, string>,
  ): Promise<ListedItems[Path][]>;
  /**
   * DELETE one resource; a 404 counts as done (a retried deploy may find it gone). Only deploy calls
   * it, for the deletes a reviewed plan lists: plan and read-back never write.
   */
  remove(path: string): Promise<void>;
  /**
   * POST that starts a job which only reads the tenant (a users export). Retried like a read: at
   * worst a dropped answer starts a second job, which costs the tenant a little work and nothing else.
   */
  startJob<Path extends JobPath>(path: Path, body: object): Promise<JobStarts[Path]>;
  /**
   * The same client (and token) whose requests, retries and waits included, also stop when `signal`
   * aborts: reads started together (a plan's) end with the first of them that fails.
   */
  withSignal(signal: AbortSignal): ManagementApi;
}

interface ClientOptions {
  readonly requestTimeoutMs?: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The Management API client of plan and read-back (GETs only), of the reviewed deletes and of the
 * audit's users export job. It is not the auth0 SDK's
 * ManagementClient, which the preferences API uses, because plan and read-back must ride out what
 * the SDK gives up on: it retries only on a status code, never when the connection drops
 * (auth0 7.1 `core/fetcher/requestWithRetries.js`: a throwing request propagates), and a deploy cut
 * off mid-way must still be read back; its backoff also starts at 1 s where ours starts at 100 ms.
 */
export const createManagementApi = (
  connection: ManagementConnection,
  options: { readonly requestTimeoutMs?: number } = {},
): ManagementApi =>
  // One token request per client, however many reads start at once.
  scopedClient(connection, options, {
    token: connection.accessToken ? Promise.resolve(connection.accessToken) : undefined,
  });

const scopedClient = (
  connection: ManagementConnection,
  { requestTimeoutMs = REQUEST_TIMEOUT_MS, signal }: ClientOptions,
  shared: { token: Promise<string> | undefined },
): ManagementApi => {
  const origin = `https://${connection.domain}`;

  const send = async (url: string, init: RequestInit): Promise<Response> => {
    for (let attempt = 0; ; attempt += 1) {
      let response: Response | undefined;
      signal?.throwIfAborted();
      try {
        const timeout = AbortSignal.timeout(requestTimeoutMs);
        response = await fetch(url, {
          ...init,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        if (!isTransient(response.status)) return response;
      } catch (error) {
        signal?.throwIfAborted();
        if (attempt + 1 >= MAX_ATTEMPTS) {
          const reason =
            (error as Error).name === 'TimeoutError'
              ? `no answer within ${requestTimeoutMs} ms`
              : (error as Error).message;
          throw new DeployError(
            'E_TENANT_UNREACHABLE',
            `${url}: ${reason}; check AUTH0_DOMAIN and the network`,
          );
        }
      }
      if (attempt + 1 >= MAX_ATTEMPTS && response) return response;
      await sleep(retryDelay(response, attempt), signal);
    }
  };

  const requestToken = async (): Promise<string> => {
    const response = await send(`${origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: connection.clientId,
        client_secret: connection.clientSecret,
        audience: `${origin}/api/v2/`,
      }),
    });
    const text = await response.text();
    const body = (() => {
      try {
        return JSON.parse(text) as { access_token?: string };
      } catch {
        return {};
      }
    })();
    if (response.status === 403) {
      // Known credentials, but the client has no grant for the Management API at all.
      throw new DeployError(
        'E_MISSING_SCOPE',
        `${connection.domain} will not give client ${connection.clientId} a Management API token (403 ${oneLineBody(text)}); authorize it under Applications > APIs > Auth0 Management API > Machine To Machine Applications with the scopes the README lists`,
      );
    }
    if (!response.ok || !body.access_token) {
      throw new DeployError(
        'E_MANAGEMENT_API',
        `${connection.domain} refused the deploy client's credentials (${response.status} ${oneLineBody(text)}); check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET`,
      );
    }
    return body.access_token;
  };
  const accessToken = (): Promise<string> => {
    shared.token ??= requestToken().catch((error: unknown) => {
      shared.token = undefined;
      throw error;
    });
    return shared.token;
  };

  const getJson = async (path: string, query: Record<string, string> = {}): Promise<unknown> => {
    const url = `${origin}/api/v2${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
    const response = await send(url, { headers: { authorization: `Bearer ${await accessToken()}` } });
    if (!response.ok) {
      throw refusalError(`GET ${path}`, response.status, await response.text(), connection);
    }
    return response.json();
  };

  const list = async <Path extends ListedPath>(
    path: Path,
    key: string,
    query: Record<string, string> = {},
  ): Promise<ListedItems[Path][]> => {
    type Item = ListedItems[Path];
    const items: Item[] = [];
    if (pagesByCheckpoint(path)) {
      for (let from: string | undefined; ; ) {
        const page = { ...query, take: String(PAGE_SIZE), ...(from ? { from } : {}) };
        const body = (await getJson(path, page)) as Record<string, unknown>;
        items.push(...((body[key] ?? []) as Item[]));
        if (typeof body.next !== 'string' || body.next === '') return items;
        from = body.next;
      }
    }
    for (let page = 0; ; page += 1) {
      const body = (await getJson(path, {
        ...query,
        page: String(page),
        per_page: String(PAGE_SIZE),
        include_totals: 'true',
      })) as Record<string, unknown> | Item[];
      const batch = (Array.isArray(body) ? body : (body[key] ?? [])) as Item[];
      items.push(...batch);
      const total = Array.isArray(body) ? undefined : Number(body.total);
      if (
        batch.length < PAGE_SIZE ||
        (total !== undefined && Number.isFinite(total) && items.length >= total)
      ) {
        return items;
      }
    }
  };

  const remove = async (path: string): Promise<void> => {
    const response = await send(`${origin}/api/v2${path}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await accessToken()}` },
    });
    if (!response.ok && response.status !== 404) {
      const text = await response.text();
      throw new DeployError(
        'E_MANAGEMENT_API',
        `DELETE ${path} answered ${response.status}: ${text.slice(0, 200)}`,
      );
    }
  };

  const startJob = async <Path extends JobPath>(path: Path, body: object): Promise<JobStarts[Path]> => {
    const response = await send(`${origin}/api/v2${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw refusalError(`POST ${path}`, response.status, await response.text(), connection);
    return (await response.json()) as JobStarts[Path];
  };

  // The SDK's types are what Auth0 answers; the answer itself is not checked at run time, as the
  // SDK does not check it either.
  const get = <Path extends ReadPath>(path: Path, query?: Record<string, string>) =>
    getJson(path, query) as Promise<ReadAnswers[Path]>;

  const withSignal = (next: AbortSignal): ManagementApi =>
    scopedClient(
      connection,
      { requestTimeoutMs, signal: signal ? AbortSignal.any([signal, next]) : next },
      shared,
    );

  return { get, list, remove, startJob, withSignal };
};
