import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';

// The tenant's own answers (redirects, JSON, pages) as Responses that hold their text until someone
// reads them as a stream. An undici Response wraps every body in a web ReadableStream when it is made,
// and the loopback transport then read it back chunk by chunk: a login's two answers cost the tenant's
// thread more in streams than in writing them. A plain response is a real `Response` to every reader
// (`instanceof Response`, `.status`, `.headers`, `.json()`...): the first read of its body or of
// anything else undici keeps makes the undici Response it stands for, once, and defers to it. The
// loopback transport writes one that nobody read straight to the socket; msw is handed the real one.

const kept = Symbol('plain response');

interface Kept {
  readonly body: string | null;
  readonly status: number;
  /** The headers as given; a `Headers` once someone asked for them (and may have changed them). */
  headers: Record<string, string> | Headers;
  real: Response | undefined;
}

type Plain = Response & { [kept]: Kept };

/** What undici adds to a string body made without a content type. */
const TEXT_PLAIN = 'text/plain;charset=UTF-8';

const realOf = (plain: Plain): Response => {
  const state = plain[kept];
  state.real ??= new Response(state.body, { status: state.status, headers: state.headers });
  return state.real;
};

const prototype = Object.create(Response.prototype, {
  status: {
    get(this: Plain) {
      return this[kept].real?.status ?? this[kept].status;
    },
  },
  ok: {
    get(this: Plain) {
      const { status } = this;
      return status >= 200 && status < 300;
    },
  },
  headers: {
    get(this: Plain) {
      const state = this[kept];
      if (state.real) return state.real.headers;
      if (!(state.headers instanceof Headers)) state.headers = new Headers(state.headers);
      return state.headers;
    },
  },
  [inspect.custom]: {
    value(this: Plain) {
      const { body, status } = this[kept];
      return `Response (plain) ${inspect({ status, headers: Object.fromEntries(this.headers), body })}`;
    },
  },
});
for (const name of ['body', 'bodyUsed', 'redirected', 'statusText', 'type', 'url']) {
  Object.defineProperty(prototype, name, {
    get(this: Plain) {
      return Reflect.get(realOf(this), name);
    },
  });
}
for (const name of ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text']) {
  Object.defineProperty(prototype, name, {
    value(this: Plain) {
      const real = realOf(this) as unknown as Record<string, () => unknown>;
      return real[name]?.();
    },
  });
}

/**
 * A Response of `status` with a text body (or none) and these headers, as `new Response(body,
 * { status, headers })` makes it, without the stream until one is read.
 */
export const plainResponse = (
  body: string | null,
  status: number,
  headers: Record<string, string> = {},
): Response => {
  const plain = Object.create(prototype) as Plain;
  const withType =
    body !== null && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
      ? { ...headers, 'content-type': TEXT_PLAIN }
      : headers;
  plain[kept] = { body, status, headers: withType, real: undefined };
  return plain;
};

/**
 * Sets a header on a response (`mode: 'set'`) or adds a value to it as `Headers.append` does. A plain
 * response whose headers nobody has asked for keeps them as given, in a copy of its own, so no
 * `Headers` is made only to be written out again (the CORS middleware adds `Vary` to every token
 * answer); `set-cookie`, whose values `Headers` keeps apart, goes through `headers`.
 */
export const addHeader = (response: Response, name: string, value: string, mode: 'set' | 'append'): void => {
  const state = kept in response ? (response as Plain)[kept] : undefined;
  const lower = name.toLowerCase();
  if (!state || state.real || state.headers instanceof Headers || lower === 'set-cookie') {
    if (mode === 'set') response.headers.set(name, value);
    else response.headers.append(name, value);
    return;
  }
  const headers: Record<string, string> = {};
  let joined = value;
  for (const [key, held] of Object.entries(state.headers)) {
    if (key.toLowerCase() !== lower) headers[key] = held;
    else if (mode === 'append') joined = `${held}, ${value}`;
  }
  headers[lower] = joined;
  state.headers = headers;
};

/** The undici Response a plain response stands for (any other is itself): for msw, which reads it. */
export const fetchResponseOf = (response: Response): Response =>
  kept in response ? realOf(response as Plain) : response;

/**
 * Writes a plain response nobody has read to a node:http response, as one write of head and body,
 * and says whether it did; any other is left to the caller.
 */
export const writePlainResponse = (response: Response, outgoing: ServerResponse): boolean => {
  if (!(kept in response)) return false;
  const state = (response as Plain)[kept];
  if (state.real) return false;
  const head: Record<string, string | string[]> = {};
  if (state.headers instanceof Headers) {
    for (const [name, value] of state.headers) if (name !== 'set-cookie') head[name] = value;
    const cookies = state.headers.getSetCookie();
    if (cookies.length > 0) head['set-cookie'] = cookies;
  } else Object.assign(head, state.headers);
  if (state.body !== null) head['content-length'] = String(Buffer.byteLength(state.body));
  outgoing.writeHead(state.status, head);
  outgoing.end(state.body ?? undefined);
  return true;
};
