import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let globex: Awaited<ReturnType<typeof seedTenant>>;
let admin: ApiClient;
let csm: ApiClient;
let acmeRep: ApiClient;
let acmeMember: ApiClient;
let globexRep: ApiClient;

beforeAll(async () => {
  env = await createTestContext();
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  globex = await seedTenant(env.ctx, 'GLOBEX');
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  admin = await signIn(await seedStaff(env.ctx, 'admin'));
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  acmeRep = await signIn(acme.representative);
  acmeMember = await signIn(acme.member);
  globexRep = await signIn(globex.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const auditOf = (entityId: string) =>
  env.ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('id').execute();

describe('POST /api/aws-accounts', () => {
  it('registers an account, keeping leading zeros, and assigns it when a company and start are given', async () => {
    const res = await admin.post('/api/aws-accounts', {
      accountId: '000123456789',
      name: 'acme-prod',
      rootEmail: 'AWS+Prod@Acme.test',
      companyId: acme.companyId,
      validFrom: '2024-01-01',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      accountId: '000123456789',
      name: 'acme-prod',
      rootEmail: 'aws+prod@acme.test',
      rootHeldByReseller: true,
      assignments: [
        {
          id: expect.any(String),
          companyId: acme.companyId,
          companyCode: 'ACME',
          companyName: 'ACME 株式会社',
          validFrom: '2024-01-01',
          validTo: null,
        },
      ],
    });
    expect((await auditOf('000123456789')).map((a) => a.action)).toEqual(['aws_account.create']);
    const [assignmentAudit] = await auditOf(res.json().assignments[0].id);
    expect(assignmentAudit).toMatchObject({
      action: 'account_assignment.create',
      company_id: acme.companyId,
      actor_label: 'admin@reseller.test',
    });
  });

  it('registers an account without a company', async () => {
    const res = await admin.post('/api/aws-accounts', { accountId: '222222222222', name: 'spare', rootHeldByReseller: false });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rootEmail: null, rootHeldByReseller: false, assignments: [] });
  });

  it('refuses ids that are not exactly 12 digits, a company without a start, and a registered id', async () => {
    for (const accountId of ['12345678901', '1234567890123', '12345678901a', 123456789012]) {
      const res = await admin.post('/api/aws-accounts', { accountId, name: 'x' });
      expect(res.statusCode).toBe(400);
    }
    const half = await admin.post('/api/aws-accounts', { accountId: '333333333333', name: 'x', companyId: acme.companyId });
    expect(half.statusCode).toBe(400);
    expect(half.json().message).toContain('companyId and validFrom go together');
    const dup = await admin.post('/api/aws-accounts', { accountId: '000123456789', name: 'again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toBe('account_exists');
    expect(
      (await admin.post('/api/aws-accounts', { accountId: '333333333333', name: 'x', companyId: randomUUID(), validFrom: '2024-01-01' }))
        .statusCode,
    ).toBe(404);
    expect((await admin.get('/api/aws-accounts')).json().map((a: { accountId: string }) => a.accountId)).not.toContain('333333333333');
  });

  it('is for admins only', async () => {
    for (const client of [csm, acmeRep, acmeMember]) {
      expect((await client.post('/api/aws-accounts', { accountId: '444444444444', name: 'x' })).statusCode).toBe(403);
    }
  });
});

describe('assignments', () => {
  let acmeWindowId: string;

  it('moves an account mid-month: close the old window, open the new one', async () => {
    acmeWindowId = (await admin.get('/api/aws-accounts?companyId=' + acme.companyId)).json()[0].assignments[0].id;
    const closed = await admin.patch(`/api/aws-accounts/000123456789/assignments/${acmeWindowId}`, { validTo: '2024-03-15' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ id: acmeWindowId, validFrom: '2024-01-01', validTo: '2024-03-15' });
    const opened = await admin.post('/api/aws-accounts/000123456789/assignments', {
      companyId: globex.companyId,
      validFrom: '2024-03-15',
      validTo: null,
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ companyCode: 'GLOBEX', validFrom: '2024-03-15', validTo: null });

    const [audit] = (await auditOf(acmeWindowId)).filter((a) => a.action === 'account_assignment.update');
    expect(audit!.before).toMatchObject({ validFrom: '2024-01-01', validTo: null });
    expect(audit!.after).toMatchObject({ validFrom: '2024-01-01', validTo: '2024-03-15' });
  });

  it('refuses overlapping windows with 409 window_overlap, naming the account and dates', async () => {
    const overlap = await admin.post('/api/aws-accounts/000123456789/assignments', {
      companyId: acme.companyId,
      validFrom: '2024-03-01',
      validTo: '2024-04-01',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toEqual({ error: 'window_overlap', message: expect.stringContaining('000123456789') });
    expect(overlap.json().message).toContain('2024-03-01 – 2024-04-01');
    const stretch = await admin.patch(`/api/aws-accounts/000123456789/assignments/${acmeWindowId}`, { validTo: '2024-03-16' });
    expect(stretch.statusCode).toBe(409);
    expect(stretch.json().error).toBe('window_overlap');
    expect((await admin.patch(`/api/aws-accounts/000123456789/assignments/${acmeWindowId}`, { validTo: null })).statusCode).toBe(409);
  });

  it('validates dates', async () => {
    const backwards = await admin.post('/api/aws-accounts/222222222222/assignments', {
      companyId: acme.companyId,
      validFrom: '2024-05-01',
      validTo: '2024-05-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toContain('validTo must be after validFrom');
    expect(
      (
        await admin.post('/api/aws-accounts/222222222222/assignments', {
          companyId: acme.companyId,
          validFrom: '2024-02-30',
          validTo: null,
        })
      ).statusCode,
    ).toBe(400);
    expect((await admin.patch(`/api/aws-accounts/000123456789/assignments/${acmeWindowId}`, { validFrom: '2024-03-15' })).statusCode).toBe(
      400,
    );
  });

  it('answers 404 for unknown accounts, companies and windows, and for a window of another account', async () => {
    expect(
      (
        await admin.post('/api/aws-accounts/999999999999/assignments', {
          companyId: acme.companyId,
          validFrom: '2024-01-01',
          validTo: null,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await admin.post('/api/aws-accounts/222222222222/assignments', { companyId: randomUUID(), validFrom: '2024-01-01', validTo: null }))
        .statusCode,
    ).toBe(404);
    expect((await admin.patch(`/api/aws-accounts/222222222222/assignments/${acmeWindowId}`, { validTo: null })).statusCode).toBe(404);
    expect((await admin.delete(`/api/aws-accounts/000123456789/assignments/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('deletes a window entered by mistake, audited', async () => {
    const wrong = (
      await admin.post('/api/aws-accounts/222222222222/assignments', {
        companyId: acme.companyId,
        validFrom: '2023-01-01',
        validTo: '2023-02-01',
      })
    ).json();
    const res = await admin.delete(`/api/aws-accounts/222222222222/assignments/${wrong.id}`);
    expect(res.json()).toEqual({ id: wrong.id });
    expect((await auditOf(wrong.id)).map((a) => [a.action, a.before])).toEqual([
      ['account_assignment.create', null],
      [
        'account_assignment.delete',
        { accountId: '222222222222', companyId: acme.companyId, validFrom: '2023-01-01', validTo: '2023-02-01' },
      ],
    ]);
    expect((await admin.delete(`/api/aws-accounts/222222222222/assignments/${wrong.id}`)).statusCode).toBe(404);
  });

  it('is for admins only', async () => {
    for (const client of [csm, acmeRep, acmeMember]) {
      expect(
        (
          await client.post('/api/aws-accounts/222222222222/assignments', {
            companyId: acme.companyId,
            validFrom: '2024-01-01',
            validTo: null,
          })
        ).statusCode,
      ).toBe(403);
      expect((await client.patch(`/api/aws-accounts/000123456789/assignments/${acmeWindowId}`, { validTo: null })).statusCode).toBe(403);
      expect((await client.delete(`/api/aws-accounts/000123456789/assignments/${acmeWindowId}`)).statusCode).toBe(403);
    }
  });
});

describe('PATCH /api/aws-accounts/:accountId', () => {
  it('edits name, root e-mail and root holder, audited', async () => {
    const res = await admin.patch('/api/aws-accounts/222222222222', {
      name: 'staging',
      rootEmail: 'root@acme.test',
      rootHeldByReseller: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accountId: '222222222222', name: 'staging', rootEmail: 'root@acme.test', rootHeldByReseller: true });
    const update = (await auditOf('222222222222')).find((a) => a.action === 'aws_account.update')!;
    expect(update.before).toMatchObject({ name: 'spare', rootEmail: null, rootHeldByReseller: false });
    expect(update.after).toMatchObject({ name: 'staging', rootEmail: 'root@acme.test', rootHeldByReseller: true });
    expect((await admin.patch('/api/aws-accounts/222222222222', { rootEmail: null })).json().rootEmail).toBeNull();
  });

  it('answers 404 for an unknown account and 403 for non-admins', async () => {
    expect((await admin.patch('/api/aws-accounts/999999999999', { name: 'x' })).statusCode).toBe(404);
    expect((await csm.patch('/api/aws-accounts/222222222222', { name: 'x' })).statusCode).toBe(403);
    expect((await acmeRep.patch('/api/aws-accounts/222222222222', { name: 'x' })).statusCode).toBe(403);
  });
});

describe('GET /api/aws-accounts', () => {
  it('lists the registry with every window, for any staff role, filtered by company', async () => {
    const all = await csm.get('/api/aws-accounts');
    expect(all.statusCode).toBe(200);
    expect(all.json().map((a: { accountId: string }) => a.accountId)).toEqual(['000123456789', '222222222222']);
    const moved = all.json()[0];
    expect(
      moved.assignments.map((a: { companyCode: string; validFrom: string; validTo: string | null }) => [
        a.companyCode,
        a.validFrom,
        a.validTo,
      ]),
    ).toEqual([
      ['ACME', '2024-01-01', '2024-03-15'],
      ['GLOBEX', '2024-03-15', null],
    ]);
    // Ever assigned to the company: the account that left ACME is still listed for it.
    expect((await csm.get('/api/aws-accounts?companyId=' + acme.companyId)).json().map((a: { accountId: string }) => a.accountId)).toEqual([
      '000123456789',
    ]);
    expect((await csm.get('/api/aws-accounts?companyId=' + randomUUID())).json()).toEqual([]);
  });

  it('is not for customers', async () => {
    expect((await acmeRep.get('/api/aws-accounts')).statusCode).toBe(403);
    expect((await acmeMember.get('/api/aws-accounts?companyId=' + acme.companyId)).statusCode).toBe(403);
  });
});

describe('GET /api/companies/:companyId/accounts', () => {
  it('shows a company its own windows, past and current, to its users and to staff', async () => {
    for (const client of [acmeRep, acmeMember, csm]) {
      const res = await client.get(`/api/companies/${acme.companyId}/accounts`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([
        {
          accountId: '000123456789',
          name: 'acme-prod',
          rootEmail: 'aws+prod@acme.test',
          validFrom: '2024-01-01',
          validTo: '2024-03-15',
          current: false,
        },
      ]);
    }
    expect((await globexRep.get(`/api/companies/${globex.companyId}/accounts`)).json()).toEqual([
      {
        accountId: '000123456789',
        name: 'acme-prod',
        rootEmail: 'aws+prod@acme.test',
        validFrom: '2024-03-15',
        validTo: null,
        current: true,
      },
    ]);
  });

  it('answers 404 to another tenant and for an unknown company', async () => {
    expect((await acmeMember.get(`/api/companies/${globex.companyId}/accounts`)).statusCode).toBe(404);
    expect((await globexRep.get(`/api/companies/${acme.companyId}/accounts`)).statusCode).toBe(404);
    expect((await admin.get(`/api/companies/${randomUUID()}/accounts`)).statusCode).toBe(404);
  });
});
