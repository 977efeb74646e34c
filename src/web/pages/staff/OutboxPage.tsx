import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { OutboxMail } from '../../api/types.ts';
import { Badge, Empty, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';

const STATUS_TONE = { pending: 'warn', sent: 'good', failed: 'bad' } as const;

/** 送信メール: what Daiko sent or will send; without SMTP it is where staff read the mails. */
export function OutboxPage() {
  const { t, i18n } = useTranslation();
  const outbox = useQuery({ queryKey: ['outbox'], queryFn: () => api.get<OutboxMail[]>('/outbox') });
  const [openId, setOpenId] = useState<string>();
  const purposeLabel = (purpose: string) => {
    const key = `outbox.purposes.${purpose.replaceAll('.', '_')}`;
    return i18n.exists(key) ? t(key as 'outbox.purposes.user_temporary_password') : purpose;
  };
  return (
    <>
      <PageHeader
        title={t('outbox.title')}
        subtitle={t('outbox.subtitle')}
        actions={
          <button type="button" className="button button-secondary" onClick={() => void outbox.refetch()} disabled={outbox.isFetching}>
            {t('common.refresh')}
          </button>
        }
      />
      <div className="card">
        <QueryView query={outbox}>
          {(mails) =>
            mails.length === 0 ? (
              <Empty>{t('outbox.empty')}</Empty>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('outbox.createdAt')}</th>
                    <th>{t('outbox.to')}</th>
                    <th>{t('outbox.subject')}</th>
                    <th>{t('outbox.purpose')}</th>
                    <th>{t('outbox.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {mails.map((mail) => {
                    const open = openId === mail.id;
                    return [
                      <tr key={mail.id} className={`clickable${open ? ' selected' : ''}`} onClick={() => setOpenId(open ? undefined : mail.id)}>
                        <td className="nowrap">{formatDateTime(mail.createdAt)}</td>
                        <td>{mail.toAddress}</td>
                        <td>
                          <button type="button" className="link-button" aria-expanded={open}>
                            {mail.subject}
                          </button>
                        </td>
                        <td>{purposeLabel(mail.purpose)}</td>
                        <td>
                          <Badge tone={STATUS_TONE[mail.status]}>{t(`outbox.statuses.${mail.status}`)}</Badge>
                          {mail.sentAt && <div className="muted small">{formatDateTime(mail.sentAt)}</div>}
                        </td>
                      </tr>,
                      open && (
                        <tr key={`${mail.id}-body`} className="mail-body-row">
                          <td colSpan={5}>
                            <pre className="mail-body">{mail.textBody}</pre>
                          </td>
                        </tr>
                      ),
                    ];
                  })}
                </tbody>
              </table>
            )
          }
        </QueryView>
      </div>
    </>
  );
}
