import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { REPO_ROOT } from '../../../core/paths.ts';

/** Git-ignored: a failing browser test leaves its screenshot and page console here. */
export const FAILURE_DIR = path.join(REPO_ROOT, 'test-results', 'browser');

/**
 * @sparticuz/chromium's flags are for a browser that scrapes in a Lambda. Three of them switch off
 * what these tests are about: `--disable-web-security` turns CORS off (a page could read any
 * origin's answers), `--allow-running-insecure-content` and `--disable-site-isolation-trials` loosen
 * origin rules. Left out, the browser enforces what a user's browser does.
 */
const WEAKENS_THE_WEB = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  // One process for everything, as a Lambda wants: closing a test's context then ends the browser.
  '--single-process',
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
];

export const launchBrowser = async (): Promise<Browser> =>
  chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [...sparticuz.args.filter((arg) => !WEAKENS_THE_WEB.has(arg)), ...OFFLINE],
    headless: true,
  });

export interface TestPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Everything the page logged, errors and failed requests included, in order. */
  readonly console: string[];
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

/**
 * A fresh context (its own cookies and storage) and page for one test, closed when the test ends;
 * when it fails, the page's screenshot and console are saved under test-results/browser/<test>/.
 */
export const openTestPage = async (browser: Browser, testName: string): Promise<TestPage> => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  // A step that cannot happen fails in seconds and names the step, not at the test's timeout.
  context.setDefaultTimeout(5_000);
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (message) => lines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) =>
    lines.push(`[requestfailed] ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') {
      const dir = path.join(FAILURE_DIR, slug(testName));
      await mkdir(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, 'screenshot.png'), fullPage: true }).catch(() => {});
      await writeFile(path.join(dir, 'console.txt'), `${page.url()}\n\n${lines.join('\n')}\n`);
    }
    await context.close();
  });
  return { context, page, console: lines };
};
