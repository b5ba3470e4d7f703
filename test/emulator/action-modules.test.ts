import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type ActionModuleSource, buildEvent, loadBundledAction } from '../../emulator/actions/index.ts';
import { fixtureTenant } from '../fixtures/fixture-tenants.ts';

// Action Modules in the runtime, as "Write Your First Action Module" uses one: the Action requires
// `actions:logger`, the module posts to a URL from its own secrets with `fetch`.

const NS = 'https://m.test/';
const SERVICE_URL = 'https://logs.example.test/v1/logs';

const logger: ActionModuleSource = {
  name: 'logger',
  version: 1,
  secrets: { SERVICE_URL, API_KEY: 'module-key' },
  code: `
    globalThis.loggerLoads = (globalThis.loggerLoads || 0) + 1;
    module.exports = {
      sendLog: async (code, message) => {
        const response = await fetch(actions.secrets.SERVICE_URL, {
          method: 'POST',
          headers: { 'X-API-Key': actions.secrets.API_KEY },
          body: JSON.stringify({ code, message }),
        });
        return response.status;
      },
      seesActionSecret: () => Object.keys(actions.secrets).includes('ACTION_ONLY'),
    };`,
};

const usingLogger = (name: string) => ({
  name,
  code: `
    const logger = require('actions:logger');
    exports.onExecutePostLogin = async (event, api) => {
      const status = await logger.sendLog('login', event.user.user_id);
      api.idToken.setCustomClaim('${NS}log', {
        status,
        same: require('actions:logger') === logger,
        loads: globalThis.loggerLoads,
        moduleSeesActionSecret: logger.seesActionSecret(),
        actionSeesModuleSecret: event.secrets.SERVICE_URL !== undefined,
        actionKey: event.secrets.API_KEY,
      });
    };`,
});

describe('Action Modules', () => {
  it("Auth0 runs a module an Action requires as actions:NAME with the module's own secrets; its fetch is answered by the login's handlers", async () => {
    const seen: { key: string | null; body: unknown }[] = [];
    const handlers = [
      http.post(SERVICE_URL, async ({ request }) => {
        seen.push({ key: request.headers.get('x-api-key'), body: await request.json() });
        return new HttpResponse(null, { status: 202 });
      }),
    ];
    const action = await loadBundledAction(usingLogger('uses-logger'), {
      modules: [logger],
      secrets: { API_KEY: 'action-key', ACTION_ONLY: 'x' },
    });
    const first = await action.run(buildEvent({ user: { user_id: 'auth0|1' } }), { handlers });
    const second = await action.run(buildEvent({ user: { user_id: 'auth0|2' } }), { handlers });
    expect(first.error).toBeUndefined();
    expect(first.idToken?.payload[`${NS}log`]).toEqual({
      status: 202,
      same: true,
      loads: 1,
      moduleSeesActionSecret: false,
      actionSeesModuleSecret: false,
      actionKey: 'action-key',
    });
    expect(second.idToken?.payload[`${NS}log`]).toMatchObject({ loads: 1 });
    expect(seen).toEqual([
      { key: 'module-key', body: { code: 'login', message: 'auth0|1' } },
      { key: 'module-key', body: { code: 'login', message: 'auth0|2' } },
    ]);
    // Another Action has its own realm, so its own evaluation of the module.
    const other = await loadBundledAction(usingLogger('also-uses-logger'), { modules: [logger] });
    const outcome = await other.run(buildEvent(), { handlers });
    expect(outcome.idToken?.payload[`${NS}log`]).toMatchObject({ loads: 1, status: 202 });
  });

  it("Auth0 gives a module the npm dependencies it declares, not the Action's", async () => {
    const from = fixtureTenant('compat-actions').dir;
    const tracer: ActionModuleSource = {
      name: 'tracer',
      code: "const debug = require('debug'); module.exports = { namespace: (name) => debug(name).namespace };",
      dependencies: { declared: [{ name: 'debug', version: '4.4.3' }], from },
    };
    const action = await loadBundledAction(
      {
        name: 'traced',
        code: `const tracer = require('actions:tracer');
          exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('${NS}ns', tracer.namespace('login')); };`,
      },
      { modules: [tracer] },
    );
    expect((await action.run(buildEvent())).idToken?.payload[`${NS}ns`]).toBe('login');

    const undeclaredInModule = loadBundledAction(
      { name: 'traced', code: "require('actions:tracer'); exports.onExecutePostLogin = async () => {};" },
      { modules: [{ ...tracer, dependencies: undefined }] },
    );
    await expect(undeclaredInModule).rejects.toThrow(
      /E_ACTION_LOAD_FAILED: .*Cannot find module 'debug': Action module tracer declares no dependency on debug/,
    );
    const actionRequiresModuleDependency = loadBundledAction(
      { name: 'traced', code: "require('debug'); exports.onExecutePostLogin = async () => {};" },
      { modules: [tracer] },
    );
    await expect(actionRequiresModuleDependency).rejects.toThrow(
      /Cannot find module 'debug': Action traced declares no dependency on debug/,
    );
  });

  it('Auth0 fails an Action that requires a module it does not use; the error names the Action, the module and the line to add', async () => {
    const atLoad = loadBundledAction(
      { name: 'forgets', code: "require('actions:logger'); exports.onExecutePostLogin = async () => {};" },
      { modules: [] },
    );
    await expect(atLoad).rejects.toThrow(
      `E_UNDECLARED_ACTION_MODULE: Action forgets requires 'actions:logger' but does not use the Action Module logger; add "- { module_name: logger, module_version_number: <published version> }" to its modules in tenant.yaml`,
    );
    const inHandler = await loadBundledAction({
      name: 'late',
      code: "exports.onExecutePostLogin = async () => { require('actions:audit'); };",
    });
    const outcome = await inHandler.run(buildEvent());
    expect(outcome.error?.action).toBe('late');
    expect(outcome.error?.message).toMatch(
      /^E_UNDECLARED_ACTION_MODULE: Action late requires 'actions:audit' but does not use the Action Module audit; add "- \{ module_name: audit, module_version_number: <published version> \}"/,
    );
  });
});
