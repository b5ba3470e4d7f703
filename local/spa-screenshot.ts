import type { Browser, Page } from 'playwright-core';

/** Two valid tags: the screenshot switches to whichever one the user does not have. */
const LANGUAGES = ['fr-CA', 'en-GB'] as const;

export interface ScreenshotOptions {
  /** The app's URL, `http://localhost:5173`. */
  readonly spaUrl: string;
  /** The button the tenant's login page shows for the user, e.g. `Ada Lovelace`. */
  readonly user: string;
  /** Where the PNG goes. */
  readonly file: string;
}

/** Clicks through the tenant's login pages as a person does; consent is asked for loopback apps. */
export const logInThroughTenant = async (page: Page, spaUrl: string, user: string): Promise<void> => {
  await page.goto(`${spaUrl}/`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: new RegExp(user) }).click();
  const accept = page.getByRole('button', { name: 'Accept' });
  const signedIn = page.getByRole('heading', { name: /^Signed in as/ });
  await accept.or(signedIn).waitFor();
  if (await accept.isVisible()) await accept.click();
  await signedIn.waitFor();
};

/**
 * The README's picture of the sample app: log in, change the language through the form, and capture
 * the page once the refreshed ID token shows the old value beside the new. Returns the language
 * before and after.
 */
export const screenshotLanguageChange = async (
  browser: Browser,
  options: ScreenshotOptions,
): Promise<{ before: string; after: string }> => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await logInThroughTenant(page, options.spaUrl, options.user);
    const language = page.getByLabel('Language');
    const before = await language.inputValue();
    const after = LANGUAGES.find((tag) => tag !== before) ?? LANGUAGES[0];
    await language.fill(after);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#result', { hasText: 'Saved.' }).waitFor();
    await page.screenshot({ path: options.file, fullPage: true });
    return { before, after };
  } finally {
    await context.close();
  }
};
