import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../api/client.ts';
import type { CostIngestion } from '../../api/types.ts';
import { Badge, Empty, Field, Notice, PageHeader, QueryView, Section, useErrorText } from '../../components/ui.tsx';
import { formatCount, formatDateTime } from '../../format.ts';
import { COST_INGESTIONS_KEY, isActive, useCostIngestions } from './costsApi.ts';
import { FinalBadge, FormatName, IngestProgress, StatusBadge, TotalsList, useDuration, usePeriod } from './CostParts.tsx';

const COLUMNS = 6;

/** コストデータ (admin, billing): the cost deliveries taken in, newest first, and starting a new ingest. */
export function CostIngestionsPage() {
  const { t } = useTranslation();
  const ingestions = useCostIngestions();
  return (
    <>
      <PageHeader
        title={t('costs.title')}
        subtitle={t('costs.subtitle')}
        actions={
          <button type="button" className="button button-secondary" onClick={() => void ingestions.refetch()} disabled={ingestions.isFetching}>
            {t('common.refresh')}
          </button>
        }
      />
      <StartIngest />
      <div className="card">
        <QueryView query={ingestions}>
          {(list) => (list.length === 0 ? <Empty>{t('costs.empty')}</Empty> : <IngestionTable list={list} now={ingestions.dataUpdatedAt} />)}
        </QueryView>
      </div>
    </>
  );
}

/** 取込を開始: an S3 location or a path inside the server's incoming folder; the server says why it refuses one. */
function StartIngest() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [source, setSource] = useState('');
  const [missing, setMissing] = useState(false);
  const start = useMutation({
    mutationFn: (value: string) => api.post<{ id: string }>('/cost-ingestions', { source: value }),
    onSuccess: () => {
      setSource('');
      void queryClient.invalidateQueries({ queryKey: COST_INGESTIONS_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = source.trim();
    setMissing(!value);
    if (value) start.mutate(value);
  };
  const refusal = (error: unknown) => (error instanceof ApiError && error.status === 400 ? t('costs.start.refused', { message: error.message }) : errorText(error));
  return (
    <Section title={t('costs.start.title')}>
      {start.isError && (
        <div className="banner banner-error" role="alert">
          {refusal(start.error)}
        </div>
      )}
      {start.isSuccess && <Notice>{t('costs.start.accepted')}</Notice>}
      <form className="form" onSubmit={submit} noValidate>
        <Field label={t('costs.start.source')} required error={missing ? t('validation.required', { field: t('costs.start.source') }) : undefined} hint={t('costs.start.sourceHint')}>
          {(id) => (
            <div className="input-row">
              <input
                id={id}
                className="mono"
                value={source}
                onChange={(e) => setSource(e.target.value)}
                maxLength={1024}
                placeholder="s3://bucket/prefix"
                spellCheck={false}
                autoComplete="off"
              />
              <button type="submit" className="button button-primary" disabled={start.isPending}>
                {start.isPending ? t('costs.start.submitting') : t('costs.start.submit')}
              </button>
            </div>
          )}
        </Field>
      </form>
    </Section>
  );
}

function IngestionTable({ list, now }: { list: CostIngestion[]; now: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const period = usePeriod();
  const duration = useDuration();
  return (
    <div className="table-scroll">
      <table className="table cost-table">
        <thead>
          <tr>
            <th>{t('costs.periodFormat')}</th>
            <th>{t('costs.status')}</th>
            <th>{t('costs.source')}</th>
            <th>{t('costs.rows')}</th>
            <th>{t('costs.totals')}</th>
            <th>{t('costs.times')}</th>
          </tr>
        </thead>
        {list.map((ingestion) => {
          const open = (event: MouseEvent) => {
            // The period link navigates by itself; selecting text is not a click on the row.
            if ((event.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
            void navigate(`/cost-data/${ingestion.id}`);
          };
          const done = ingestion.status === 'succeeded' || ingestion.status === 'unchanged';
          const hasNotes = ingestion.error !== null || ingestion.warnings.length > 0;
          return (
            <tbody key={ingestion.id} className="cost-group" onClick={open}>
              <tr className={`clickable${hasNotes ? ' has-notes' : ''}`}>
                <td className="nowrap">
                  <Link to={`/cost-data/${ingestion.id}`}>{ingestion.billingPeriod ? period(ingestion.billingPeriod) : t('costs.details')}</Link>
                  <div className="small">
                    <FormatName format={ingestion.format} />
                  </div>
                  {ingestion.payerAccountId && <div className="mono small">{ingestion.payerAccountId}</div>}
                  {ingestion.isFinal !== null && (
                    <div className="final-line">
                      <FinalBadge isFinal={ingestion.isFinal} />
                    </div>
                  )}
                </td>
                <td className="status-col">
                  <StatusBadge status={ingestion.status} />
                  {isActive(ingestion) && <IngestProgress ingestion={ingestion} />}
                  {ingestion.warnings.length > 0 && (
                    <div>
                      <Badge tone="warn">{t('costs.warningCount', { count: ingestion.warnings.length })}</Badge>
                    </div>
                  )}
                </td>
                <td className="source-col">
                  <div className="mono small source">{ingestion.source}</div>
                  <div className="muted small">{ingestion.requestedBy}</div>
                </td>
                <td className="nowrap">
                  {done ? (
                    <dl className="pairs">
                      <Pair label={t('costs.short.rowsRead')} value={formatCount(ingestion.rowsRead)} title={t('costs.detail.rowsRead')} />
                      <Pair label={t('costs.short.factCount')} value={formatCount(ingestion.factCount)} title={t('costs.detail.factCount')} />
                      <Pair label={t('costs.short.skipped')} value={formatCount(ingestion.rowsSkippedOtherProviders)} title={t('costs.detail.skipped')} />
                    </dl>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="totals-col">
                  <TotalsList totals={ingestion.totalsByLineType} />
                </td>
                <td className="nowrap">
                  <dl className="pairs small">
                    {ingestion.startedAt ? (
                      <Pair label={t('costs.short.started')} value={formatDateTime(ingestion.startedAt)} />
                    ) : (
                      <Pair label={t('costs.short.queued')} value={formatDateTime(ingestion.createdAt)} />
                    )}
                    {ingestion.finishedAt && <Pair label={t('costs.short.finished')} value={formatDateTime(ingestion.finishedAt)} />}
                    {ingestion.startedAt && <Pair label={t('costs.short.duration')} value={duration(ingestion.startedAt, ingestion.finishedAt, now)} />}
                  </dl>
                </td>
              </tr>
              {hasNotes && (
                <tr className="clickable notes-row">
                  <td colSpan={COLUMNS}>
                    {ingestion.error !== null && <pre className="ingest-error">{ingestion.error}</pre>}
                    {ingestion.warnings.length > 0 && (
                      <ul className="ingest-warnings">
                        {ingestion.warnings.map((warning, i) => (
                          <li key={i}>{warning}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

function Pair({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="pairs-row" title={title}>
      <dt>{label}</dt>
      <dd className="num">{value}</dd>
    </div>
  );
}
