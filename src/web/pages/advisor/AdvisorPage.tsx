import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { Badge, Details, Empty, ErrorBanner, Field, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';

type Setup = {
  externalId: string;
  daikoAccountId: string;
  trustPolicy: string;
  permissions: string[];
  roleArn: string | null;
  registeredAt: string | null;
};
type Check = { id: string; name: string; category: string; status: 'ok' | 'warning' | 'error' | 'not_available'; flaggedResources: number };
type CheckResult = {
  checkId: string;
  name: string;
  description: string;
  columns: string[];
  resources: { resourceId: string; status: string; values: (string | null)[] }[];
  checkedAt: string | null;
};

const ja = {
  title: 'Trusted Advisor',
  lead: 'お客様の AWS アカウントの Trusted Advisor チェック結果を表示します。IAM ロール連携（外部 ID 付きのクロスアカウントロール）で信頼関係を結んでください。',
  setup: 'IAM ロール連携の設定',
  steps: '1. 以下の信頼ポリシーで IAM ロールを作成し、記載の権限ポリシーをアタッチします。 2. 作成したロールの ARN を登録します。',
  daikoAccount: 'Daiko の AWS アカウント',
  externalId: '外部 ID',
  trustPolicy: '信頼ポリシー',
  permissions: '権限ポリシー',
  roleArn: 'ロール ARN',
  register: '登録する',
  registered: '登録済み: {{at}}',
  notRegistered: 'ロールはまだ登録されていません。',
  checks: 'チェック結果',
  category: 'カテゴリー',
  check: 'チェック',
  status: '状態',
  flagged: '検出リソース',
  show: '詳細',
  categories: {
    cost_optimizing: 'コスト最適化',
    security: 'セキュリティ',
    fault_tolerance: '耐障害性',
    performance: 'パフォーマンス',
    service_limits: 'サービスの制限',
  } as Record<string, string>,
  statuses: { ok: '問題なし', warning: '調査推奨', error: '対応推奨', not_available: '未実行' },
  resources: '検出されたリソース',
  noResources: '検出されたリソースはありません。',
  errors: {
    aws_role_refused: 'ロールを引き受けられませんでした。ロール ARN、信頼ポリシーの AWS アカウント、外部 ID を確認してください。',
    aws_support_plan_required: 'このアカウントでは API から Trusted Advisor を利用できません。ビジネス以上のサポートプランが必要です。',
    advisor_role_not_registered: 'IAM ロールを登録すると、チェック結果が表示されます。',
  } as Record<string, string>,
};
const en: typeof ja = {
  title: 'Trusted Advisor',
  lead: 'Shows the Trusted Advisor checks of your AWS account through a cross-account IAM role with an external ID.',
  setup: 'IAM role',
  steps: '1. Create an IAM role with the trust policy below and attach the permission policies listed. 2. Register the role’s ARN.',
  daikoAccount: 'Daiko’s AWS account',
  externalId: 'External ID',
  trustPolicy: 'Trust policy',
  permissions: 'Permission policies',
  roleArn: 'Role ARN',
  register: 'Register',
  registered: 'Registered {{at}}',
  notRegistered: 'No role registered yet.',
  checks: 'Checks',
  category: 'Category',
  check: 'Check',
  status: 'Status',
  flagged: 'Flagged',
  show: 'Details',
  categories: {
    cost_optimizing: 'Cost optimization',
    security: 'Security',
    fault_tolerance: 'Fault tolerance',
    performance: 'Performance',
    service_limits: 'Service limits',
  },
  statuses: { ok: 'OK', warning: 'Investigate', error: 'Action recommended', not_available: 'Not run' },
  resources: 'Flagged resources',
  noResources: 'No flagged resources.',
  errors: {
    aws_role_refused: 'Daiko could not assume the role: check the role ARN, the AWS account in its trust policy and the external ID.',
    aws_support_plan_required:
      'Trusted Advisor is not available through the API on this account: it needs a Business support plan or higher.',
    advisor_role_not_registered: 'Register an IAM role to see the checks.',
  },
};
const TONE = { ok: 'good', warning: 'warn', error: 'bad', not_available: 'neutral' } as const;

function useText() {
  const { i18n } = useTranslation();
  return { text: i18n.language === 'en' ? en : ja, language: i18n.language === 'en' ? 'en' : 'ja' };
}

/** The AWS error code of a failed request, for a clear message. */
function errorCode(error: unknown): string | null {
  const e = error as { code?: unknown; body?: { error?: unknown } } | null;
  if (e && typeof e.code === 'string') return e.code;
  if (e?.body && typeof e.body.error === 'string') return e.body.error;
  return null;
}

/** TrustedAdvisor表示機能 (seed 004 §3.4.6). */
export function AdvisorPage({ companyId, canRegister }: { companyId: string; canRegister: boolean }) {
  const { text, language } = useText();
  const queryClient = useQueryClient();
  const base = `/companies/${companyId}/trusted-advisor`;
  const setup = useQuery({ queryKey: ['advisor', companyId], queryFn: () => api.get<Setup>(base) });
  const checks = useQuery({
    queryKey: ['advisor', companyId, 'checks', language],
    queryFn: () => api.get<{ checks: Check[] }>(`${base}/checks?language=${language}`),
    retry: false,
    enabled: Boolean(setup.data?.roleArn),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const result = useQuery({
    queryKey: ['advisor', companyId, 'check', selected, language],
    queryFn: () => api.get<CheckResult>(`${base}/checks/${selected}?language=${language}`),
    enabled: selected !== null,
    retry: false,
  });
  const [roleArn, setRoleArn] = useState('');
  const register = useMutation({
    mutationFn: (arn: string) => api.put<Setup>(`${base}/role`, { roleArn: arn }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['advisor', companyId] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate(roleArn.trim());
  };
  const code = errorCode(checks.error);
  return (
    <>
      <PageHeader title={text.title} subtitle={text.lead} />
      <QueryView query={setup}>
        {(s) => (
          <Section title={text.setup}>
            <p className="info-note">{text.steps}</p>
            <Details
              items={[
                [
                  text.daikoAccount,
                  <span key="a" className="mono">
                    {s.daikoAccountId}
                  </span>,
                ],
                [
                  text.externalId,
                  <span key="e" className="mono">
                    {s.externalId}
                  </span>,
                ],
                [text.permissions, s.permissions.join(', ')],
                [
                  text.roleArn,
                  s.roleArn ? (
                    <span key="r" className="mono">
                      {s.roleArn}
                    </span>
                  ) : (
                    text.notRegistered
                  ),
                ],
                ...(s.registeredAt
                  ? ([['', text.registered.replace('{{at}}', formatDateTime(s.registeredAt))]] as [string, string][])
                  : []),
              ]}
            />
            <h3>{text.trustPolicy}</h3>
            <pre
              className="mono"
              aria-label={text.trustPolicy}
              style={{ background: '#f6f8fa', padding: 12, borderRadius: 6, overflowX: 'auto' }}
            >
              {s.trustPolicy}
            </pre>
            {canRegister && (
              <form className="form" onSubmit={submit} noValidate>
                <ErrorBanner error={register.error} />
                <Field label={text.roleArn} required hint="arn:aws:iam::123456789012:role/DaikoTrustedAdvisor">
                  {(id) => <input id={id} className="mono" value={roleArn} onChange={(e) => setRoleArn(e.target.value)} />}
                </Field>
                <div className="form-actions">
                  <button type="submit" className="button" disabled={register.isPending || !roleArn.trim()}>
                    {text.register}
                  </button>
                </div>
              </form>
            )}
          </Section>
        )}
      </QueryView>
      <Section title={text.checks}>
        {!setup.data?.roleArn ? (
          <Empty>{text.errors.advisor_role_not_registered}</Empty>
        ) : checks.isError ? (
          <div className="error-banner" role="alert">
            {(code && text.errors[code]) ?? String((checks.error as Error).message)}
          </div>
        ) : (
          <QueryView query={checks}>
            {(data) => (
              <div className="table-scroll">
                <table className="table">
                  <thead>
                    <tr>
                      <th>{text.category}</th>
                      <th>{text.check}</th>
                      <th>{text.status}</th>
                      <th className="num">{text.flagged}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {data.checks.map((c) => (
                      <tr key={c.id}>
                        <td>{text.categories[c.category] ?? c.category}</td>
                        <td>{c.name}</td>
                        <td>
                          <Badge tone={TONE[c.status]}>{text.statuses[c.status]}</Badge>
                        </td>
                        <td className="num">{c.flaggedResources}</td>
                        <td>
                          {c.flaggedResources > 0 && (
                            <button
                              type="button"
                              className="button button-secondary button-small"
                              aria-label={`${text.show}: ${c.name}`}
                              onClick={() => setSelected(c.id)}
                            >
                              {text.show}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </QueryView>
        )}
      </Section>
      {selected && (
        <Section title={text.resources}>
          <QueryView query={result}>
            {(r) => (
              <>
                <h3>{r.name}</h3>
                <p className="info-note">{r.description}</p>
                {r.resources.length === 0 ? (
                  <Empty>{text.noResources}</Empty>
                ) : (
                  <div className="table-scroll">
                    <table className="table">
                      <thead>
                        <tr>
                          {r.columns.map((col) => (
                            <th key={col}>{col}</th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {r.resources.map((res) => (
                          <tr key={res.resourceId}>
                            {res.values.map((v, i) => (
                              <td key={i} className="mono">
                                {v ?? '—'}
                              </td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </>
            )}
          </QueryView>
        </Section>
      )}
    </>
  );
}
