import { useState } from 'react';
import { Checkbox, Empty, ErrorBanner, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { useMayChange } from '../../read-only-view.tsx';
import { AlertAmount, AlertKind, AlertText } from './AlertParts.tsx';
import { useCostAlerts, useDismissAlert, useSetMute, useSetSubscription, type CostAlertsOverview } from './budgetsApi.ts';
import { fill, useBudgetsText } from './i18n.ts';

/** アラート (customer portal; staff read-only): the company's alerts, muted services and the user's e-mail setting. */
export function AlertsPage({ companyId }: { companyId: string }) {
  const text = useBudgetsText();
  const [openOnly, setOpenOnly] = useState(true);
  const alerts = useCostAlerts(companyId, openOnly);
  const mayChange = useMayChange();
  return (
    <>
      <PageHeader
        title={text.alertsTitle}
        subtitle={text.alertsLead}
        actions={
          <div style={{ display: 'flex', gap: 4 }}>
            <button
              type="button"
              className={`button button-small${openOnly ? '' : ' button-secondary'}`}
              aria-pressed={openOnly}
              onClick={() => setOpenOnly(true)}
            >
              {text.openOnly}
            </button>
            <button
              type="button"
              className={`button button-small${openOnly ? ' button-secondary' : ''}`}
              aria-pressed={!openOnly}
              onClick={() => setOpenOnly(false)}
            >
              {text.all}
            </button>
          </div>
        }
      />
      <QueryView query={alerts}>
        {(data) => (
          <>
            <AlertList data={data} />
            {mayChange && data.subscribed !== null && <Subscription subscribed={data.subscribed} />}
            <Mutes companyId={companyId} data={data} />
          </>
        )}
      </QueryView>
    </>
  );
}

function AlertList({ data }: { data: CostAlertsOverview }) {
  const text = useBudgetsText();
  const dismiss = useDismissAlert();
  const canManage = useMayChange() && data.canManage;
  return (
    <Section title={text.alertsTitle}>
      <ErrorBanner error={dismiss.error} />
      {data.alerts.length === 0 ? (
        <Empty>{text.noAlerts}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="alerts">
            <thead>
              <tr>
                <th>{text.raisedAt}</th>
                <th>{text.kind}</th>
                <th>{text.detail}</th>
                <th className="num">{text.amountCol}</th>
                {canManage && <th className="actions-col">{text.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {data.alerts.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{formatDateTime(a.raisedAt)}</td>
                  <td className="nowrap">
                    <AlertKind alert={a} />
                  </td>
                  <td>
                    <AlertText alert={a} />
                  </td>
                  <td className="num mono nowrap">
                    <AlertAmount alert={a} />
                  </td>
                  {canManage && (
                    <td className="actions-col">
                      {a.dismissedAt ? (
                        <span className="small muted">{text.dismissed}</span>
                      ) : (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          disabled={dismiss.isPending}
                          onClick={() => dismiss.mutate(a.id)}
                        >
                          {text.dismiss}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="info-note">
        <strong>{text.anomalyRuleTitle}: </strong>
        {fill(text.anomalyRule, {
          window: data.anomalyRule.windowDays,
          multiplier: data.anomalyRule.multiplier,
          min: data.anomalyRule.minIncreaseUsd,
          history: data.anomalyRule.minHistoryDays,
        })}
      </p>
    </Section>
  );
}

function Subscription({ subscribed }: { subscribed: boolean }) {
  const text = useBudgetsText();
  const set = useSetSubscription();
  return (
    <Section title={text.subscriptionTitle}>
      <ErrorBanner error={set.error} />
      <Checkbox label={text.subscribe} checked={subscribed} disabled={set.isPending} onChange={(v) => set.mutate(v)} />
      <p className="info-note">{text.subscriptionHint}</p>
    </Section>
  );
}

function Mutes({ companyId, data }: { companyId: string; data: CostAlertsOverview }) {
  const text = useBudgetsText();
  const setMute = useSetMute(companyId);
  const [service, setService] = useState('');
  const canManage = useMayChange() && data.canManage;
  const anomalyServices = [
    ...new Map(
      data.alerts.filter((a) => a.kind === 'anomaly' && a.serviceCode).map((a) => [a.serviceCode!, a.serviceName ?? a.serviceCode!]),
    ),
  ];
  const muted = new Set(data.mutes.map((m) => m.serviceCode));
  return (
    <Section title={text.mutesTitle}>
      <ErrorBanner error={setMute.error} />
      {data.mutes.length === 0 ? (
        <Empty>{text.mutesEmpty}</Empty>
      ) : (
        <table className="table">
          <tbody>
            {data.mutes.map((m) => (
              <tr key={m.serviceCode}>
                <td className="mono">{m.serviceCode}</td>
                <td className="small muted">{formatDateTime(m.mutedAt)}</td>
                {canManage && (
                  <td className="actions-col">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => setMute.mutate({ serviceCode: m.serviceCode, muted: false })}
                    >
                      {text.unmute}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage && (
        <form
          style={{ display: 'flex', gap: 8, marginTop: 12 }}
          onSubmit={(e) => {
            e.preventDefault();
            if (service.trim()) setMute.mutate({ serviceCode: service.trim(), muted: true }, { onSuccess: () => setService('') });
          }}
        >
          <input
            list="anomaly-services"
            aria-label={text.servicePlaceholder}
            placeholder={text.servicePlaceholder}
            value={service}
            onChange={(e) => setService(e.target.value)}
            style={{ maxWidth: 320 }}
          />
          <datalist id="anomaly-services">
            {anomalyServices
              .filter(([code]) => !muted.has(code))
              .map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
          </datalist>
          <button type="submit" className="button button-secondary" disabled={setMute.isPending || !service.trim()}>
            {text.mute}
          </button>
        </form>
      )}
    </Section>
  );
}
