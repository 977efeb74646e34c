import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/modules/mail/deliver-outbox.ts';
import { enqueueMail } from '../../src/modules/mail/enqueue-mail.ts';
import { listOutbox } from '../../src/modules/mail/outbox-presenter.ts';
import { createTestContext } from '../support/test-context.ts';

let env: Awaited<ReturnType<typeof createTestContext>>;
let smtp: SMTPServer;
const received: { to: string[]; data: string }[] = [];
let failNext = false;

beforeAll(async () => {
  env = await createTestContext();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (failNext) {
        failNext = false;
        return callback(new Error('mailbox unavailable'));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await env.close();
});

it('delivers pending outbox mail over SMTP, blanks secrets once sent, and retries failures', async () => {
  const port = (smtp.server.address() as AddressInfo).port;
  const ctx = { ...env.ctx, config: { ...env.ctx.config, smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true` } };

  // Without SMTP configured, mail waits in the outbox.
  await enqueueMail(env.ctx.db, {
    purpose: 'user.temporary_password',
    to: 'new@acme.test',
    subject: '仮パスワード',
    text: '仮パスワード: abcd-efgh',
    sensitive: true,
  });
  await enqueueMail(env.ctx.db, { purpose: 'notice', to: 'ops@acme.test', subject: 'お知らせ', text: '本文' });
  expect(await deliverOutbox(env.ctx)).toEqual({ sent: 0, failed: 0 });

  failNext = true;
  expect(await deliverOutbox(ctx)).toEqual({ sent: 1, failed: 1 });
  expect(await deliverOutbox(ctx)).toEqual({ sent: 1, failed: 0 });
  expect(received.flatMap((m) => m.to).sort()).toEqual(['new@acme.test', 'ops@acme.test']);
  expect(received.find((m) => m.to[0] === 'new@acme.test')!.data).toContain('abcd-efgh');

  const rows = await env.ctx.db.selectFrom('mail_outbox').selectAll().orderBy('to_address').execute();
  expect(rows.map((r) => [r.to_address, r.status])).toEqual([
    ['new@acme.test', 'sent'],
    ['ops@acme.test', 'sent'],
  ]);
  const secret = rows.find((r) => r.to_address === 'new@acme.test')!;
  expect(secret.text_body).not.toContain('abcd-efgh');
  expect(rows.find((r) => r.to_address === 'ops@acme.test')!.text_body).toBe('本文');
  expect(rows.map((r) => r.attempts).sort()).toEqual([1, 2]);
});

it('delivers attachments byte for byte, with their Japanese file names', async () => {
  const port = (smtp.server.address() as AddressInfo).port;
  const ctx = { ...env.ctx, config: { ...env.ctx.config, smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true` } };
  // Every byte value, and more than one base64 line's worth.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256))]);
  const csv = Buffer.from('\uFEFF月,金額\n2026-10,1358023\n');
  const id = await env.ctx.db.transaction().execute((tx) =>
    enqueueMail(tx, {
      purpose: 'invoice.sent',
      to: 'billing@alpha.test',
      subject: '請求書 202611-00001',
      text: '請求書をお送りします。',
      attachments: [
        { filename: '請求書_202611-00001.pdf', contentType: 'application/pdf', content: pdf },
        { filename: '明細.csv', contentType: 'text/csv', content: csv },
      ],
    }),
  );
  // Queued outside a transaction, the mail and its attachment still land together.
  await enqueueMail(env.ctx.db, {
    purpose: 'notice',
    to: 'ops@alpha.test',
    subject: '添付',
    text: '本文',
    attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('a') }],
  });
  expect(await deliverOutbox(ctx)).toEqual({ sent: 2, failed: 0 });

  const raw = received.find((m) => m.to[0] === 'billing@alpha.test')!.data;
  const parsed = await simpleParser(raw);
  expect(parsed.subject).toBe('請求書 202611-00001');
  expect(parsed.text?.trim()).toBe('請求書をお送りします。');
  expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
    ['請求書_202611-00001.pdf', 'application/pdf'],
    ['明細.csv', 'text/csv'],
  ]);
  expect(parsed.attachments[0]!.content.equals(pdf)).toBe(true);
  expect(parsed.attachments[1]!.content.equals(csv)).toBe(true);
  const other = await simpleParser(received.find((m) => m.to[0] === 'ops@alpha.test')!.data);
  expect(other.attachments.map((a) => a.content.toString())).toEqual(['a']);

  // The outbox keeps what was sent; the console lists the files by name and size.
  const row = await env.ctx.db.selectFrom('mail_outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  expect(row.status).toBe('sent');
  const listed = (await listOutbox(env.ctx, { kind: 'system', label: 'tester' })).find((m) => m.id === id)!;
  expect(listed.attachments).toEqual([
    { filename: '請求書_202611-00001.pdf', contentType: 'application/pdf', bytes: pdf.length },
    { filename: '明細.csv', contentType: 'text/csv', bytes: csv.length },
  ]);
});
