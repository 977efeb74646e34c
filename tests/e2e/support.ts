import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { totpCodeAt } from '../../src/modules/identity/rules/totp.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Config } from '../../src/platform/config.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { createTestContext, type TestClock } from '../support/test-context.ts';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');

/**
 * The server in-process on a random port, over a fresh in-memory database; `configure` adjusts the
 * server's config (e.g. its incoming folder).
 */
export async function startApp(configure: (config: Config) => Config = (config) => config) {
  const env = await createTestContext();
  const ctx: AppContext = { ...env.ctx, config: configure(env.ctx.config) };
  const server = await buildServer(ctx);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return {
    ...env,
    ctx,
    server,
    baseUrl: `http://127.0.0.1:${address.port}`,
    async stop() {
      await server.close();
      await env.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page at a desktop size; `language` is what the language switch has stored. */
export async function newPage(browser: Browser, baseUrl: string, language: 'ja' | 'en' = 'ja'): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 860 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  await context.addInitScript((lng) => {
    if (!localStorage.getItem('daiko.language')) localStorage.setItem('daiko.language', lng);
  }, language);
  return context.newPage();
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The temporary password of the newest mail to `email` in the outbox. */
export async function temporaryPasswordFor(ctx: AppContext, email: string): Promise<string> {
  const mail = await ctx.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('to_address', '=', email)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const match = /仮パスワード: (\S+)/.exec(mail.text_body);
  if (!match?.[1]) throw new Error(`no temporary password in the mail to ${email}`);
  return match[1];
}

/**
 * A minimal API client over real HTTP for setting up data as a signed-in user (cookie + CSRF).
 * The clock moves one TOTP step first: a code is accepted once.
 */
export async function apiSession(baseUrl: string, clock: TestClock, user: { email: string; password: string; totpSecret: string }) {
  let cookie = '';
  let csrf = '';
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith('daiko_session='));
    if (session) cookie = session.split(';')[0]!;
    const json = (await response.json()) as T & { csrfToken?: string };
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    if (json.csrfToken) csrf = json.csrfToken;
    return json;
  };
  clock.advance(30_000);
  await call('POST', '/api/auth/sign-in', { email: user.email, password: user.password });
  await call('POST', '/api/auth/mfa/verify', { code: totpCodeAt(user.totpSecret, clock.now()) });
  return { get: <T>(url: string) => call<T>('GET', url), post: <T>(url: string, body: unknown) => call<T>('POST', url, body) };
}

/** Signs in through the sign-in page and the MFA challenge page. */
export async function signInWithMfa(page: Page, clock: TestClock, user: { email: string; password: string; totpSecret: string }, shot?: string) {
  await page.goto('/sign-in');
  await page.getByLabel('メールアドレス').fill(user.email);
  await page.getByLabel('パスワード').fill(user.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL('**/sign-in/mfa');
  if (shot) await screenshot(page, shot);
  clock.advance(30_000);
  await page.getByLabel('確認コード').fill(totpCodeAt(user.totpSecret, clock.now()));
  await page.getByRole('button', { name: '確認' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
