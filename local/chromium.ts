import sparticuz from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

/**
 * @sparticuz/chromium's flags are for a browser that scrapes in a Lambda. Three of them switch off
 * what the sample app is tested for: `--disable-web-security` turns CORS off (a page could read any
 * origin's answers), `--allow-running-insecure-content` and `--disable-site-isolation-trials` loosen
 * origin rules. Left out, the browser enforces what a user's browser does.
 */
const LEFT_OUT = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  // One process for everything, as a Lambda wants: closing a test's context then ends the browser.
  '--single-process',
  // WebGL through SwiftShader, which nothing here draws: with the GPU off instead (below), the
  // browser tests took 11.2 CPU-seconds rather than 13.9 (two runs each, same machine).
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--in-process-gpu',
  '--ignore-gpu-blocklist',
]);

/** The tests are offline: nothing may phone home, update itself or prefetch. */
const OFFLINE = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--no-first-run',
  '--no-pings',
  '--metrics-recording-only',
  '--dns-prefetch-disable',
  '--disable-gpu',
];

/**
 * Headless Chromium from the lockfile (@sparticuz/chromium), nothing downloaded, web security on.
 * `trustSpki`: base64 SHA-256 hashes of server keys whose certificates it accepts (the local tenant's
 * under `npm start -- --https`), and no others.
 */
export const launchChromium = async (options: { trustSpki?: readonly string[] } = {}): Promise<Browser> =>
  chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [
      ...sparticuz.args.filter((arg) => !LEFT_OUT.has(arg)),
      ...OFFLINE,
      ...(options.trustSpki?.length
        ? [`--ignore-certificate-errors-spki-list=${options.trustSpki.join(',')}`]
        : []),
    ],
    headless: true,
  });
