import type { Json } from '../../core/json.ts';
import type { PostLoginApi, PostLoginEvent } from '../../core/post-login-types.ts';
import type { ApiMethod, CallResult, PostLoginRecord } from './record.ts';

/** What each part of `api` needs from the `api` it belongs to. */
export interface ApiDeps {
  event: PostLoginEvent;
  record: PostLoginRecord;
  /** The tenant's domain. */
  domain: string;
  now: () => number;
  /** The Action's realm's error constructors, so `instanceof Error` holds inside the Action. */
  errors: { Error: ErrorConstructor; TypeError: TypeErrorConstructor };
  /** True while `onContinuePostLogin` runs. */
  continuing: boolean;
  /** The event object the running Action holds, for what Auth0 updates in place. */
  liveEvent: () => PostLoginEvent | undefined;
  note: (method: ApiMethod, args: unknown[], result: CallResult, reason?: string) => void;
  /** `note` for an applied call whose arguments are already JSON copies, taken once for both uses. */
  noteCopied: (method: ApiMethod, args: Json[]) => void;
  fail: (method: ApiMethod, args: unknown[], error: Error, result?: CallResult) => never;
  /** Records and answers true when the handler already settled: Auth0 ignores such calls. */
  late: (method: ApiMethod, args: unknown[]) => boolean;
  /** Whether the handler already settled, asked before building what `late` would record. */
  isFinished: () => boolean;
  self: () => PostLoginApi;
}

/** Arguments as recorded: trailing `undefined` left out, so `f(a)` and `f(a, undefined)` read alike. */
export const given = (...args: unknown[]): unknown[] => {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end -= 1;
  return args.slice(0, end);
};
