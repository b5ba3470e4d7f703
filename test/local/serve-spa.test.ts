import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServedSpa, serveSpa } from '../../local/serve-spa.ts';

const SETTINGS = {
  domain: 'http://127.0.0.1:4000',
  clientId: 'spa-client',
  audience: 'https://api.example/',
  apiUrl: 'http://127.0.0.1:4001',
};

let served: ServedSpa | undefined;
let dir: string | undefined;
afterEach(async () => {
  await served?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const builtApp = async (): Promise<string> => {
  dir = await mkdtemp(path.join(tmpdir(), 'serve-spa-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(dir, 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'style.css'), 'body{}');
  return dir;
};

describe('serveSpa', () => {
  it('says "starting" until mounted, then serves the page for any route, its files and its settings', async () => {
    served = await serveSpa(0, '127.0.0.1');
    const before = await fetch(`${served.url}/`);
    expect(before.status).toBe(503);
    expect(await before.text()).toContain('starts once the local tenant is deployed');

    await served.mount(await builtApp(), SETTINGS);
    for (const route of ['/', '/callback']) {
      const page = await fetch(`${served.url}${route}?code=x&state=y`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<title>app</title>');
      expect(page.headers.get('content-security-policy')).toBe(
        "default-src 'self'; connect-src 'self' http://127.0.0.1:4000 http://127.0.0.1:4001; frame-src http://127.0.0.1:4000; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
      );
    }
    expect((await fetch(`${served.url}/app.js`)).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    expect(await (await fetch(`${served.url}/config.json`)).json()).toEqual(SETTINGS);
    expect((await fetch(`${served.url}/secrets.env`)).status).toBe(404);
    expect((await fetch(`${served.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('names its URL by the host the SPA client lists, and refuses a taken port in one line', async () => {
    served = await serveSpa(0);
    expect(served.url).toBe(`http://localhost:${served.port}`);
    await expect(serveSpa(served.port)).rejects.toThrow(
      new RegExp(`^E_PORT_IN_USE: port ${served.port} on 127.0.0.1, for the sample app, is already taken`),
    );
  });
});
