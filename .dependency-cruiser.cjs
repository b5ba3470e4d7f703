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
  },
};
