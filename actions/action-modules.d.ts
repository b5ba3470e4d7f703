// The Action Modules an Action uses (tenant.yaml `modules`), as its code imports them:
// `import logger from 'actions:logger'` (or `require('actions:logger')`). Auth0 holds a module's code,
// so its exports are unknown to the type check: narrow what you use, or give a module its exact type
// with a declaration of its own beside the Action, which wins over this one:
//   declare module 'actions:logger' {
//     const logger: { sendLog(code: string, message: string): Promise<number> };
//     export default logger;
//   }
declare module 'actions:*' {
  /** What the module's code assigns to `module.exports`. */
  const actionModule: { readonly [exportName: string]: unknown };
  export default actionModule;
}
