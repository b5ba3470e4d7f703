import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLocalTenant } from '../../emulator/tenant/local-tenant.ts';
import { parseStartCommandLine } from '../../local/command-line.ts';
import { LocalError } from '../../local/errors.ts';
import { serveLocalTenant } from '../../local/serve-local-tenant.ts';

describe('npm start', () => {
  it('says which port is taken and how to pick another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const tenant = await createLocalTenant();
      const error = await serveLocalTenant(tenant, port).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LocalError);
      expect((error as LocalError).code).toBe('E_PORT_IN_USE');
      expect((error as LocalError).message).toContain(`port ${port} on 127.0.0.1 is already taken`);
      expect((error as LocalError).message).toContain(`npm start -- --port ${port + 1}`);
    } finally {
      blocker.close();
    }
  });

  it('serves the login endpoints on loopback, discovery pointing there', async () => {
    const tenant = await createLocalTenant();
    const served = await serveLocalTenant(tenant, 0);
    try {
      const discovery = await (await fetch(`${served.url}/.well-known/openid-configuration`)).json();
      expect(discovery.issuer).toBe(tenant.issuer);
      expect(discovery.token_endpoint).toBe(`${served.url}/oauth/token`);
    } finally {
      await served.close();
    }
  });

  it('takes --once, --https, --port and --api-port (the next port by default), and refuses anything else', () => {
    expect(parseStartCommandLine(['--once', '--port', '4100'])).toEqual({
      once: true,
      fresh: false,
      https: false,
      port: 4100,
      apiPort: 4101,
    });
    expect(parseStartCommandLine([])).toEqual({
      once: false,
      fresh: false,
      https: false,
      port: 4000,
      apiPort: 4001,
    });
    expect(parseStartCommandLine(['--https'])).toMatchObject({ https: true, port: 4000 });
    expect(parseStartCommandLine(['--fresh'])).toMatchObject({ fresh: true });
    expect(parseStartCommandLine(['--stubs', 'stubs/vendor.ts'])).toMatchObject({ stubs: 'stubs/vendor.ts' });
    expect(parseStartCommandLine(['--api-port', '3005'])).toMatchObject({ port: 4000, apiPort: 3005 });
    expect(parseStartCommandLine(['--port', '0'])).toMatchObject({ port: 0, apiPort: 0 });
    expect(parseStartCommandLine(['--port', '65535'])).toMatchObject({ apiPort: 0 });
    expect(() => parseStartCommandLine(['--port', 'eighty'])).toThrow(/E_USAGE/);
    expect(() => parseStartCommandLine(['--api-port', '70000'])).toThrow(/E_USAGE: --api-port 70000/);
    expect(() => parseStartCommandLine(['--port', '4000', '--api-port', '4000'])).toThrow(
      /E_USAGE: --api-port 4000 is the tenant's port too/,
    );
    expect(() => parseStartCommandLine(['--env', 'prod'])).toThrow(/E_USAGE/);
  });
});
