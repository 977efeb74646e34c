import type { LightMyRequestResponse } from 'fastify';
import { buildServer, type DaikoServer } from '../../src/server/app.ts';
import { totpCodeAt } from '../../src/modules/identity/rules/totp.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { TestClock } from './test-context.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A browser-like client of the API: keeps the session cookie and sends the CSRF token. */
export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  constructor(
    readonly server: DaikoServer,
    readonly clock: TestClock,
  ) {}

  async call(method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse> {
    const response = await this.server.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: body as object }),
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
      },
    });
    const setCookie = response.cookies.find((c) => c.name === 'daiko_session');
    if (setCookie) this.cookie = setCookie.value ? `daiko_session=${setCookie.value}` : undefined;
    const json = safeJson(response.body);
    if (json && typeof json === 'object' && 'csrfToken' in json) this.csrfToken = String(json.csrfToken);
    return response;
  }

  get = (url: string) => this.call('GET', url);
  post = (url: string, body: unknown = {}) => this.call('POST', url, body);
  patch = (url: string, body: unknown) => this.call('PATCH', url, body);
  delete = (url: string) => this.call('DELETE', url);

  /**
   * Full sign-in of an enrolled user: password, then a TOTP code. The clock moves on one TOTP step
   * first, as a person signing in again would, since a code is accepted only once.
   */
  async signIn(email: string, password: string, totpSecret: string) {
    this.clock.advance(30_000);
    const at = this.clock.now();
    const first = await this.post('/api/auth/sign-in', { email, password });
    if (first.statusCode !== 200) throw new Error(`sign-in failed: ${first.statusCode} ${first.body}`);
    const second = await this.post('/api/auth/mfa/verify', { code: totpCodeAt(totpSecret, at) });
    if (second.statusCode !== 200) throw new Error(`mfa failed: ${second.statusCode} ${second.body}`);
    await this.get('/api/me');
    return this;
  }
}

export function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export async function startTestServer(ctx: AppContext) {
  return buildServer(ctx, { logger: false });
}
