import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { runMain } from '../core/run-main.ts';
import { buildSpa } from '../examples/spa/build.ts';
import { launchChromium } from '../local/chromium.ts';
import { runLocalDemo } from '../local/run-local-demo.ts';
import { screenshotLanguageChange } from '../local/spa-screenshot.ts';

/** The README shows this file. */
const SCREENSHOT = path.join(REPO_ROOT, 'docs', 'images', 'sample-spa-language-change.png');

// `npm run screenshot [-- --spa-port N]`: what `npm start` serves, in headless Chromium, after Ada
// changes her language; regenerates the README's picture.
runMain(async () => {
  const portFlag = process.argv.indexOf('--spa-port');
  const spaPort = portFlag === -1 ? undefined : Number(process.argv[portFlag + 1]);
  const dist = await mkdtemp(path.join(tmpdir(), 'spa-screenshot-'));
  const demo = await runLocalDemo({
    port: 0,
    apiPort: 0,
    build: false,
    log: () => {},
    // A tenant of its own, from empty: the picture never depends on (or changes) the saved local one.
    fresh: true,
    stateFile: path.join(dist, 'local.json'),
    spa: {
      ...(spaPort === undefined ? {} : { port: spaPort }),
      build: async () => ({ dir: (await buildSpa(dist)).dir, summary: '' }),
    },
  });
  const browser = await launchChromium();
  try {
    const { before, after } = await screenshotLanguageChange(browser, {
      spaUrl: demo.spa?.url ?? '',
      user: 'Ada Lovelace',
      file: SCREENSHOT,
    });
    console.log(
      `${path.relative(REPO_ROOT, SCREENSHOT)}: Ada's language ${before} -> ${after} at ${demo.spa?.url}/`,
    );
  } finally {
    await Promise.all([browser.close(), demo.close(), rm(dist, { recursive: true, force: true })]);
  }
  return 0;
});
