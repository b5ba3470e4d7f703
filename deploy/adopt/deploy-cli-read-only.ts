import { createRequire } from 'node:module';
import type { ManagedType, Resource } from '../desired-state.ts';

// The fields auth0-deploy-cli's own `export` leaves out because Auth0 returns them but refuses them
// on update (`lib/readonly.js`: a client's `callback_url_template` and `owners`, a connection's
// `provisioning_ticket_url`, tenant flags only Auth0 sets...). Its list, not a copy of it: an upgrade
// of deploy-cli brings its new entries. The module needs only lodash and dot-prop, not the SDK.

type CleanAssets = (
  assets: Record<string, unknown>,
  config: Record<string, unknown>,
) => Record<string, unknown>;
const requireHere = createRequire(import.meta.url);
const cleanAssets = (requireHere('auth0-deploy-cli/lib/readonly.js') as { default: CleanAssets }).default;

/** `item` (one resource, or the settings object of a settings type) without deploy-cli's read-only fields. */
export const withoutReadOnly = (type: ManagedType, item: Resource, settings: boolean): Resource => {
  // A copy: deploy-cli deletes nested fields in place.
  const copy = structuredClone(item);
  const cleaned = cleanAssets({ [type]: settings ? copy : [copy] }, {})[type];
  return ((settings ? cleaned : (cleaned as Resource[] | undefined)?.[0]) ?? {}) as Resource;
};
