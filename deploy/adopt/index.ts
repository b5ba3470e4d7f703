// `npm run import`: adopting an existing tenant into tenant.yaml (not deploy-cli's "import", which
// is a deploy: run-import.ts).
export { type AdoptOptions, type AdoptResult, adoptTenant } from './adopt-tenant.ts';
export { type AdoptCommandLine, parseAdoptCommandLine } from './command-line.ts';
