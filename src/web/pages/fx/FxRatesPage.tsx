import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { Badge, Details, Empty, ErrorBanner, Field, Notice, PageHeader, QueryView, Section, useErrorText } from '../../components/ui.tsx';
import { formatBillingPeriod, formatDateTime, formatDay } from '../../format.ts';
import {
  FALLBACKS,
  ROUNDINGS,
  useFxRates,
  useFxSettings,
  useImportFxRates,
  useSaveFxSettings,
  type FxRatesFilter,
  type FxRatesListing,
  type FxSettings,
  type UsageMonthRate,
} from './fxApi.ts';

/**
 * 為替レート (staff): the USD→JPY TTM table, the rule that picks a rate for each usage month, and what
 * that rule gives for the months in view. Billing and admins import rates; admins change the rule.
 */
export function FxRatesPage({ canImport, canConfigure }: { canImport: boolean; canConfigure: boolean }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<FxRatesFilter>({});
  const rates = useFxRates(filter);
  return (
    <>
      <PageHeader title={t('fx.title')} subtitle={t('fx.subtitle')} />
      <RateRule canConfigure={canConfigure} />
      {canImport && <ImportRates />}
      <QueryView query={rates}>
        {(listing) => (
          <>
            <UsageMonths listing={listing} />
            <RateTable key={`${listing.source}|${listing.from}|${listing.to}`} listing={listing} onFilter={setFilter} />
          </>
        )}
      </QueryView>
    </>
  );
}

/** 換算ルール: shown to every staff member, edited by admins. */
function RateRule({ canConfigure }: { canConfigure: boolean }) {
  const { t } = useTranslation();
  const settings = useFxSettings();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <Section
      title={t('fx.rule.title')}
      actions={
        canConfigure &&
        !editing && (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {t('common.edit')}
          </button>
        )
      }
    >
      {saved && <Notice>{t('fx.rule.saved')}</Notice>}
      <QueryView query={settings}>
        {(current) =>
          editing ? (
            <RuleForm
              settings={current}
              onDone={(didSave) => {
                setEditing(false);
                setSaved(didSave);
              }}
            />
          ) : (
            <Details
              items={[
                [t('fx.rule.source'), <span className="mono">{current.source}</span>],
                [t('fx.rule.usageRateDay'), t('fx.rule.usageRateDayValue', { day: current.usageRateDay })],
                [t('fx.rule.purchase'), t('fx.rule.purchaseValue')],
                [t('fx.rule.fallback'), t(`fx.rule.fallbacks.${current.fallback}`)],
                [t('fx.rule.maxFallbackDays'), t('fx.rule.maxFallbackDaysValue', { days: current.maxFallbackDays })],
                [t('fx.rule.rounding'), t(`fx.rule.roundings.${current.rounding}`)],
              ]}
            />
          )
        }
      </QueryView>
    </Section>
  );
}

function RuleForm({ settings, onDone }: { settings: FxSettings; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const save = useSaveFxSettings();
  const [values, setValues] = useState(settings);
  const [sourceMissing, setSourceMissing] = useState(false);
  const set = <K extends keyof FxSettings>(key: K, value: FxSettings[K]) => setValues((v) => ({ ...v, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const source = values.source.trim().toUpperCase();
    setSourceMissing(!source);
    if (source) save.mutate({ ...values, source }, { onSuccess: () => onDone(true) });
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorBanner error={save.error} />
      <div className="form-grid">
        <Field
          label={t('fx.rule.source')}
          required
          hint={t('fx.rule.hints.source')}
          error={sourceMissing ? t('validation.required', { field: t('fx.rule.source') }) : undefined}
        >
          {(id) => (
            <input
              id={id}
              className="mono"
              value={values.source}
              maxLength={32}
              onChange={(e) => set('source', e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
        <Field label={t('fx.rule.usageRateDay')} hint={t('fx.rule.hints.usageRateDay')}>
          {(id) => (
            <select id={id} value={values.usageRateDay} onChange={(e) => set('usageRateDay', Number(e.target.value))}>
              {Array.from({ length: 28 }, (_, i) => i + 1).map((day) => (
                <option key={day} value={day}>
                  {t('fx.rule.usageRateDayValue', { day })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fx.rule.fallback')} hint={t('fx.rule.hints.fallback')}>
          {(id) => (
            <select id={id} value={values.fallback} onChange={(e) => set('fallback', e.target.value as FxSettings['fallback'])}>
              {FALLBACKS.map((f) => (
                <option key={f} value={f}>
                  {t(`fx.rule.fallbacks.${f}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fx.rule.maxFallbackDays')} hint={t('fx.rule.hints.maxFallbackDays')}>
          {(id) => (
            <select id={id} value={values.maxFallbackDays} onChange={(e) => set('maxFallbackDays', Number(e.target.value))}>
              {Array.from({ length: 32 }, (_, i) => i).map((days) => (
                <option key={days} value={days}>
                  {t('fx.rule.days', { days })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fx.rule.rounding')}>
          {(id) => (
            <select id={id} value={values.rounding} onChange={(e) => set('rounding', e.target.value as FxSettings['rounding'])}>
              {ROUNDINGS.map((r) => (
                <option key={r} value={r}>
                  {t(`fx.rule.roundings.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** レートの取込: a CSV file read in the browser and sent whole; the server checks every row. */
function ImportRates() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const importRates = useImportFxRates();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMissing(!file);
    if (!file) return;
    importRates.mutate({ csv: await file.text(), ...(source.trim() ? { source: source.trim().toUpperCase() } : {}) });
  };
  const result = importRates.data;
  return (
    <Section title={t('fx.import.title')}>
      {importRates.isError &&
        (importRates.error instanceof ApiError && importRates.error.status === 400 ? (
          <div className="banner banner-error pre" role="alert">
            {t('fx.import.refused')}
            {'\n'}
            {importRates.error.message}
          </div>
        ) : (
          <div className="banner banner-error" role="alert">
            {errorText(importRates.error)}
          </div>
        ))}
      {result && <Notice>{t('fx.import.done', { created: result.created, updated: result.updated, unchanged: result.unchanged })}</Notice>}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <Field
            label={t('fx.import.file')}
            required
            hint={t('fx.import.fileHint')}
            error={missing ? t('fx.import.chooseFile') : undefined}
          >
            {(id) => <input id={id} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
          </Field>
          <Field label={t('fx.import.source')} hint={t('fx.import.sourceHint')}>
            {(id) => (
              <input
                id={id}
                className="mono"
                value={source}
                maxLength={32}
                onChange={(e) => setSource(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={importRates.isPending}>
            {importRates.isPending ? t('fx.import.submitting') : t('fx.import.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}

const STATUS_TONE = { published: 'good', fallback: 'info', missing: 'bad', pending: 'neutral' } as const;

/** 利用月ごとの適用レート: what the current rule converts each usage month in view at. */
function UsageMonths({ listing }: { listing: FxRatesListing }) {
  const { t, i18n } = useTranslation();
  return (
    <Section title={t('fx.usage.title')}>
      <p className="info-note">{t('fx.usage.lead', { source: listing.source })}</p>
      {listing.usageMonths.length === 0 ? (
        <Empty>{t('fx.usage.empty')}</Empty>
      ) : (
        <table className="table usage-month-table">
          <thead>
            <tr>
              <th>{t('fx.usage.month')}</th>
              <th>{t('fx.usage.requestedDate')}</th>
              <th>{t('fx.usage.rateDate')}</th>
              <th className="num">{t('fx.usage.rate')}</th>
              <th>{t('fx.usage.status')}</th>
            </tr>
          </thead>
          <tbody>
            {listing.usageMonths.map((m: UsageMonthRate) => (
              <tr key={m.month}>
                <td className="nowrap">{formatBillingPeriod(m.month, i18n.language)}</td>
                <td className="nowrap">
                  <DayWithWeekday day={m.requestedDate} />
                </td>
                <td className="nowrap">{m.rateDate ? <DayWithWeekday day={m.rateDate} /> : '—'}</td>
                <td className="num mono">{m.usdJpy ?? '—'}</td>
                <td>
                  <Badge tone={STATUS_TONE[m.status]}>{t(`fx.usage.statuses.${m.status}`)}</Badge>
                  {m.neededDate && <div className="small muted">{t('fx.usage.needs', { date: formatDay(m.neededDate) })}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** 登録済みのレート: one source's rates in a date range, newest first. */
function RateTable({ listing, onFilter }: { listing: FxRatesListing; onFilter: (filter: FxRatesFilter) => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(listing.from);
  const [to, setTo] = useState(listing.to);
  const sources = listing.sources.some((s) => s.source === listing.source)
    ? listing.sources.map((s) => s.source)
    : [listing.source, ...listing.sources.map((s) => s.source)];
  const show = (event: FormEvent) => {
    event.preventDefault();
    onFilter({ source: listing.source, from, to });
  };
  return (
    <div className="card">
      <div className="card-header">
        <h2>{t('fx.list.title')}</h2>
        <span className="muted small">{t('fx.list.count', { count: listing.rates.length })}</span>
      </div>
      <form className="toolbar" onSubmit={show}>
        <label className="inline-label">
          {t('fx.list.source')}
          <select value={listing.source} onChange={(e) => onFilter({ source: e.target.value })}>
            {sources.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-label nowrap">
          {t('fx.list.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="inline-label nowrap">
          {t('fx.list.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" className="button button-secondary" disabled={!from || !to}>
          {t('fx.list.show')}
        </button>
      </form>
      {listing.truncated && <p className="info-note">{t('fx.list.truncated')}</p>}
      {listing.rates.length === 0 ? (
        <Empty>{t('fx.list.empty')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table fx-rate-table">
            <thead>
              <tr>
                <th>{t('fx.list.date')}</th>
                <th className="num">{t('fx.list.usdJpy')}</th>
                <th>{t('fx.list.source')}</th>
                <th>{t('fx.list.importedAt')}</th>
                <th>{t('fx.list.importedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {listing.rates.map((r) => (
                <tr key={`${r.source}-${r.date}`}>
                  <td className="nowrap">
                    <DayWithWeekday day={r.date} />
                  </td>
                  <td className="num mono">{r.usdJpy}</td>
                  <td className="mono small">{r.source}</td>
                  <td className="nowrap small">{formatDateTime(r.importedAt)}</td>
                  <td className="small">{r.importedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** 2024/11/01（金）: a calendar date with its weekday, computed on the date itself (no time zone). */
function DayWithWeekday({ day }: { day: string }) {
  const { i18n } = useTranslation();
  const weekday = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-US' : 'ja-JP', { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
  return (
    <>
      {formatDay(day)}
      <span className="muted">{i18n.language === 'en' ? ` ${weekday}` : `（${weekday}）`}</span>
    </>
  );
}
