import vm from 'node:vm';

// The legacy Rule, loaded once per worker. emulator/rules/run-legacy-rule.ts builds a fresh context
// for every call (about 1 ms), right for a test, a quarter of an hour of CPU over a million users;
// here the rule is compiled once and each user gets fresh `context` token objects instead.

export interface LegacyClaims {
  readonly idToken: Record<string, unknown>;
  readonly accessToken: Record<string, unknown>;
  readonly error?: string;
}

/** The rule's tokens: at once when the rule calls back before returning, as nearly every rule does. */
export type LegacyRuleRunner = (user: Record<string, unknown>) => LegacyClaims | Promise<LegacyClaims>;

const describe = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);

/**
 * Compiles a Rule, `function (user, context, callback)`, once, with `configuration` as a global as
 * the Rules pipeline had it. The rule sees the audit's own parsed user: run it after the Action,
 * which works on a copy, so whatever the rule changes in it changes nothing else.
 */
export const loadLegacyRule = (source: string, configuration: Record<string, string>): LegacyRuleRunner => {
  const globals = {
    configuration: { ...configuration },
    UnauthorizedError: class UnauthorizedError extends Error {},
    console: { log: () => undefined },
  };
  const sandbox = vm.createContext({ ...globals });
  // The rule finds its globals as bindings of a function around it, the same objects: a global of a
  // vm context is looked up through Node's interceptor at each use, once per user for
  // `configuration` (0.7% of an audit worker's time, perf).
  const bind = vm.runInContext(
    `(function (configuration, UnauthorizedError, console) {\nreturn (${source.trim()});\n})`,
    sandbox,
    { filename: 'legacy-rule.js', lineOffset: -1 },
  ) as (...values: unknown[]) => unknown;
  const rule = bind(globals.configuration, globals.UnauthorizedError, globals.console);
  if (typeof rule !== 'function')
    throw new TypeError('a legacy rule must be a single function (user, context, callback)');
  return (user) => {
    let answer: LegacyClaims | undefined;
    let resolve: ((claims: LegacyClaims) => void) | undefined;
    const context = { clientID: 'legacy-client', idToken: {}, accessToken: {} };
    const done = (error: unknown, _user?: unknown, final?: { idToken?: unknown; accessToken?: unknown }) => {
      if (answer) return;
      const tokens = final ?? context;
      const idToken = (tokens.idToken ?? {}) as Record<string, unknown>;
      const accessToken = (tokens.accessToken ?? {}) as Record<string, unknown>;
      answer = error ? { idToken, accessToken, error: describe(error) } : { idToken, accessToken };
      resolve?.(answer);
    };
    try {
      rule(user, context, done);
    } catch (error) {
      done(error);
    }
    // A rule that calls back later (after an await, a timer) is waited for; no promise otherwise.
    return answer ?? new Promise<LegacyClaims>((settle) => (resolve = settle));
  };
};
