import { once } from 'node:events';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { runMain } from '../core/run-main.ts';
import { buildSpa } from '../examples/spa/build.ts';
import { parseStartCommandLine } from '../local/command-line.ts';
import { loadStubs } from '../local/load-stubs.ts';
import { runLocalDemo } from '../local/run-local-demo.ts';

// `npm start [-- --once] [-- --fresh] [-- --https] [-- --port N] [-- --api-port N] [-- --spa-port N] [-- --stubs FILE]`: the whole
// job on the local tenant (the saved --env local state; --fresh starts empty), with no Auth0 account:
// deploy, login, the preferences round trip through our API, and the sample SPA to try it in a browser.
runMain(async () => {
  const args = parseStartCommandLine(process.argv.slice(2));
  const demo = await runLocalDemo({
    port: args.port,
    apiPort: args.apiPort,
    once: args.once,
    fresh: args.fresh,
    ...(args.https ? { https: {} } : {}),
    ...(args.stubs ? { stubs: await loadStubs(args.stubs) } : {}),
    log: (line) => console.log(line),
    spa: {
      ...(args.spaPort === undefined ? {} : { port: args.spaPort }),
      build: async () => {
        const built = await buildSpa();
        return {
          dir: built.dir,
          summary: `built ${path.relative(REPO_ROOT, built.dir)}/app.js  ${built.scriptGzipBytes} bytes gzipped (budget ${built.budget})`,
        };
      },
    },
  });
  if (!args.once) {
    console.log('');
    console.log(
      `serving the sample app on ${demo.spa?.url}/, the local tenant on ${demo.served.url} and the preferences API on ${demo.api.url}; Ctrl-C to stop`,
    );
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    console.log('stopping');
  }
  await demo.close();
  return 0;
});
