import { readFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { CLAIM_NAMESPACE } from '../claims/index.ts';
import type { JsonObject } from '../core/json.ts';
import { BUNDLE_DIR, LEGACY_RULE_FILE } from '../core/paths.ts';
import type { OnExecutePostLogin, PostLoginApi, PostLoginEvent } from '../core/post-login-types.ts';
import { buildActions } from '../deploy/build-actions.ts';
import {
  buildEvent,
  compactJwsBytes,
  DEFAULT_API_AUDIENCE,
  loadBundledAction,
} from '../emulator/actions/index.ts';
import { runLegacyRule } from '../emulator/rules/run-legacy-rule.ts';
import { type Figure, formatFigure } from './figures.ts';
import { largeProfile, typicalProfile } from './profiles.ts';
import { formatNs, quantile, sampleInterleavedNs, sampleNs } from './stats.ts';

/** Loads the bundle's handler directly, to time the Action's own code without the emulator around it. */
const loadHandler = (code: string): OnExecutePostLogin => {
  const module = { exports: {} as { onExecutePostLogin?: OnExecutePostLogin } };
  vm.runInThisContext(`(function (module, exports) {${code}\n})`)(module, module.exports);
  if (!module.exports.onExecutePostLogin) throw new Error('the bundle exports no onExecutePostLogin');
  return module.exports.onExecutePostLogin;
};

const recordingApi = (sink: Record<string, unknown>): PostLoginApi => {
  const api = {} as PostLoginApi;
  const setCustomClaim = (name: string, value: unknown) => {
    sink[name] = value;
    return api;
  };
  Object.assign(api, { idToken: { setCustomClaim }, accessToken: { setCustomClaim } });
  return api;
};

const eventFor = (user: ReturnType<typeof largeProfile>): PostLoginEvent =>
  buildEvent({ secrets: { API_AUDIENCE: DEFAULT_API_AUDIENCE }, user });

/**
 * The handler's time per login against its floor, `JSON.stringify` of the claims it emits (what Auth0
 * does with them at least once). Both run in batches of 20, one batch of each in turn, so that the
 * machine's noise slows both alike: the handler's work is synchronous before it returns.
 */
const againstFloor = (handler: OnExecutePostLogin, event: PostLoginEvent) => {
  const emitted: Record<string, unknown> = {};
  const api = recordingApi(emitted);
  const quiet = console.log;
  console.log = () => undefined;
  try {
    const [handlerNs = [], floorNs = []] = sampleInterleavedNs(
      [() => handler(event, api), () => JSON.stringify(emitted)],
      2_000,
      20,
    );
    return { handlerNs, floorNs };
  } finally {
    console.log = quiet;
  }
};

/** The handler's median against its floor's median; the p99s are printed beside it. */
const handlerFigure = (
  label: string,
  { handlerNs, floorNs }: ReturnType<typeof againstFloor>,
  budget?: Figure['budget'],
): Figure => {
  console.log(
    `  ${label}: p99 ${formatNs(quantile(handlerNs, 0.99))} against the floor's ${formatNs(quantile(floorNs, 0.99))}`,
  );
  return {
    label: `claims handler median, ${label}`,
    value: quantile(handlerNs, 0.5) / 1e3,
    unit: 'µs',
    floor: { label: 'JSON.stringify of the claims it emits', value: quantile(floorNs, 0.5) / 1e3 },
    ...(budget ? { budget } : {}),
  };
};

export const benchClaims = async (): Promise<Figure[]> => {
  const [built] = (await buildActions()).filter((action) => action.name === 'post-login-claims');
  const file = path.join(BUNDLE_DIR, 'post-login-claims.js');
  const code = await readFile(file, 'utf8');
  const profile = largeProfile();
  const event = eventFor(profile);

  const handler = loadHandler(code);
  const large = againstFloor(handler, event);
  const typical = againstFloor(handler, eventFor(typicalProfile() as ReturnType<typeof largeProfile>));

  const action = await loadBundledAction(file);
  const outcome = await action.run(event);
  const emulatorNs = await sampleNs(() => action.run(event), 3_000);

  const legacy = await runLegacyRule(
    await readFile(LEGACY_RULE_FILE, 'utf8'),
    {
      user_id: event.user.user_id,
      ...profile,
    },
    { configuration: { CLAIM_NAMESPACE } },
  );
  const ours = (payload: Record<string, unknown> = {}) =>
    Object.fromEntries(Object.entries(payload).filter(([name]) => !name.startsWith(CLAIM_NAMESPACE)));
  const legacyId = compactJwsBytes({ ...ours(outcome.idToken?.payload), ...legacy.idToken } as JsonObject);
  const legacyAccess = compactJwsBytes({
    ...ours(outcome.accessToken?.payload),
    ...legacy.accessToken,
  } as JsonObject);

  console.log('post-login-claims');
  const largeFigure = handlerFigure(
    "large profile (the contract's keys amid undeclared metadata)",
    large,
    'claims.handler',
  );
  console.log(`  whole emulated login, large profile: p99 ${formatNs(quantile(emulatorNs, 0.99))}`);
  const figures: Figure[] = [
    { label: 'claims bundle', value: built?.bytes ?? Number.NaN, unit: 'bytes', budget: 'claims.bundle' },
    largeFigure,
    handlerFigure("typical profile (only the contract's keys)", typical),
    {
      label: 'whole emulated login median, large profile (vm, api rules, token payloads)',
      value: quantile(emulatorNs, 0.5) / 1e3,
      unit: 'µs',
      floor: { label: 'the handler alone', value: largeFigure.value },
    },
  ];
  console.log(
    `  ID token ${outcome.idToken?.bytes} bytes vs legacy rule ${legacyId} bytes (${((outcome.idToken?.bytes ?? 0) / legacyId).toFixed(2)}x); ` +
      `access token ${outcome.accessToken?.bytes} bytes vs legacy rule ${legacyAccess} bytes (${((outcome.accessToken?.bytes ?? 0) / legacyAccess).toFixed(2)}x)`,
  );
  for (const figure of figures) console.log(formatFigure(figure));
  return figures;
};
