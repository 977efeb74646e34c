import type { ReactNode } from 'react';
import { Badge } from '../../components/ui.tsx';
import { formatDecimal } from '../../format.ts';
import { formatYen } from '../invoicing/InvoiceParts.tsx';
import { downloadCsv, toCsv } from './csv.ts';
import { usePortalText } from './i18n.ts';
import type { Standing } from './portalApi.ts';

/** Colors of the stacked series, in order; the last one is "others". */
export const SERIES_COLORS = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#94a3b8'];

/** A USD amount with two decimals: $1,234.56 (exact string in, rounded half-up for display). */
export function formatUsd(usd: string): string {
  const negative = usd.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? usd.slice(1) : usd).split('.');
  let cents = BigInt(whole + (fraction + '00').slice(0, 2));
  if (Number(fraction[2] ?? '0') >= 5) cents += 1n;
  const text = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  return `${negative && cents !== 0n ? '−' : ''}$${formatDecimal(text)}`;
}

export function formatAmount(amount: string, currency: 'USD' | 'JPY'): string {
  return currency === 'JPY' ? formatYen(amount) : formatUsd(amount);
}

/** 2026/10/03 (a UTC calendar day as written in Japan). */
export function formatUtcDay(day: string): string {
  return day.replace(/-/g, '/');
}

const STANDING_TONE = {
  draft: 'warn',
  finalized: 'info',
  sent: 'info',
  'partially-paid': 'warn',
  paid: 'good',
  overdue: 'bad',
  void: 'neutral',
} as const;

export function StandingBadge({ status }: { status: Standing }) {
  const text = usePortalText();
  return <Badge tone={STANDING_TONE[status]}>{text.invoices.statuses[status]}</Badge>;
}

/** A button that saves a table as CSV (UTF-8 with BOM), built in the browser from what the screen shows. */
export function CsvButton({ filename, header, rows }: { filename: string; header: string[]; rows: (string | number | null)[][] }) {
  const text = usePortalText();
  return (
    <button type="button" className="button button-secondary" onClick={() => downloadCsv(filename, toCsv(header, rows))}>
      {text.csv}
    </button>
  );
}

export function Card({ title, actions, children }: { title: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="card">
      <div className="card-header">
        <h2>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </div>
      {children}
    </div>
  );
}
