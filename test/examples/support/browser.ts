import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { REPO_ROOT } from '../../../core/paths.ts';

/** Git-ignored: a failing browser test leaves its screenshot and page console here. */
export const FAILURE_DIR = path.join(REPO_ROOT, 'test-results', 'browser');

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
