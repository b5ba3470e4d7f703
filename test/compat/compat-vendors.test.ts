import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { buildEvent, loadBundledAction } from '../../emulator/actions/index.ts';
import { COMPAT, COMPAT_VALUES, loadCompatAction, NS } from './compat-fixture.ts';

// Actions that call vendors through the npm modules they declare (axios 0.27 and 1.x, debug), run
// through the emulator from their built bundles. The modules run in the Action's realm and make their
// requests with Node's http adapter there; the login's msw handlers answer them, so nothing leaves the
// machine.

const seen: Request[] = [];
const vendors = [
  http.get(`${COMPAT_VALUES.CRM_URL}/customers`, ({ request }) => {
    seen.push(request.clone());
    const email = new URL(request.url).searchParams.get('email');
    return HttpResponse.json({ tier: email === 'ada@example.com' ? 'gold' : 'basic' });
  }),
  http.post(`${COMPAT_VALUES.RISK_URL}/v1/assessments`, async ({ request }) => {
    seen.push(request.clone());
    const body = (await request.json()) as { ip: string };
    return HttpResponse.json(
      body.ip === '198.51.100.66' ? { score: 0.93, level: 'high' } : { score: 0.1, level: 'low' },
    );
  }),
];

describe('Actions with declared npm modules', () => {
  it('Auth0 requires each declared module at the version its Action declares: axios 0.27.2 calls the CRM with Node http and its tier lands in the ID token', async () => {
    const action = await loadCompatAction('crm-tier-axios-0');
    const outcome = await action.run(buildEvent(), { handlers: vendors });
    expect(outcome.error).toBeUndefined();
    expect(outcome.idToken?.payload[`${NS}crm`]).toEqual({ tier: 'gold', client: 'axios 0.27.2' });
    const call = seen.find((request) => request.url.startsWith(String(COMPAT_VALUES.CRM_URL)));
    expect(call?.headers.get('authorization')).toBe(`Bearer ${COMPAT_VALUES.CRM_TOKEN}`);
    expect(call?.headers.get('user-agent')).toBe('axios/0.27.2');
  });

  it('axios 1.x (declared 1.7.9) in another Action of the same flow gets its own version; a risky sign-in is denied', async () => {
    const action = await loadCompatAction('risk-check-axios-1');
    const allowed = await action.run(buildEvent(), { handlers: vendors });
    expect(allowed.idToken?.payload[`${NS}risk`]).toEqual({ level: 'low', client: 'axios 1.7.9' });
    const risky = await action.run(buildEvent({ request: { ip: '198.51.100.66' } }), { handlers: vendors });
    expect(risky.denied).toEqual({ reason: 'This sign-in looks risky; contact support' });
    expect(risky.idToken).toBeUndefined();
    const call = seen.findLast((request) => request.url.includes('/v1/assessments'));
    expect(call?.headers.get('x-api-key')).toBe(COMPAT_VALUES.RISK_KEY);
    expect(call?.headers.get('user-agent')).toBe('axios/1.7.9');
  });

  it('debug (declared 4.4.3) writes its trace through console.log into the Action logs', async () => {
    const action = await loadCompatAction('login-trace-debug');
    const outcome = await action.run(buildEvent({ stats: { logins_count: 7 } }));
    expect(outcome.error).toBeUndefined();
    expect(outcome.idToken?.payload[`${NS}login_count`]).toBe(7);
    expect(outcome.logs).toEqual([
      expect.stringMatching(
        /compat:login user auth0\|65a4f0c2e1d3b4a5c6d7e8f9 signed in to Identity as Code SPA \(login 7\)/,
      ),
    ]);
  });

  it('Auth0 fails an Action that requires a module it does not declare; the message names the line to add', async () => {
    const undeclared = loadBundledAction({
      name: 'undeclared',
      code: "const axios = require('axios'); exports.onExecutePostLogin = async () => {};",
    });
    await expect(undeclared).rejects.toThrow(
      'Cannot find module \'axios\': Action undeclared declares no dependency on axios; add "- { name: axios, version: <exact version> }" to its dependencies in tenant.yaml',
    );
  });
  it("a declared module's request no handler answers fails the login with its method and URL, off the network", async () => {
    const action = await loadCompatAction('crm-tier-axios-0');
    const outcome = await action.run(buildEvent());
    expect(outcome.idToken).toBeUndefined();
    expect(outcome.error?.message).toContain(
      `sent GET ${COMPAT_VALUES.CRM_URL}/customers?email=ada%40example.com, which no msw handler answers`,
    );
  });

  it('each Action loads its own instance of a declared module, as each runs in its own realm', async () => {
    const counting = {
      code: "const debug = require('debug'); debug.loads = (debug.loads || 0) + 1; exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://c.test/loads', debug.loads); };",
      dependencies: { declared: [{ name: 'debug', version: '4.4.3' }], from: COMPAT.dir },
    };
    const [first, second] = await Promise.all([
      loadBundledAction({ name: 'first', ...counting }),
      loadBundledAction({ name: 'second', ...counting }),
    ]);
    for (const action of [first, second]) {
      expect((await action.run(buildEvent())).idToken?.payload['https://c.test/loads']).toBe(1);
    }
  });
});
