/**
 * Headless Chromium for the dashboard's end-to-end tests: Debian's `chromium` package driven by
 * playwright-core (no browser download). `.ci/run` installs the package when it is absent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser with its own profile (a new user-data dir), removed on close. */
export async function launchBrowser(options: { locale?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'labgrader-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    locale: options.locale ?? 'en-US',
    viewport: { width: 1400, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The focused element of the heatmap: its role, its row's `aria-rowindex`, its index in the row. */
export function focusedCell(page: Page) {
  return page.locator(':focus').evaluate((cell) => ({
    role: cell.getAttribute('role'),
    row: cell.parentElement?.getAttribute('aria-rowindex') ?? null,
    index: cell.parentElement ? [...cell.parentElement.children].indexOf(cell) : -1,
    tabindex: cell.getAttribute('tabindex'),
  }));
}
