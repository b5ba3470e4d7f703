import vm from 'node:vm';

/** The parts of a legacy Rule's `user` that rules about claims read. */
export interface LegacyRuleUser {
  user_id: string;
  email?: string;
  user_metadata?: Record<string, unknown>;
  app_metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface LegacyRuleResult {
  /** Custom claims the rule put on the ID token, as JSON (what would have been signed). */
  readonly idToken: Record<string, unknown>;
  readonly accessToken: Record<string, unknown>;
  /** Set when the rule called back with an error (`UnauthorizedError` denied the login). */
  readonly error?: string;
}

export interface LegacyRuleOptions {
  /** The rule's `configuration` object (Rules settings). */
  readonly configuration?: Record<string, string>;
  readonly clientID?: string;
  readonly timeoutMs?: number;
}

const RULE_TIMEOUT_MS = 20_000;

/** Errors come from the rule's realm, where `instanceof Error` against ours is false. */
const describeRuleError = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);

/**
 * A legacy Rule compiled once, run per login. Auth0 ran Rules in long-lived containers, where a
 * rule's globals (`configuration`, anything it put on `global`) outlived one login; each login got
 * its own `user` and `context`. A fresh `vm` context per login cost about 1.5 ms of CPU, most of a
 * property test's thousand runs.
 */
export interface LoadedLegacyRule {
  run(user: LegacyRuleUser): Promise<LegacyRuleResult>;
}

/**
 * Loads a legacy Rule, `function (user, context, callback)`, the way the Rules pipeline did: the
 * source is one function expression, `configuration` is a global, and the tokens get whatever the
 * rule left in `context.idToken` / `context.accessToken` when it called back.
 */
export const loadLegacyRule = (source: string, options: LegacyRuleOptions = {}): LoadedLegacyRule => {
  const sandbox = vm.createContext({
    configuration: { ...options.configuration },
    UnauthorizedError: class UnauthorizedError extends Error {},
    console: { log: () => undefined },
  });
  const rule = vm.runInContext(`(${source.trim()})`, sandbox, { filename: 'legacy-rule.js' });
  if (typeof rule !== 'function')
    throw new TypeError('a legacy rule must be a single function (user, context, callback)');
  const newContext = vm.runInContext('() => ({ idToken: {}, accessToken: {} })', sandbox);
  const parseInRealm = vm.runInContext('(u) => JSON.parse(u)', sandbox);
  // Claims went into tokens as JSON: clone through JSON in the rule's realm, parse in ours.
  const stringifyInRealm = vm.runInContext('(v) => JSON.stringify(v ?? {})', sandbox);
  const asJson = (value: unknown): Record<string, unknown> => JSON.parse(stringifyInRealm(value));
  const timeoutMs = options.timeoutMs ?? RULE_TIMEOUT_MS;

  const run = (user: LegacyRuleUser): Promise<LegacyRuleResult> => {
    const context = newContext();
    context.clientID = options.clientID ?? 'legacy-client';
    const ruleUser = parseInRealm(JSON.stringify(user));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the legacy rule did not call back within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const callback = (
        error: unknown,
        _user: unknown,
        finalContext: { idToken?: unknown; accessToken?: unknown },
      ) => {
        clearTimeout(timer);
        const done = finalContext ?? context;
        resolve({
          idToken: asJson(done.idToken),
          accessToken: asJson(done.accessToken),
          ...(error ? { error: describeRuleError(error) } : {}),
        });
      };
      try {
        rule(ruleUser, context, callback);
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    });
  };
  return { run };
};

/** Loads the rule and runs it for one login. */
export const runLegacyRule = (
  source: string,
  user: LegacyRuleUser,
  options: LegacyRuleOptions = {},
): Promise<LegacyRuleResult> => loadLegacyRule(source, options).run(user);
