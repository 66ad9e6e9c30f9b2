// Chromium (Debian's package) driven by playwright-core, with an axe WCAG 2.1 AA check helper.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

function chromiumPath(): string {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser']).toString().trim();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export function baseUrl(slug?: string): string {
  const port = inject('port');
  return slug ? `http://${slug}.localhost:${port}` : `http://localhost:${port}`;
}

let clients = 0;

/** A client address per browser context (and per test file's process): each context is another client. */
function nextClientAddress(): string {
  clients += 1;
  return `10.${String(process.pid % 250)}.${String(Math.floor(clients / 250) % 250)}.${String((clients % 250) + 1)}`;
}

export async function newContext(browser: Browser, locale: 'de' | 'en' = 'de', width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: locale === 'de' ? 'de-DE' : 'en-GB',
    viewport: { width, height: 900 },
    extraHTTPHeaders: { 'X-Forwarded-For': nextClientAddress() },
  });
  if (locale === 'en') await context.addInitScript(() => window.localStorage.setItem('kundenportal.locale', 'en'));
  return context;
}

/** Fails with a readable list when axe finds WCAG 2.1 A/AA violations on the page. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(violations, `axe violations on ${label}`).toEqual([]);
}

const artifacts = path.resolve(import.meta.dirname, 'artifacts');

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}
