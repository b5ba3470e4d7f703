import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LocalError } from '../../local/errors.ts';
import { servePreferencesApi } from '../../local/serve-preferences-api.ts';

const takenPort = async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  return { port: typeof address === 'object' && address ? address.port : 0, blocker };
};

describe("npm start's preferences API port", () => {
  it('says the API port is taken and how to pick another', async () => {
    const { port, blocker } = await takenPort();
    try {
      const error = await servePreferencesApi(port).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LocalError);
      expect((error as LocalError).code).toBe('E_PORT_IN_USE');
      expect((error as LocalError).message).toContain(
        `port ${port} on 127.0.0.1, for the preferences API, is already taken`,
      );
      expect((error as LocalError).message).toContain(`npm start -- --api-port ${port + 1}`);
    } finally {
      blocker.close();
    }
  });

  it('answers 503 "starting" until the API is mounted, then the API', async () => {
    const served = await servePreferencesApi(0);
    try {
      const early = await fetch(`${served.url}/me/preferences`);
      expect(early.status).toBe(503);
      expect(early.headers.get('retry-after')).toBe('5');
      expect(await early.json()).toMatchObject({ error: 'starting' });

      served.mount(() => Response.json({ mounted: true }));
      expect(await (await fetch(`${served.url}/me/preferences`)).json()).toEqual({ mounted: true });
    } finally {
      await served.close();
    }
  });
});
