import vm from 'node:vm';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import { eventFor, type LoginOutcome, type RunOptions, runPostLoginFlow } from './flow.ts';
import { createParsedMembersCopier, type ParsedMembersCopier } from './parsed-copy.ts';
import { createPostLoginRecord } from './record.ts';
import type { LoadedAction } from './run.ts';

/**
 * One login of an exported user (a users export's line, as JSON.parse returns it: plain data, no
 * getters or symbol keys), the event's user with its fields over it.
 */
export type UserLogin = (exported: Record<string, unknown>) => Promise<LoginOutcome>;

// Stands for the user in the event's JSON while the rest of it is compiled; no user data reaches it.
const USER_PLACEHOLDER = '\u0000user-logins:user\u0000';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object of this realm's Object.prototype, as JSON.parse returns one. */
const isParsedRecord = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Auth0 hands an Action metadata objects always: anything else counts as none. */
const loginUser = (
  base: PostLoginEvent['user'],
  exported: Record<string, unknown>,
): PostLoginEvent['user'] => ({
  ...base,
  ...exported,
  user_metadata: isRecord(exported.user_metadata) ? exported.user_metadata : {},
  app_metadata: isRecord(exported.app_metadata) ? exported.app_metadata : {},
});

/**
 * The function that builds a login's event in the Action's realm from the exported user: the user
 * copied into the realm (`intoRealm`, as JSON would copy it) and merged there as `loginUser` does,
 * inside the rest of the event compiled once as object literals. V8 builds literals from a template,
 * far cheaper than parsing the same JSON per login (measured: 15 µs for the default event, more
 * than the rest of the hand-over). A literal's `__proto__: x` sets the prototype where JSON.parse
 * makes an own key, so such an event, or one the placeholder cannot cut cleanly, is copied over whole
 * per login instead.
 */
const compileEvent = (
  action: LoadedAction,
  handed: PostLoginEvent,
): ((exported: Record<string, unknown>) => PostLoginEvent) => {
  const text = JSON.stringify({ ...handed, user: USER_PLACEHOLDER });
  const baseUser = JSON.stringify(handed.user);
  const parts = text.split(JSON.stringify(USER_PLACEHOLDER));
  const [before, after] = parts;
  if (
    parts.length !== 2 ||
    before === undefined ||
    after === undefined ||
    `${text}${baseUser}`.includes('"__proto__"')
  ) {
    return (exported) =>
      action.intoRealm({ ...handed, user: loginUser(handed.user, exported) }) as PostLoginEvent;
  }
  // A user as JSON.parse returns it (parsed-copy.ts) is spread over the base user's literal, and its
  // objects and arrays copied over their members. Any other user (which the audit never hands over:
  // it parses every line) is copied whole by `intoRealm` and spread over the base user.
  const spreadUser = baseUser === '{}' ? '{ ...exported }' : `${baseUser.slice(0, -1)}, ...exported }`;
  const factory = vm.runInContext(
    `(function (copy, copyParsed, isParsed, isArray) {
      'use strict';
      const isRecord = (value) => typeof value === 'object' && value !== null && !isArray(value);
      return function (exported) {
        if (isParsed(exported)) {
          const user = ${spreadUser};
          if (copyParsed(user, exported)) {
            user.user_metadata = isRecord(exported.user_metadata) ? user.user_metadata : {};
            user.app_metadata = isRecord(exported.app_metadata) ? user.app_metadata : {};
            return ${before}user${after};
          }
        }
        const copied = copy(exported);
        const user = { ...${baseUser}, ...copied };
        user.user_metadata = isRecord(copied.user_metadata) ? copied.user_metadata : {};
        user.app_metadata = isRecord(copied.app_metadata) ? copied.app_metadata : {};
        return ${before}user${after};
      };
    })`,
    action.realm,
    { filename: `${action.name}:event` },
  ) as (
    copy: LoadedAction['intoRealm'],
    copyParsed: ParsedMembersCopier,
    isParsed: (value: unknown) => boolean,
    isArray: (value: unknown) => boolean,
  ) => (exported: unknown) => PostLoginEvent;
  // Host functions, as loginUser's: Array.isArray tells arrays of any realm, and a global of the
  // Action's realm would be looked up through the context's interceptor at each login.
  return factory(action.intoRealm, createParsedMembersCopier(action.realm), isParsedRecord, Array.isArray);
};

/**
 * Many logins through one loaded Action that differ only by their user, as the audit runs a users
 * export: the very flow of `action.run` (same `api`, claim rules, limits, failures and tokens), with
 * two copies taken out. The event around the user is compiled into the Action's realm once, so only
 * the user is copied over; and the outcome comes back without the flow's final JSON copy, so the
 * caller must only read it. test/emulator/user-logins.test.ts holds it to `action.run`.
 */
export const createUserLogins = (
  action: LoadedAction,
  event: PostLoginEvent,
  options: RunOptions = {},
): UserLogin => {
  // The event the flow hands its first Action: that Action's secrets, no transaction metadata yet.
  const handed = eventFor(event, action, createPostLoginRecord());
  const build = compileEvent(action, handed);
  return (exported) =>
    runPostLoginFlow([action], { ...event, user: loginUser(event.user, exported) }, options, {
      handOver: () => build(exported),
      uncopied: true,
    });
};
