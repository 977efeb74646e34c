import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer } from '../support/api.ts';
import { PASSWORD, seedStaff, seedTenant } from '../support/fixtures.ts';
import { insertInvoice } from '../support/invoice-fixtures.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let acme: Awaited<ReturnType<typeof seedTenant>>;
let bravo: Awaited<ReturnType<typeof seedTenant>>;
let charlie: Awaited<ReturnType<typeof seedTenant>>;
let admin: ApiClient;
let csm: ApiClient;
let billing: ApiClient;
let representative: ApiClient;
let member: ApiClient;
let bravoRepresentative: ApiClient;
let charlieRepresentative: ApiClient;

const PDF = Buffer.from('%PDF-1.7\nreport\n%%EOF\n');

beforeAll(async () => {
  env = await createTestContext();
  // 2026-10-01 (Thursday) 10:00 in Japan: fiscal year 2026, ranks from calendar year 2025.
  env.clock.advance(Date.parse('2026-10-01T01:00:00Z') - Date.now());
  server = await startTestServer(env.ctx);
  acme = await seedTenant(env.ctx, 'ACME');
  bravo = await seedTenant(env.ctx, 'BRAVO');
  charlie = await seedTenant(env.ctx, 'CHARLIE');
  // A business partner: excluded from the membership (seed 004 §1.3).
  await env.ctx.db.updateTable('companies').set({ excl_partner: true }).where('id', '=', charlie.companyId).execute();
  for (const [account, companyId, root] of [
    ['111111111111', acme.companyId, true],
    ['111111111112', acme.companyId, false],
    ['222222222222', bravo.companyId, true],
  ] as const) {
    await env.ctx.db
      .insertInto('aws_accounts')
      .values({ account_id: account, name: `acct ${account}`, root_email: null, root_held_by_reseller: root })
      .execute();
    await env.ctx.db
      .insertInto('account_assignments')
      .values({ account_id: account, company_id: companyId, valid_from: '2024-01-01', valid_to: null })
      .execute();
  }
  // ACME's 2025 invoices: 27,500,000 + 2,750,000 = ¥30,250,000 → GOLD (threshold ¥30,000,000).
  await insertInvoice(env.ctx.db, { companyId: acme.companyId, month: '2025-06', subtotalJpy: 25_000_000n, taxJpy: 2_500_000n });
  await insertInvoice(env.ctx.db, { companyId: acme.companyId, month: '2025-07', subtotalJpy: 2_500_000n, taxJpy: 250_000n });
  // A draft and a 2024 invoice do not count.
  await insertInvoice(env.ctx.db, {
    companyId: acme.companyId,
    month: '2025-08',
    subtotalJpy: 90_000_000n,
    taxJpy: 9_000_000n,
    status: 'draft',
  });
  await insertInvoice(env.ctx.db, { companyId: acme.companyId, month: '2024-12', subtotalJpy: 90_000_000n, taxJpy: 9_000_000n });
  const signIn = (u: { email: string; totpSecret: string }) => new ApiClient(server, env.clock).signIn(u.email, PASSWORD, u.totpSecret);
  admin = await signIn(await seedStaff(env.ctx, 'admin'));
  csm = await signIn(await seedStaff(env.ctx, 'csm'));
  billing = await signIn(await seedStaff(env.ctx, 'billing'));
  representative = await signIn(acme.representative);
  member = await signIn(acme.member);
  bravoRepresentative = await signIn(bravo.representative);
  charlieRepresentative = await signIn(charlie.representative);
});
afterAll(async () => {
  await server.close();
  await env.close();
});

const membershipUrl = (companyId: string) => `/api/membership/companies/${companyId}`;

describe('membership over HTTP', () => {
  it('imports a pre-billing total, runs April 1 twice without granting twice', async () => {
    const imported = await admin.post('/api/membership/imported-totals', {
      rows: [{ companyCode: 'BRAVO', calendarYear: 2025, totalJpy: '12000000' }],
    });
    expect(imported.statusCode).toBe(200);
    expect(
      (await csm.post('/api/membership/imported-totals', { rows: [{ companyCode: 'BRAVO', calendarYear: 2025, totalJpy: '1' }] }))
        .statusCode,
    ).toBe(403);
    expect(
      (await admin.post('/api/membership/imported-totals', { rows: [{ companyCode: 'NOPE', calendarYear: 2025, totalJpy: '1' }] }))
        .statusCode,
    ).toBe(400);

    expect((await csm.post('/api/membership/april-1', { fiscalYear: 2026 })).statusCode).toBe(403);
    const first = await admin.post('/api/membership/april-1', { fiscalYear: 2026 });
    expect(first.json()).toEqual({ fiscalYear: 2026, opened: 2, alreadyOpen: 0, ranks: { GOLD: 1, SILVER: 1 } });
    const second = await admin.post('/api/membership/april-1', { fiscalYear: 2026 });
    expect(second.json()).toEqual({ fiscalYear: 2026, opened: 0, alreadyOpen: 2, ranks: { GOLD: 1, SILVER: 1 } });
    const grants = await env.ctx.db.selectFrom('ticket_ledger').select(['company_id', 'kind', 'amount']).orderBy('amount').execute();
    expect(grants).toEqual([
      { company_id: bravo.companyId, kind: 'grant', amount: 5 },
      { company_id: acme.companyId, kind: 'grant', amount: 15 },
    ]);
    const years = await env.ctx.db
      .selectFrom('membership_years')
      .select(['company_id', 'basis_total_jpy', 'basis_source', 'rank'])
      .orderBy('rank')
      .execute();
    expect(years).toEqual([
      { company_id: acme.companyId, basis_total_jpy: '30250000', basis_source: 'invoices', rank: 'GOLD' },
      { company_id: bravo.companyId, basis_total_jpy: '12000000', basis_source: 'imported', rank: 'SILVER' },
    ]);
  });

  it('shows a company its own membership only, and nothing to an ineligible company', async () => {
    const view = await member.get(membershipUrl(acme.companyId));
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      fiscalYear: 2026,
      validFrom: '2026-04-01',
      validTo: '2027-03-31',
      rank: 'GOLD',
      yearOpened: true,
      balance: 15,
      ticketsExpireOn: '2027-03-31',
      // The account whose root user the reseller does not hold is not a membership account.
      accounts: [{ accountId: '111111111111', name: 'acct 111111111111' }],
      csm: null,
      training: { quota: 1, used: 0, left: 1, offerTicketedOption: false },
    });
    expect(view.json().services).toHaveLength(7);
    expect(view.json().services.map((s: { code: string; ticketCost: number }) => [s.code, s.ticketCost])).toEqual([
      ['cost-consulting', 10],
      ['cost-consulting-lite', 5],
      ['account-diagnosis', 5],
      ['security-consulting', 10],
      ['security-consulting-lite', 5],
      ['aws-training', 2],
      ['web-vulnerability-lite', 10],
    ]);
    expect((await bravoRepresentative.get(membershipUrl(acme.companyId))).statusCode).toBe(404);
    expect((await charlieRepresentative.get(membershipUrl(charlie.companyId))).statusCode).toBe(404);
    expect((await admin.get(membershipUrl(charlie.companyId))).statusCode).toBe(404);
    expect((await billing.get(membershipUrl(acme.companyId))).statusCode).toBe(403);
    expect((await csm.get(membershipUrl(acme.companyId))).json().rank).toBe('GOLD');
  });

  let liteId = '';
  let webId = '';
  it('lets only representatives apply, spending tickets with the rules of the catalog', async () => {
    const url = `${membershipUrl(acme.companyId)}/applications`;
    const lite = { serviceCode: 'cost-consulting-lite', awsAccountId: '111111111111', note: '本番アカウントのEC2を中心に' };
    expect((await member.post(url, lite)).statusCode).toBe(403);
    expect((await csm.post(url, lite)).statusCode).toBe(403);
    expect((await bravoRepresentative.post(url, lite)).statusCode).toBe(404);
    expect((await charlieRepresentative.post(`${membershipUrl(charlie.companyId)}/applications`, lite)).statusCode).toBe(404);
    expect((await representative.post(url, { ...lite, awsAccountId: null })).statusCode).toBe(409);
    expect((await representative.post(url, { ...lite, awsAccountId: '222222222222' })).json().error).toBe('application_refused');
    expect((await representative.post(url, { ...lite, awsAccountId: '111111111112' })).statusCode).toBe(409);

    const applied = await representative.post(url, lite);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ tickets: 5, balance: 10, earliestStart: '2026-10-01' });
    liteId = applied.json().id;

    // 20 business days after Thursday 2026-10-01, Sports Day (10-12) skipped: 2026-10-30.
    const web = await representative.post(url, { serviceCode: 'web-vulnerability-lite', note: 'https://shop.acme.test' });
    expect(web.json()).toMatchObject({ tickets: 10, balance: 0, earliestStart: '2026-10-30' });
    webId = web.json().id;
    expect((await representative.post(`/api/membership/applications/${webId}/cancel`)).json().error).toBe('not_cancellable');

    const broke = await representative.post(url, lite);
    expect(broke.statusCode).toBe(409);
    expect(broke.json().error).toBe('not_enough_tickets');

    const mails = await env.ctx.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'subject'])
      .where('purpose', '=', 'membership-application')
      .orderBy('subject')
      .execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual([
      'admin@reseller.test',
      'admin@reseller.test',
      'csm@reseller.test',
      'csm@reseller.test',
    ]);
    expect(mails[0]!.subject).toBe('【Daiko】オプションサービスのお申し込み: ACME 株式会社 / Web脆弱性診断Lite');
  });

  it('refunds on rejection; staff move the work through its states, with e-mails', async () => {
    expect((await representative.post(`/api/membership/applications/${webId}/status`, { to: 'rejected', note: 'x' })).statusCode).toBe(403);
    expect((await csm.post(`/api/membership/applications/${webId}/status`, { to: 'rejected', note: '' })).json().error).toBe(
      'reason_required',
    );
    const rejected = await csm.post(`/api/membership/applications/${webId}/status`, {
      to: 'rejected',
      note: '対象URLが本番のみのため今期は見送り',
    });
    expect(rejected.json()).toEqual({ id: webId, status: 'rejected', refunded: 10 });
    expect((await csm.post(`/api/membership/applications/${webId}/status`, { to: 'scheduling', note: '' })).statusCode).toBe(409);
    expect((await member.get(membershipUrl(acme.companyId))).json().balance).toBe(10);

    expect((await csm.post(`/api/membership/applications/${liteId}/status`, { to: 'done' })).json().error).toBe('bad_transition');
    for (const to of ['scheduling', 'in_progress'])
      expect((await csm.post(`/api/membership/applications/${liteId}/status`, { to, note: '' })).statusCode).toBe(200);
    const statusMails = await env.ctx.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'subject'])
      .where('purpose', '=', 'membership-application-status')
      .execute();
    // Rejection + two moves, each to ACME's two users.
    expect(statusMails).toHaveLength(6);
    expect(statusMails.map((m) => m.subject)).toContain('【Daiko】お申し込みの状況: コスト最適化コンサルティングLite — 実施中');
  });

  it('keeps a message thread with attachments; only staff upload reports; other tenants see nothing', async () => {
    const url = `/api/membership/applications/${liteId}/messages`;
    expect((await member.post(url, { body: '打ち合わせは来週火曜でお願いします' })).statusCode).toBe(200);
    expect(
      (
        await member.post(url, {
          body: 'x',
          isReport: true,
          attachments: [{ fileName: 'a.pdf', contentType: 'application/pdf', dataBase64: PDF.toString('base64') }],
        })
      ).statusCode,
    ).toBe(403);
    expect((await bravoRepresentative.post(url, { body: '覗き見' })).statusCode).toBe(404);
    expect((await billing.post(url, { body: 'x' })).statusCode).toBe(403);
    const html = await csm.post(url, { body: 'x', attachments: [{ fileName: 'x.html', contentType: 'text/html', dataBase64: 'PGI+' }] });
    expect(html.statusCode).toBe(400);
    const report = await csm.post(url, {
      body: 'レポートをお送りします',
      isReport: true,
      attachments: [{ fileName: '../../レポート"2026".pdf', contentType: 'application/pdf', dataBase64: PDF.toString('base64') }],
    });
    expect(report.statusCode).toBe(200);
    expect((await csm.post(`/api/membership/applications/${liteId}/status`, { to: 'reported', note: '' })).statusCode).toBe(200);

    const detail = await member.get(`/api/membership/applications/${liteId}`);
    expect(detail.statusCode).toBe(200);
    const messages = detail.json().messages as {
      side: string;
      body: string;
      statusTo: string | null;
      attachments: { id: string; fileName: string; isReport: boolean }[];
    }[];
    expect(messages.map((m) => [m.side, m.statusTo])).toEqual([
      ['system', 'applied'],
      ['staff', 'scheduling'],
      ['staff', 'in_progress'],
      ['customer', null],
      ['staff', null],
      ['staff', 'reported'],
    ]);
    const attachment = messages[4]!.attachments[0]!;
    expect(attachment).toMatchObject({ fileName: 'レポート_2026_.pdf', isReport: true });
    const download = await member.get(`/api/membership/applications/${liteId}/attachments/${attachment.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="_____2026_.pdf"; filename*=UTF-8''${encodeURIComponent('レポート_2026_.pdf')}`,
    );
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect((await bravoRepresentative.get(`/api/membership/applications/${liteId}/attachments/${attachment.id}`)).statusCode).toBe(404);
    expect((await bravoRepresentative.get(`/api/membership/applications/${liteId}`)).statusCode).toBe(404);
    expect(detail.json().ticketLedger.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([['spend', -5]]);

    const messageMails = await env.ctx.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'subject'])
      .where('purpose', '=', 'membership-application-message')
      .orderBy('to_address')
      .execute();
    expect(messageMails).toEqual([
      { to_address: 'admin@reseller.test', subject: '【Daiko】新しいメッセージ: コスト最適化コンサルティングLite' },
      { to_address: 'csm@reseller.test', subject: '【Daiko】新しいメッセージ: コスト最適化コンサルティングLite' },
      { to_address: 'member@acme.test', subject: '【Daiko】レポートが届きました: コスト最適化コンサルティングLite' },
      { to_address: 'representative@acme.test', subject: '【Daiko】レポートが届きました: コスト最適化コンサルティングLite' },
    ]);
  });

  it('counts the training service against the quota, then offers the ticketed option', async () => {
    const url = `${membershipUrl(acme.companyId)}/training-requests`;
    const body = { trainingCode: 'aws-basics', preferredDates: ['2026-11-10', '2026-11-12'] };
    expect((await member.post(url, body)).statusCode).toBe(403);
    expect((await representative.post(url, { ...body, preferredDates: ['2026-09-30'] })).statusCode).toBe(400);
    expect((await representative.post(url, body)).json()).toMatchObject({ quotaLeft: 0 });
    expect((await representative.post(url, body)).json().error).toBe('training_quota_used');
    const view = (await member.get(membershipUrl(acme.companyId))).json();
    expect(view.training).toMatchObject({ quota: 1, used: 1, left: 0, offerTicketedOption: true });
    // The ticketed option costs the menu item's tickets (security-basics: 3).
    const ticketed = await representative.post(`${membershipUrl(acme.companyId)}/applications`, {
      serviceCode: 'aws-training',
      trainingCode: 'security-basics',
      note: '',
    });
    expect(ticketed.json()).toMatchObject({ tickets: 3, balance: 7 });
    // Cancelled before the work starts: the 3 tickets come back.
    expect((await representative.post(`/api/membership/applications/${ticketed.json().id}/cancel`)).json()).toMatchObject({
      status: 'cancelled',
      refunded: 3,
    });
    const requestId = view.training.requests[0].id;
    expect(
      (await representative.post(`/api/membership/training-requests/${requestId}`, { status: 'scheduled', scheduledOn: '2026-11-10' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await csm.post(`/api/membership/training-requests/${requestId}`, { status: 'scheduled', scheduledOn: '2026-11-10' })).json(),
    ).toMatchObject({ status: 'scheduled' });
  });

  it('lets admins override a rank with a reason, adjust tickets, edit thresholds and the catalog', async () => {
    const url = `${membershipUrl(bravo.companyId)}/rank-override`;
    expect((await csm.post(url, { fiscalYear: 2026, rank: 'PLATINUM', reason: '大型契約' })).statusCode).toBe(403);
    expect((await admin.post(url, { fiscalYear: 2026, rank: 'PLATINUM', reason: '' })).statusCode).toBe(400);
    expect((await admin.post(url, { fiscalYear: 2026, rank: 'PLATINUM', reason: '大型契約の前倒し' })).json()).toEqual({
      fiscalYear: 2026,
      rank: 'PLATINUM',
      ticketsGranted: 25,
    });
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .select(['actor_label', 'before', 'after'])
      .where('action', '=', 'membership.rank.overridden')
      .execute();
    expect(audit).toEqual([
      {
        actor_label: 'admin@reseller.test',
        before: { rank: 'SILVER' },
        after: { rank: 'PLATINUM', reason: '大型契約の前倒し', ticketsGranted: 25 },
      },
    ]);
    expect((await bravoRepresentative.get(membershipUrl(bravo.companyId))).json()).toMatchObject({
      rank: 'PLATINUM',
      overridden: true,
      balance: 30,
    });

    const adjust = `${membershipUrl(acme.companyId)}/ticket-adjustments`;
    expect((await admin.post(adjust, { amount: -100, reason: '誤付与の訂正' })).json().error).toBe('not_enough_tickets');
    expect((await admin.post(adjust, { amount: 2, reason: '障害お詫び' })).json()).toEqual({ balance: 12 });
    expect((await csm.post(adjust, { amount: 2, reason: '障害お詫び' })).statusCode).toBe(403);

    expect((await admin.call('PUT', '/api/membership/thresholds', { PLATINUM: 10, GOLD: 20, SILVER: 5, BRONZE: 1 })).statusCode).toBe(400);
    expect(
      (
        await csm.call('PUT', '/api/membership/thresholds', {
          PLATINUM: 50_000_000,
          GOLD: 20_000_000,
          SILVER: 5_000_000,
          BRONZE: 1_000_000,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await admin.call('PUT', '/api/membership/thresholds', {
          PLATINUM: 50_000_000,
          GOLD: 20_000_000,
          SILVER: 5_000_000,
          BRONZE: 1_000_000,
        })
      ).statusCode,
    ).toBe(200);

    const service = {
      nameJa: 'コスト最適化コンサルティング',
      nameEn: 'Cost optimization consulting',
      ticketCost: 10,
      minRank: 'PLATINUM',
      perAccount: false,
      cancellable: true,
      yearlyCapacity: null,
      leadBusinessDays: 5,
      offeredUntil: null,
      active: true,
    };
    expect((await csm.call('PUT', '/api/membership/services/cost-consulting', service)).statusCode).toBe(403);
    expect((await admin.call('PUT', '/api/membership/services/cost-consulting', service)).statusCode).toBe(200);
    const acmeView = (await member.get(membershipUrl(acme.companyId))).json();
    expect(acmeView.services.find((s: { code: string }) => s.code === 'cost-consulting').problem).toBe('rank_too_low');
    const refusedRank = await representative.post(`${membershipUrl(acme.companyId)}/applications`, {
      serviceCode: 'cost-consulting',
      note: '',
    });
    expect(refusedRank.statusCode).toBe(409);
    expect(refusedRank.json().message).toBe('This service needs rank PLATINUM or above.');
    expect(acmeView.ledger.map((e: { kind: string; amount: number; balanceAfter: number }) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ['adjust', 2, 12],
      ['refund', 3, 10],
      ['spend', -3, 7],
      ['refund', 10, 10],
      ['spend', -10, 0],
      ['spend', -5, 10],
      ['grant', 15, 15],
    ]);
  });

  it('gives staff the overview; the ledger cannot be edited and the balance cannot go negative', async () => {
    expect((await representative.get('/api/membership/overview')).statusCode).toBe(403);
    const overview = (await csm.get('/api/membership/overview')).json();
    expect(overview.byRank).toEqual({ PLATINUM: 1, GOLD: 1, SILVER: 0, BRONZE: 0, REGULAR: 0 });
    expect(overview.ticketsOutstanding).toBe(42);
    expect(overview.applicationsByStatus).toMatchObject({ reported: 1, rejected: 1, cancelled: 1 });
    expect(overview.companies.map((c: { code: string }) => c.code)).toEqual(['ACME', 'BRAVO']);

    await expect(sql`UPDATE ticket_ledger SET amount = 100`.execute(env.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ticket_ledger`.execute(env.ctx.db)).rejects.toThrow(/append-only/);
    await expect(
      env.ctx.db.updateTable('ticket_balances').set({ balance: -1 }).where('company_id', '=', acme.companyId).execute(),
    ).rejects.toThrow(/check/i);
  });

  it('lets admins edit every field of a service, withdraw it, and keep the training menu; nobody else may', async () => {
    const url = '/api/membership/services/security-consulting-lite';
    const edited = {
      nameJa: 'セキュリティコンサルティングLite',
      nameEn: 'Security consulting Lite',
      ticketCost: 7,
      minRank: 'SILVER',
      perAccount: true,
      cancellable: false,
      yearlyCapacity: 3,
      leadBusinessDays: 10,
      offeredUntil: '2027-03-31',
      active: true,
    };
    for (const client of [representative, member, csm, billing]) expect((await client.call('PUT', url, edited)).statusCode).toBe(403);
    expect((await admin.call('PUT', url, { ...edited, ticketCost: 0 })).statusCode).toBe(400);
    expect((await admin.call('PUT', url, { ...edited, offeredUntil: '2027-02-30' })).statusCode).toBe(400);
    expect((await admin.call('PUT', url, { ...edited, leadBusinessDays: -1 })).statusCode).toBe(400);
    expect((await admin.call('PUT', url, edited)).statusCode).toBe(200);
    const shown = (await member.get(membershipUrl(acme.companyId)))
      .json()
      .services.find((s: { code: string }) => s.code === 'security-consulting-lite');
    expect(shown).toMatchObject({
      ticketCost: 7,
      minRank: 'SILVER',
      perAccount: true,
      cancellable: false,
      yearlyCapacity: 3,
      leadBusinessDays: 10,
      offeredUntil: '2027-03-31',
      active: true,
      problem: null,
    });
    // The application follows the edited row: 7 tickets of 12, 10 business days (Sports Day 10-12 skipped).
    const apply = `${membershipUrl(acme.companyId)}/applications`;
    const applied = await representative.post(apply, { serviceCode: 'security-consulting-lite', awsAccountId: '111111111111', note: '' });
    expect(applied.json()).toMatchObject({ tickets: 7, balance: 5, earliestStart: '2026-10-16' });
    expect((await representative.post(`/api/membership/applications/${applied.json().id}/cancel`)).json().error).toBe('not_cancellable');

    // Withdrawn: hidden from customers, applications refused, staff still see it.
    expect((await admin.call('PUT', url, { ...edited, active: false })).statusCode).toBe(200);
    const services = (await member.get(membershipUrl(acme.companyId))).json().services.map((s: { code: string }) => s.code);
    expect(services).not.toContain('security-consulting-lite');
    expect(services).toContain('cost-consulting-lite');
    const refused = await representative.post(apply, { serviceCode: 'security-consulting-lite', awsAccountId: '111111111111', note: '' });
    expect(refused.json()).toMatchObject({ error: 'application_refused', message: 'This service is not offered at the moment.' });
    const staffView = (await csm.get('/api/membership/overview')).json();
    expect(staffView.services.find((s: { code: string }) => s.code === 'security-consulting-lite')).toMatchObject({
      active: false,
      capacityUsed: 1,
    });
    const catalogAudit = await env.ctx.db
      .selectFrom('audit_log')
      .select(['actor_label', 'entity_id', 'before', 'after'])
      .where('action', '=', 'membership.catalog.updated')
      .where('entity_id', '=', 'security-consulting-lite')
      .orderBy('id')
      .execute();
    expect(catalogAudit).toHaveLength(2);
    expect(catalogAudit[0]).toMatchObject({
      actor_label: 'admin@reseller.test',
      before: { ticket_cost: 5, active: true },
      after: { ticket_cost: 7 },
    });
    expect(catalogAudit[1]).toMatchObject({ before: { active: true }, after: { active: false } });

    // Training menu: add, edit, retire.
    const item = {
      code: 'well-architected',
      nameJa: 'Well-Architected入門(座学)',
      nameEn: 'Well-Architected (lecture)',
      format: 'lecture',
      hours: '1.5',
      ticketCost: 4,
      active: true,
    };
    for (const client of [representative, member, csm])
      expect((await client.post('/api/membership/training-menu', item)).statusCode).toBe(403);
    expect((await admin.post('/api/membership/training-menu', { ...item, code: 'Well Architected' })).statusCode).toBe(400);
    expect((await admin.post('/api/membership/training-menu', { ...item, ticketCost: 1 })).statusCode).toBe(400);
    expect((await admin.post('/api/membership/training-menu', item)).json()).toEqual({ code: 'well-architected' });
    expect((await admin.post('/api/membership/training-menu', item)).json().error).toBe('training_code_taken');
    const { code: _code, ...fields } = item;
    expect((await csm.call('PUT', '/api/membership/training-menu/well-architected', { ...fields, ticketCost: 5 })).statusCode).toBe(403);
    expect((await admin.call('PUT', '/api/membership/training-menu/well-architected', { ...fields, ticketCost: 5 })).statusCode).toBe(200);
    expect((await admin.call('PUT', '/api/membership/training-menu/no-such-item', fields)).statusCode).toBe(404);
    const basics = {
      nameJa: 'AWS基礎(座学)',
      nameEn: 'AWS fundamentals (lecture)',
      format: 'lecture',
      hours: '2',
      ticketCost: 2,
      active: false,
    };
    expect((await admin.call('PUT', '/api/membership/training-menu/aws-basics', basics)).statusCode).toBe(200);
    const menu = (await member.get(membershipUrl(acme.companyId))).json().trainingMenu;
    expect(menu.map((m: { code: string }) => m.code)).toEqual(['cost-management', 'security-basics', 'serverless', 'well-architected']);
    expect(menu.at(-1)).toMatchObject({ hours: '1.5', ticketCost: 5 });
    expect(
      (await csm.get('/api/membership/overview')).json().trainingMenu.find((m: { code: string }) => m.code === 'aws-basics'),
    ).toMatchObject({
      active: false,
    });
    // A retired item can no longer be chosen; the new one costs its 5 tickets in the ticketed option.
    expect(
      (
        await representative.post(`${membershipUrl(acme.companyId)}/applications`, {
          serviceCode: 'aws-training',
          trainingCode: 'aws-basics',
          note: '',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await representative.post(apply, { serviceCode: 'aws-training', trainingCode: 'well-architected', note: '' })).json(),
    ).toMatchObject({ tickets: 5, balance: 0 });
    const menuAudit = await env.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', 'like', 'membership.training_menu.%')
      .orderBy('id')
      .execute();
    expect(menuAudit).toEqual([
      { action: 'membership.training_menu.added', entity_id: 'well-architected' },
      { action: 'membership.training_menu.updated', entity_id: 'well-architected' },
      { action: 'membership.training_menu.updated', entity_id: 'aws-basics' },
    ]);
  });
});
