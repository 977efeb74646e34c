import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui.tsx';
import { formatDecimal } from '../../format.ts';
import type { InvoiceStatus } from './invoicesApi.ts';

const STATUS_TONE = { draft: 'warn', finalized: 'info', sent: 'good', void: 'neutral' } as const;

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`invoices.statuses.${status}`)}</Badge>;
}

/** Integer yen (a number from the list, a string from the detail) as ¥1,234,567 / −¥1,234. */
export function formatYen(yen: number | string): string {
  const text = String(yen);
  return text.startsWith('-') ? `−¥${formatDecimal(text.slice(1))}` : `¥${formatDecimal(text)}`;
}

/** The change of a total against the month before, signed: +¥1,200 / −¥300 / ±¥0. */
export function formatYenChange(change: number): string {
  if (change === 0) return '±¥0';
  return change > 0 ? `+${formatYen(change)}` : formatYen(change);
}

/**
 * An exact decimal from a NUMERIC column without its padding zeros, keeping at least `minFraction`
 * fraction digits and every significant one: ("100.00000000000000", 2) → "100.00", ("0.0000", 0) → "0".
 */
export function formatExact(value: string, minFraction: number): string {
  const [whole = '', fraction = ''] = value.split('.');
  const kept = fraction.replace(/0+$/, '').padEnd(minFraction, '0');
  return formatDecimal(kept ? `${whole}.${kept}` : whole);
}

/** An issued invoice has its PDF (drafts have none). */
export const hasPdf = (status: InvoiceStatus) => status !== 'draft';
