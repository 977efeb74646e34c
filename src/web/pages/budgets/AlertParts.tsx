import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui.tsx';
import { formatBillingPeriod, formatDay, formatDecimal } from '../../format.ts';
import { formatYen } from '../invoicing/InvoiceParts.tsx';
import type { CostAlert } from './budgetsApi.ts';
import { fill, useBudgetsText } from './i18n.ts';

export const KIND_TONE = { actual: 'bad', forecast: 'warn', anomaly: 'warn', restricted: 'bad' } as const;

export function AlertKind({ alert }: { alert: CostAlert }) {
  const text = useBudgetsText();
  return <Badge tone={KIND_TONE[alert.kind]}>{text.kinds[alert.kind]}</Badge>;
}

/** What the alert says, in a sentence. */
export function AlertText({ alert }: { alert: CostAlert }) {
  const text = useBudgetsText();
  const { i18n } = useTranslation();
  const service = alert.serviceName || alert.serviceCode || '';
  return (
    <>
      {fill(text.describe[alert.kind], {
        budget: alert.budgetName ?? '',
        month: formatBillingPeriod(alert.month, i18n.language),
        threshold: alert.threshold ?? '',
        service,
        date: formatDay(alert.usageDate),
        baseline: formatDecimal(Number(alert.baselineUsd ?? '0').toFixed(2)),
        account: alert.usageAccountId ?? '',
      })}
      {alert.kind === 'restricted' && <div className="small muted">{text.restrictedNote}</div>}
    </>
  );
}

export function AlertAmount({ alert }: { alert: CostAlert }) {
  const text = useBudgetsText();
  return (
    <>
      {alert.amountJpy === null ? '—' : formatYen(alert.amountJpy)}
      <div className="small muted">
        USD {formatDecimal(Number(alert.amountUsd).toFixed(2))}
        {alert.budgetJpy !== null && ` / ${fill(text.ofBudget, { budget: formatYen(alert.budgetJpy) })}`}
      </div>
    </>
  );
}
