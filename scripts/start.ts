import { once } from 'node:events';
import { parseStartCommandLine } from '../local/command-line.ts';
import { runLocalDemo } from '../local/run-local-demo.ts';
import { runMain } from './lib/run-main.ts';

// `npm start [-- --once] [-- --port N] [-- --api-port N]`: the whole job on the local tenant, with no
// Auth0 account: deploy, login, and the preferences round trip through our API.
runMain(async () => {
  const args = parseStartCommandLine(process.argv.slice(2));
  const demo = await runLocalDemo({
    port: args.port,
    apiPort: args.apiPort,
    log: (line) => console.log(line),
  });
  if (!args.once) {
    console.log('');
    console.log(
      `serving the local tenant on ${demo.served.url} and the preferences API on ${demo.api.url}; Ctrl-C to stop`,
    );
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    console.log('stopping');
  }
  await demo.close();
  return 0;
});
