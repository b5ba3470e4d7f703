import path from 'node:path';

// Every place in the repository that the toolkit reads or writes, declared once. The team's content
// (actions/, tenant/) stays where the team edits it; generated and local-only state is git-ignored.

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const ACTIONS_DIR = path.join(REPO_ROOT, 'actions');
export const TENANT_DIR = path.join(REPO_ROOT, 'tenant');
export const TENANT_YAML = path.join(TENANT_DIR, 'tenant.yaml');
export const ENVIRONMENTS_DIR = path.join(TENANT_DIR, 'environments');
/** Next to `tenant/tenant.yaml`, so deploy-cli resolves the code without leaving its base path. */
export const BUNDLE_DIR = path.join(TENANT_DIR, 'dist');
export const DOCS_DIR = path.join(REPO_ROOT, 'docs');
export const LEGACY_RULE_FILE = path.join(REPO_ROOT, 'legacy', 'add-metadata-claims.rule.js');
/** Git-ignored state of the local tenant and of what `npm start` runs beside it. */
export const LOCAL_STATE_DIR = path.join(REPO_ROOT, '.tenant-state');
