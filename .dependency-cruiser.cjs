// Folders are the layers (README, "Layout"): each may import only the folders listed for it, and no
// import may form a cycle. `npm run lint` runs this, so a violation fails `npm test`.
const LAYERS = {
  core: [],
  claims: ['core'],
  actions: ['claims', 'core'],
  app: ['claims', 'core'],
  emulator: ['core'],
  api: ['claims', 'core'],
  deploy: ['claims', 'core'],
  audit: ['emulator', 'deploy', 'claims', 'core'],
  local: ['deploy', 'emulator', 'api', 'app', 'claims', 'core'],
  examples: ['app', 'claims', 'core'],
  bench: ['audit', 'local', 'deploy', 'emulator', 'api', 'app', 'actions', 'claims', 'core'],
  scripts: ['audit', 'local', 'examples', 'deploy', 'emulator', 'api', 'app', 'claims', 'core', 'bench'],
};
const ALL = [...Object.keys(LAYERS), 'tenant', 'legacy', 'test'];

// A rerun on unchanged sources is answered from a cache (1.0 s of CPU instead of 4 s), which checks
// the sources' content and the options but not the rules: it lives in a folder named after this
// file's content and dependency-cruiser's version, so other rules or another version cruise afresh.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const CACHE_KEY = createHash('sha256')
  .update(readFileSync(__filename))
  .update(readFileSync(`${__dirname}/node_modules/dependency-cruiser/package.json`))
  .digest('hex')
  .slice(0, 16);

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one; split out what both need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(LAYERS).map(([layer, allowed]) => ({
      name: `layer-${layer}`,
      comment: `${layer}/ may import only ${allowed.join(', ') || 'node_modules'}: a layer never imports one above it.`,
      severity: 'error',
      from: { path: `^${layer}/` },
      to: { path: `^(${ALL.filter((other) => other !== layer && !allowed.includes(other)).join('|')})/` },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/|^\\.' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    cache: { folder: `node_modules/.cache/dependency-cruiser/${CACHE_KEY}`, strategy: 'content' },
  },
};
