import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';

// A synthetic Auth0 users export (NDJSON, gzipped, one user a line, the fields the audit asks the
// export job for) with the metadata a tenant accumulates over years: mostly the contract's fields,
// some invalid, undeclared keys of every size, a few profiles near Auth0's 100 KB claim limit, and
// the odd malformed line. Seeded, so every run writes the same bytes.

const LANGUAGES = ['en', 'en-GB', 'de-CH', 'fr', 'pt-BR', 'ja', 'zh-Hant-TW', 'es-419'];
const BAD_LANGUAGES = ['english', 'EN_us', '', 'klingon!'];
const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Australia/Sydney'];
const BAD_ZONES = ['Mars/Olympus', 'GMT+25'];
const THEMES = ['light', 'dark', 'system'];
const PLANS = ['free', 'pro', 'enterprise'];

/** mulberry32: a small, fast, seeded generator. */
const random = (seed: number) => {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const exportedUser = (next: () => number, index: number): Record<string, unknown> => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number) => next() < p;
  const user_metadata: Record<string, unknown> = {};
  if (chance(0.85)) {
    const preferences: Record<string, unknown> = {};
    if (chance(0.9)) preferences.language = chance(0.95) ? pick(LANGUAGES) : pick(BAD_LANGUAGES);
    if (chance(0.6)) preferences.timezone = chance(0.97) ? pick(ZONES) : pick(BAD_ZONES);
    if (chance(0.7)) preferences.theme = chance(0.98) ? pick(THEMES) : 'blue';
    if (chance(0.2)) preferences.beta = chance(0.5);
    user_metadata.preferences = chance(0.995) ? preferences : 'dark';
  }
  if (chance(0.7)) user_metadata.display_name = chance(0.97) ? `User ${index}` : ` padded ${index} `;
  if (chance(0.4)) user_metadata.signup_source = pick(['web', 'ios', 'android', 'partner-campaign-2024']);
  if (chance(0.3)) user_metadata.marketing_opt_in = chance(0.5);
  if (chance(0.1))
    user_metadata.address = { street: `${index} Main St`, city: 'Zurich', postcode: '8001', country: 'CH' };
  if (chance(0.15))
    user_metadata.onboarding = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`step_${i}`, { done: i % 3 !== 0, at: 1_700_000_000 + i }]),
    );
  if (chance(0.03))
    user_metadata.favorites = Array.from({ length: 200 }, (_, i) => `item-${index % 997}-${i}`);
  // About one user in 40,000 carries a blob that takes the legacy Rule's ID token near or over 100 KB.
  if (chance(0.000025)) user_metadata.notes = 'x'.repeat(80_000 + Math.floor(next() * 40_000));

  const app_metadata: Record<string, unknown> = {};
  if (chance(0.9)) app_metadata.tenant_id = chance(0.98) ? `tenant-${index % 5_000}` : 'Not A Slug';
  if (chance(0.8))
    app_metadata.roles = Array.from({ length: 1 + Math.floor(next() * 12) }, (_, i) => `role-${i}`);
  if (chance(0.8)) app_metadata.plan = pick(PLANS);
  if (chance(0.5)) app_metadata.stripe_customer = `cus_${(index * 7919).toString(36)}`;
  if (chance(0.1))
    app_metadata.feature_flags = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`flag_${i}`, i % 2 === 0]),
    );
  if (chance(0.02))
    app_metadata.permissions_cache = Array.from({ length: 500 }, (_, i) => `resource:${i}:read`);
  // Long role lists push the access-token claim past its budget.
  if (chance(0.001))
    app_metadata.roles = Array.from(
      { length: 32 },
      (_, i) => `role-with-a-long-name-${i}-${'r'.repeat(100)}`,
    );

  const created = new Date(Date.UTC(2018, 0, 1) + Math.floor(next() * 2.5e11)).toISOString();
  return {
    user_id: `auth0|${(index + 1).toString(16).padStart(24, '0')}`,
    email: `user${index}@example.com`,
    email_verified: chance(0.9),
    name: `User ${index}`,
    created_at: created,
    updated_at: created,
    user_metadata,
    app_metadata,
  };
};

/** Writes `users` lines to `file`, gzipped; about one line in 100,000 is cut short (malformed). */
export const writeUsersExport = async (file: string, users: number, seed = 20_261_201): Promise<void> => {
  const next = random(seed);
  const gzip = createGzip({ level: 1 });
  const out = createWriteStream(file);
  gzip.pipe(out);
  let chunk = '';
  for (let index = 0; index < users; index++) {
    const line = JSON.stringify(exportedUser(next, index));
    chunk += `${next() < 0.00001 ? line.slice(0, line.length >> 1) : line}\n`;
    if (chunk.length > 1 << 20) {
      if (!gzip.write(chunk)) await once(gzip, 'drain');
      chunk = '';
    }
  }
  gzip.end(chunk);
  await once(out, 'finish');
};
