import { describe, expect, it } from 'vitest';
import { buildEvent, loadBundledAction } from '../../emulator/actions/index.ts';

// The module code finds Object, Array, JSON and the other intrinsics vm.ts binds around it as
// bindings, not as global lookups: what it sees must still be what a CommonJS module sees.

const CLAIM = 'https://c.test/seen';

const seen = async (code: string): Promise<unknown> => {
  const action = await loadBundledAction({ name: 'wrapped', code });
  const outcome = await action.run(buildEvent());
  expect(outcome.error).toBeUndefined();
  return outcome.idToken?.payload[CLAIM];
};

describe('the module wrapper', () => {
  it("binds the realm's own intrinsics, the ones its global holds", async () => {
    const code = `exports.onExecutePostLogin = async (event, api) => {
      api.idToken.setCustomClaim('${CLAIM}', [
        Object === globalThis.Object, Array === globalThis.Array, JSON === globalThis.JSON,
        Math === globalThis.Math, Number === globalThis.Number, String === globalThis.String,
        Boolean === globalThis.Boolean, Symbol === globalThis.Symbol, Reflect === globalThis.Reflect,
        Object.getPrototypeOf({}) === Object.prototype, Array.isArray(event.user.app_metadata.roles ?? []),
        [] instanceof Array, event.user instanceof Object,
      ]);
    };`;
    expect(await seen(code)).toEqual(Array.from({ length: 13 }, () => true));
  });

  it('hands the module code its five CommonJS arguments and lets it declare the same names', async () => {
    const code = `const count = arguments.length;
      const Array = { isArray: () => 'own' };
      class Reflect {}
      exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim('${CLAIM}', [count, Array.isArray([]), typeof Reflect.ownKeys, this === exports]);
      };`;
    expect(await seen(code)).toEqual([5, 'own', 'undefined', true]);
  });

  it('refuses code that is not a function body, as a CommonJS module would be', async () => {
    await expect(
      // As a function body this cannot parse; pasted inside another function's braces it would.
      loadBundledAction({
        name: 'escape',
        code: 'exports.onExecutePostLogin = async () => {};\n}, function () {',
      }),
    ).rejects.toThrow(/E_ACTION_LOAD_FAILED/);
  });

  it('reports the line of the bundle a load failure comes from', async () => {
    await expect(
      loadBundledAction({ name: 'thrower', code: '\n\nthrow new Error(new Error().stack.split("\\n")[1]);' }),
    ).rejects.toThrow(/thrower\.js:3:/);
  });
});
