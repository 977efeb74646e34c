import { Link } from 'react-router';
import { Empty, QueryView, Section } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { usePortalPath } from '../../read-only-view.tsx';
import { AlertAmount, AlertKind, AlertText } from './AlertParts.tsx';
import { useCostAlerts } from './budgetsApi.ts';
import { useBudgetsText } from './i18n.ts';

/** The company's open alerts, newest first, for the portal overview (at most `limit`), with a link to the alerts page. */
export function OpenAlerts({ companyId, limit = 5 }: { companyId: string; limit?: number }) {
  const text = useBudgetsText();
  const alerts = useCostAlerts(companyId, true);
  const portalPath = usePortalPath();
  return (
    <Section title={text.openAlertsTitle} actions={<Link to={portalPath('/alerts')}>{text.openAlertsMore}</Link>}>
      <QueryView query={alerts}>
        {(data) =>
          data.alerts.length === 0 ? (
            <Empty>{text.noAlerts}</Empty>
          ) : (
            <table className="table" data-testid="open-alerts">
              <tbody>
                {data.alerts.slice(0, limit).map((a) => (
                  <tr key={a.id}>
                    <td className="nowrap small">{formatDateTime(a.raisedAt)}</td>
                    <td>
                      <AlertKind alert={a} />
                    </td>
                    <td>
                      <AlertText alert={a} />
                    </td>
                    <td className="num mono">
                      <AlertAmount alert={a} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </Section>
  );
}
