import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../deploy/environment.ts';
import { parseStartCommandLine } from '../../local/command-line.ts';
import { allowedSpaOrigins, pickSpaOrigin } from '../../local/spa-origin.ts';

const MAPPING = {
  SPA_ORIGINS: [
    'https://app.example.com',
    'http://localhost:5173',
    'http://127.0.0.1:5180',
    'http://localhost:5190',
  ],
  SPA_CALLBACKS: [
    'https://app.example.com/callback',
    'http://localhost:5173/callback',
    'http://127.0.0.1:5180/callback',
  ],
  SPA_LOGOUT_URLS: ['http://localhost:5173/', 'http://127.0.0.1:5180/', 'http://localhost:5190/'],
};

describe("the sample app's origin under npm start", () => {
  it('is a loopback origin the mapping lists with its callback and logout URL', () => {
    expect(allowedSpaOrigins(MAPPING).map((spa) => spa.origin)).toEqual([
      'http://localhost:5173',
      'http://127.0.0.1:5180',
    ]);
    expect(pickSpaOrigin(MAPPING, 'local.json')).toEqual({
      origin: 'http://localhost:5173',
      host: 'localhost',
      port: 5173,
    });
    expect(pickSpaOrigin(MAPPING, 'local.json', 5180)).toMatchObject({ host: '127.0.0.1', port: 5180 });
  });

  it('refuses a port the mapping does not list, saying which three lists to extend', () => {
    expect(() => pickSpaOrigin(MAPPING, 'tenant/environments/local.json', 5190)).toThrow(
      /^E_SPA_ORIGIN_NOT_ALLOWED: tenant\/environments\/local.json lets the sample app log in from http:\/\/localhost:5173, http:\/\/127.0.0.1:5180; .*"http:\/\/localhost:5190\/callback" to SPA_CALLBACKS/,
    );
    expect(() => pickSpaOrigin({}, 'local.json')).toThrow(/log in from none/);
  });

  it("is one the team's local mapping offers, so npm start can serve the app", async () => {
    const local = await loadEnvironment('local');
    const [first] = allowedSpaOrigins(local.values);
    expect(first).toBeDefined();
    expect(local.values.SPA_ORIGINS).toContain(first?.origin);
  });

  it('takes --spa-port, apart from the tenant and API ports', () => {
    expect(parseStartCommandLine(['--spa-port', '5180'])).toMatchObject({ spaPort: 5180 });
    expect(parseStartCommandLine([]).spaPort).toBeUndefined();
    expect(() => parseStartCommandLine(['--spa-port', '4001'])).toThrow(/E_USAGE: --spa-port 4001 is taken/);
  });
});
