import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { repoRoot } from '../support/runtime-harness';

/** Where the browser tests leave their screenshots (git-ignored). */
export const ARTIFACTS = path.join(repoRoot, 'test-artifacts');

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The Chromium to drive: CHROMIUM_PATH when set, else a system Chromium when present, else the one
 * @sparticuz/chromium ships inside its npm package (unpacked to /tmp on first use; Linux only).
 */
export async function chromiumExecutable(): Promise<{ executablePath: string; args: string[] }> {
  const common = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return { executablePath: fromEnv, args: common };
  const system = SYSTEM_CHROMIUM.find((p) => fs.existsSync(p));
  if (system) return { executablePath: system, args: common };
  // The package is an ES module only: a child Node unpacks it and says where (and with which flags).
  const script =
    "const c = (await import('@sparticuz/chromium')).default; process.stdout.write(JSON.stringify({ executablePath: await c.executablePath(), args: c.args }));";
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const packaged = JSON.parse(out) as { executablePath: string; args: string[] };
  // Its Lambda-minded flags that would make this browser less like a person's are left out.
  const dropped = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);
  const args = packaged.args.filter((a) => !dropped.has(a));
  return { executablePath: packaged.executablePath, args: [...new Set([...args, ...common])] };
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const { executablePath, args } = await chromiumExecutable();
  return chromium.launch({ executablePath, args, headless: true });
}

/** What the page said on its console and threw, kept for the test to check (there must be none). */
export interface PageProblems {
  errors: string[];
}

/**
 * The page's console errors, less the browser's own "Failed to load resource" lines for answers the
 * test provoked on purpose (`provoked`: status and path, e.g. a refused deposit) and for a 404 from
 * /api/live/negotiate while this build has no live hub (the page then polls, as it must). Every
 * script error and every other failed request stays.
 */
export async function unexpectedErrors(
  problems: PageProblems,
  baseUrl: string,
  provoked: { status: number; path: string }[] = [],
): Promise<string[]> {
  const negotiate = await fetch(`${baseUrl}/api/live/negotiate`);
  const allowed = [
    ...provoked,
    ...(negotiate.status === 404 ? [{ status: 404, path: '/api/live/negotiate' }] : []),
  ];
  return problems.errors.filter(
    (e) =>
      !allowed.some(
        (a) =>
          e.startsWith(`Failed to load resource: the server responded with a status of ${a.status} `) &&
          e.endsWith(`${baseUrl}${a.path}`),
      ),
  );
}

export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  // The local identity provider serves HTTPS with a self-signed certificate.
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    ignoreHTTPSErrors: true,
    reducedMotion: 'reduce',
    // A customer's browser far from the bakery: the page must still show the bakery's own times.
    locale: 'en-AU',
    timezoneId: 'America/New_York',
  });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.errors.push(`${message.text()} @ ${message.location().url}`);
  });
  page.on('pageerror', (error) => problems.errors.push(`page error: ${error.message}`));
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
