import type { AppContext, Caller } from '../../platform/context.ts';
import { ensureAdvisorConnection } from '../advisor/ensure-advisor-connection.ts';
import { registerAdvisorRole } from '../advisor/register-advisor-role.ts';
import type { CustomerActor } from '../identity/rules/roles.ts';
import { changeProposalStatus } from '../optimization/change-proposal-status.ts';
import { openProposal } from '../optimization/open-proposal.ts';
import { setProposalPriority } from '../optimization/set-proposal-priority.ts';
import { openInquiry } from './open-inquiry.ts';
import { postInquiryMessage } from './post-inquiry-message.ts';

/**
 * The demo's inquiries, Trusted Advisor and cloud optimization: a member of SAKURA asked about
 * training and the CSM answered; SAKURA registered a Trusted Advisor role (simulated AWS, Business
 * plan) and AOZORA one on a Developer plan (the page explains why it shows nothing); SAKURA's
 * dedicated CSM has an agreed cost proposal and a new security one.
 */
export async function seedDemoSupport(ctx: AppContext, caller: Caller) {
  const company = (code: string) => ctx.db.selectFrom('companies').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  const user = (email: string) =>
    ctx.db.selectFrom('users').select(['id', 'email', 'role', 'company_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const customer = async (email: string): Promise<Caller> => {
    const u = await user(email);
    return {
      actor: { kind: 'customer', userId: u.id, email: u.email, role: u.role as CustomerActor['role'], companyId: u.company_id! },
      ip: null,
    };
  };
  const csm = await user('csm@daiko.example');
  const csmCaller: Caller = { actor: { kind: 'staff', userId: csm.id, email: csm.email, role: 'csm' }, ip: null };

  const sakura = await company('SAKURA');
  const inquiry = await openInquiry(ctx, await customer('member@sakura.example'), {
    companyId: sakura.id,
    subject: 'トレーニングの申込方法について',
    category: 'training',
    body: '今年度のトレーニングサービスを利用したいのですが、どこから申し込めばよいでしょうか？',
  });
  await postInquiryMessage(ctx, csmCaller, {
    inquiryId: inquiry.id,
    body: 'お問い合わせありがとうございます。ポータルの「cloudpack+」ページのトレーニングから、希望日を添えてお申し込みいただけます。',
  });
  await ensureAdvisorConnection(ctx, caller, { companyId: sakura.id });
  await registerAdvisorRole(ctx, caller, { companyId: sakura.id, roleArn: 'arn:aws:iam::210000000001:role/DaikoTrustedAdvisor' });

  const aozora = await company('AOZORA');
  const connection = await ensureAdvisorConnection(ctx, caller, { companyId: aozora.id });
  const aozoraRole = 'arn:aws:iam::230000000001:role/DaikoTrustedAdvisor';
  await ctx.db
    .insertInto('simulated_iam_roles')
    .values({ role_arn: aozoraRole, trusts_daiko: true, external_id: connection.external_id, support_plan: 'developer' })
    .execute();
  await registerAdvisorRole(ctx, caller, { companyId: aozora.id, roleArn: aozoraRole });

  // SAKURA (PLATINUM) has csm@daiko.example as its dedicated CSM (the membership demo assigns it).
  const cost = await openProposal(ctx, csmCaller, {
    companyId: sakura.id,
    category: 'cost',
    title: '本番 EC2 の Savings Plans 購入',
    description: '常時稼働している m5 系インスタンスの利用量に合わせ、Compute Savings Plans（1年・前払いなし）を購入します。',
    expectedEffect: 'EC2 の月額費用を約20%削減',
    expectedSavingJpy: 85000,
    effort: 'small',
    accountIds: ['210000000001'],
    serviceCodes: ['AmazonEC2'],
  });
  await setProposalPriority(ctx, csmCaller, { proposalId: cost.id, priority: 'high' });
  await setProposalPriority(ctx, await customer('rep@sakura.example'), { proposalId: cost.id, priority: 'high' });
  await changeProposalStatus(ctx, csmCaller, { proposalId: cost.id, status: 'agreed' });
  await openProposal(ctx, csmCaller, {
    companyId: sakura.id,
    category: 'security',
    title: 'セキュリティグループの 0.0.0.0/0 開放の見直し',
    description:
      'SSH（22）と RDP（3389）を全開放しているセキュリティグループがあります。踏み台経由または Session Manager への切り替えをご提案します。',
    expectedEffect: '不正アクセスのリスク低減',
    expectedSavingJpy: null,
    effort: 'medium',
  });
}
