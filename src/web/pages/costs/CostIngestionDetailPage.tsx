import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { CostIngestion } from '../../api/types.ts';
import { Details, Empty, ErrorBanner, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatBytes, formatCount, formatDateTime, formatDecimal, sumDecimals } from '../../format.ts';
import { isActive, orderedTotals, useCostIngestion } from './costsApi.ts';
import { FinalBadge, FormatName, IngestProgress, StatusBadge, useDuration, useLineTypeLabel, usePeriod } from './CostParts.tsx';

/** One cost delivery: what was read, its files (with their SHA-256) and its USD totals by line type. */
export function CostIngestionDetailPage() {
  const { t } = useTranslation();
  const { ingestionId = '' } = useParams();
  const ingestion = useCostIngestion(ingestionId);
  if (ingestion.isError) {
    return (
      <>
        <PageHeader back={{ to: '/cost-data', label: t('nav.costData') }} title={t('costs.detail.title')} />
        <ErrorBanner error={ingestion.error} />
      </>
    );
  }
  return (
    <QueryView query={ingestion}>
      {(data) => <IngestionDetail ingestion={data} now={ingestion.dataUpdatedAt} refetch={() => void ingestion.refetch()} fetching={ingestion.isFetching} />}
    </QueryView>
  );
}

const NONE = <span className="muted">—</span>;

function IngestionDetail({ ingestion, now, refetch, fetching }: { ingestion: CostIngestion; now: number; refetch: () => void; fetching: boolean }) {
  const { t } = useTranslation();
  const period = usePeriod();
  const duration = useDuration();
  const done = ingestion.status === 'succeeded' || ingestion.status === 'unchanged';
  const count = (n: number) => (done ? formatCount(n) : NONE);
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : NONE);
  return (
    <>
      <PageHeader
        back={{ to: '/cost-data', label: t('nav.costData') }}
        title={ingestion.billingPeriod ? t('costs.detail.titleWithPeriod', { period: period(ingestion.billingPeriod) }) : t('costs.detail.title')}
        subtitle={<span className="mono source">{ingestion.source}</span>}
        actions={
          <button type="button" className="button button-secondary" onClick={refetch} disabled={fetching}>
            {t('common.refresh')}
          </button>
        }
      />
      {ingestion.status === 'failed' && (
        <div className="banner banner-error" role="alert">
          <p className="banner-lead">{t('costs.failedLead')}</p>
          {ingestion.error && <pre className="ingest-error">{ingestion.error}</pre>}
        </div>
      )}
      {ingestion.status === 'unchanged' && <div className="banner banner-info">{t('costs.unchangedLead')}</div>}
      {isActive(ingestion) && (
        <section className="card">
          <div className="card-body">
            <div className="progress-head">
              <StatusBadge status={ingestion.status} />
            </div>
            <IngestProgress ingestion={ingestion} />
          </div>
        </section>
      )}
      <Section title={t('costs.detail.summary')}>
        <Details
          items={[
            [t('costs.status'), <StatusBadge status={ingestion.status} />],
            [t('costs.source'), <span className="mono source">{ingestion.source}</span>],
            [t('costs.detail.format'), <FormatName format={ingestion.format} />],
            [t('costs.detail.payer'), ingestion.payerAccountId ? <span className="mono">{ingestion.payerAccountId}</span> : NONE],
            [t('costs.period'), ingestion.billingPeriod ? period(ingestion.billingPeriod) : NONE],
            [
              t('costs.detail.final'),
              <>
                <FinalBadge isFinal={ingestion.isFinal} />
                {ingestion.isFinal !== null && <span className="muted small detail-hint">{ingestion.isFinal ? t('costs.finalHint') : t('costs.notFinalHint')}</span>}
              </>,
            ],
            [t('costs.detail.assemblyId'), ingestion.assemblyId ? <span className="mono">{ingestion.assemblyId}</span> : NONE],
            [t('costs.detail.rowsRead'), count(ingestion.rowsRead)],
            [t('costs.detail.factCount'), count(ingestion.factCount)],
            [t('costs.detail.skipped'), count(ingestion.rowsSkippedOtherProviders)],
            [t('costs.detail.requestedBy'), ingestion.requestedBy],
            [t('costs.detail.queuedAt'), formatDateTime(ingestion.createdAt)],
            [t('costs.detail.startedAt'), when(ingestion.startedAt)],
            [t('costs.detail.finishedAt'), when(ingestion.finishedAt)],
            [t('costs.detail.duration'), ingestion.startedAt ? duration(ingestion.startedAt, ingestion.finishedAt, now) : NONE],
          ]}
        />
      </Section>
      {ingestion.warnings.length > 0 && (
        <Section title={t('costs.detail.warnings')}>
          <ul className="ingest-warnings">
            {ingestion.warnings.map((warning, i) => (
              <li key={i}>{warning}</li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={t('costs.detail.files')}>
        {ingestion.files.length === 0 ? (
          <Empty>{t('costs.detail.noFiles')}</Empty>
        ) : (
          <table className="table files-table">
            <thead>
              <tr>
                <th>{t('costs.detail.fileName')}</th>
                <th className="num">{t('costs.detail.fileSize')}</th>
                <th>{t('costs.detail.sha256')}</th>
              </tr>
            </thead>
            <tbody>
              {ingestion.files.map((file) => (
                <tr key={`${file.name}-${file.sha256}`}>
                  <td className="mono small source">{file.name}</td>
                  <td className="num nowrap" title={`${formatCount(file.bytes)} bytes`}>
                    {formatBytes(file.bytes)}
                  </td>
                  <td>
                    <code className="hash">{file.sha256}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('costs.detail.totals')}>
        <TotalsTable totals={ingestion.totalsByLineType} />
      </Section>
    </>
  );
}

function TotalsTable({ totals }: { totals: Record<string, string> }) {
  const { t } = useTranslation();
  const label = useLineTypeLabel();
  const rows = orderedTotals(totals);
  if (rows.length === 0) return <Empty>{t('costs.detail.noTotals')}</Empty>;
  const sum = sumDecimals(rows.map(([, amount]) => amount));
  return (
    <table className="table totals-table">
      <thead>
        <tr>
          <th>{t('costs.detail.lineType')}</th>
          <th>{t('costs.detail.lineTypeCode')}</th>
          <th className="num">{t('costs.detail.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([lineType, amount]) => (
          <tr key={lineType}>
            <td>{label(lineType)}</td>
            <td className="mono small muted">{lineType}</td>
            <td className="num mono">{formatDecimal(amount)}</td>
          </tr>
        ))}
      </tbody>
      {sum !== null && (
        <tfoot>
          <tr>
            <th colSpan={2}>{t('costs.detail.total')}</th>
            <td className="num mono">{formatDecimal(sum)}</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
