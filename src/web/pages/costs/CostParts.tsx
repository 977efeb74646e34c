import { useTranslation } from 'react-i18next';
import type { CostIngestion, CostIngestionStatus } from '../../api/types.ts';
import { Badge } from '../../components/ui.tsx';
import { formatBillingPeriod, formatBytes, formatCount, formatDecimal } from '../../format.ts';
import { LINE_TYPE_ORDER, orderedTotals } from './costsApi.ts';

const STATUS_TONE = { queued: 'neutral', running: 'info', succeeded: 'good', unchanged: 'neutral', failed: 'bad' } as const;

export function StatusBadge({ status }: { status: CostIngestionStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`costs.statuses.${status}`)}</Badge>;
}

/** 確定 / 未確定: whether AWS has finalized the month (null until the rows are read). */
export function FinalBadge({ isFinal }: { isFinal: boolean | null }) {
  const { t } = useTranslation();
  if (isFinal === null) return <span className="muted">—</span>;
  return (
    <span title={isFinal ? t('costs.finalHint') : t('costs.notFinalHint')}>
      {isFinal ? <Badge tone="good">{t('costs.final')}</Badge> : <Badge tone="warn">{t('costs.notFinal')}</Badge>}
    </span>
  );
}

export function FormatName({ format }: { format: CostIngestion['format'] }) {
  const { t } = useTranslation();
  if (!format) return <span className="muted">—</span>;
  return <>{t(`costs.formats.${format}`)}</>;
}

export function usePeriod() {
  const { i18n } = useTranslation();
  return (period: string | null) => formatBillingPeriod(period, i18n.language);
}

/** The people's name of a CUR line type; an unknown one keeps its code. */
export function useLineTypeLabel() {
  const { t } = useTranslation();
  return (lineType: string) => ((LINE_TYPE_ORDER as readonly string[]).includes(lineType) ? t(`costs.lineTypes.${lineType as (typeof LINE_TYPE_ORDER)[number]}`) : lineType);
}

/** An elapsed time in words: 0.8秒, 1分05秒, 2時間03分. */
export function useDuration() {
  const { t } = useTranslation();
  return (fromIso: string | null, toIso: string | null, nowMs: number): string => {
    if (!fromIso) return '—';
    const ms = Math.max(0, (toIso ? Date.parse(toIso) : nowMs) - Date.parse(fromIso));
    if (ms < 10_000) return t('costs.duration.seconds', { s: (ms / 1000).toFixed(1) });
    const total = Math.round(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (h > 0) return t('costs.duration.hours', { h, m: String(m).padStart(2, '0') });
    if (m > 0) return t('costs.duration.minutes', { m, s: String(s).padStart(2, '0') });
    return t('costs.duration.seconds', { s });
  };
}

/** A queued or running ingestion's progress: rows read, and bytes read of the total as a bar. */
export function IngestProgress({ ingestion }: { ingestion: CostIngestion }) {
  const { t } = useTranslation();
  if (ingestion.status === 'queued') return <p className="progress-note">{t('costs.progress.waiting')}</p>;
  const progress = ingestion.progress;
  if (!progress) return <p className="progress-note">{t('costs.progress.preparing')}</p>;
  const ratio = progress.bytesTotal > 0 ? Math.min(1, progress.bytesRead / progress.bytesTotal) : null;
  const percent = ratio === null ? null : Math.floor(ratio * 100);
  return (
    <div className="progress">
      <div className="progress-line">
        <div
          className={`progress-track${ratio === null ? ' progress-indeterminate' : ''}`}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
          aria-label={t('costs.statuses.running')}
        >
          <div className="progress-bar" style={{ width: `${percent ?? 100}%` }} />
        </div>
        {percent !== null && <span className="progress-percent">{percent}%</span>}
      </div>
      <p className="progress-note">
        {t('costs.progress.rows', { rows: formatCount(progress.rowsRead) })}
        {progress.bytesTotal > 0 && (
          <>
            <br />
            {t('costs.progress.bytes', { read: formatBytes(progress.bytesRead), total: formatBytes(progress.bytesTotal) })}
          </>
        )}
        {progress.deliveries !== undefined && progress.deliveries > 1 && (
          <>
            <br />
            {t('costs.progress.delivery', { delivery: progress.delivery ?? 1, deliveries: progress.deliveries })}
          </>
        )}
      </p>
    </div>
  );
}

/** The per-line-type USD totals as a compact two-column list (the list page's cell). */
export function TotalsList({ totals }: { totals: Record<string, string> }) {
  const label = useLineTypeLabel();
  const rows = orderedTotals(totals);
  if (rows.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="pairs">
      {rows.map(([lineType, amount]) => (
        <div key={lineType} className="pairs-row">
          <dt title={lineType}>{label(lineType)}</dt>
          <dd className="num">{formatDecimal(amount)}</dd>
        </div>
      ))}
    </dl>
  );
}
