// A login request's URL is read by the transport, the gate, the endpoint and the login's event; each
// parsed it again (an `/authorize` URL is 300-odd characters), so the first to ask parses it for all.

const parsed = new WeakMap<Request, URL>();

/** The request's URL, parsed once per request; read it, never change it (others hold the same URL). */
export const requestUrl = (request: Request): Readonly<URL> => {
  let url = parsed.get(request);
  if (url === undefined) {
    url = new URL(request.url);
    parsed.set(request, url);
  }
  return url;
};

/**
 * Whether the request was sent to `origin` (`scheme://host:port`, as `URL.origin` writes it). A URL
 * that starts with the origin and a slash has that origin (the slash ends the authority), so most
 * requests are answered without parsing; any other is parsed, which also normalises the host.
 */
export const isSentTo = (request: Request, origin: string): boolean => {
  const url = request.url;
  return (
    (url.startsWith(origin) && url.charCodeAt(origin.length) === 47) || requestUrl(request).origin === origin
  );
};
