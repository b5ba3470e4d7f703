// A scripted browser for the SDK compatibility suite: cookies per host, redirects followed, and the
// local tenant's pages answered as a person would (pick the user, accept consent and the loopback
// confirmation), and a form_post page submitted as its onload script would.

export interface Visit {
  readonly url: URL;
  readonly status: number;
  readonly text: string;
}

const hidden = (html: string, name: string): string | undefined =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

const decodeHtml = (text: string): string =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** `init` is added to every request (e.g. an undici `dispatcher` that trusts a local authority). */
export const createUserAgent = (user: string, init: RequestInit = {}) => {
  const jars = new Map<string, Map<string, string>>();
  const jarOf = (url: URL) => {
    const jar = jars.get(url.host) ?? new Map<string, string>();
    jars.set(url.host, jar);
    return jar;
  };
  const send = async (url: URL, request: RequestInit = {}): Promise<Response> => {
    const jar = jarOf(url);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      ...request,
      redirect: 'manual',
      headers: { ...(request.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      if (/max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, pair.slice(at + 1));
    }
    return response;
  };
  const post = (url: URL, fields: Record<string, string>) =>
    send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  /**
   * Goes to `start` and on until a page that is none of the tenant's login pages (or a 4xx/5xx), or
   * until a redirect to `stopAt` (an app's callback that no server answers here), which it returns.
   */
  const visit = async (start: string | URL, stopAt?: string): Promise<Visit> => {
    let url = new URL(start);
    let response = await send(url);
    for (let step = 0; step < 20; step += 1) {
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        if (stopAt !== undefined && url.href.startsWith(stopAt))
          return { url, status: response.status, text: '' };
        response = await send(url);
        continue;
      }
      const text = await response.text();
      const state = hidden(text, 'state');
      if (text.includes('action="/u/login"') && state) {
        response = await post(new URL('/u/login', url), { state, username: user });
      } else if (/action="\/u\/(consent|login-confirmation)"/.test(text) && state) {
        const path = /action="(\/u\/[a-z-]+)"/.exec(text)?.[1] ?? '';
        response = await post(new URL(path, url), { state, decision: 'accept' });
      } else if (text.includes('document.forms[0].submit()')) {
        const action = decodeHtml(/<form method="post" action="([^"]+)"/.exec(text)?.[1] ?? '');
        const fields = Object.fromEntries(
          [...text.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [
            m[1] ?? '',
            decodeHtml(m[2] ?? ''),
          ]),
        );
        url = new URL(action);
        response = await post(url, fields);
      } else {
        return { url, status: response.status, text };
      }
    }
    throw new Error(`no end to the redirects from ${String(start)}`);
  };
  return { visit, send };
};
