import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RESELLER_DISCOUNT_TYPES, PricingPolicy as PricingPolicySchema } from '../../../modules/billing/rules/pricing-policy.ts';
import { YEN_ROUNDINGS, type YenRounding } from '../../../modules/fx/rules/fx-settings.ts';
import { Checkbox, ErrorBanner, Field } from '../../components/ui.tsx';
import type { NewPolicyVersion, PricingPolicy } from './pricingApi.ts';

type Discount = (typeof RESELLER_DISCOUNT_TYPES)[number];
type ServiceRow = { key: number; service: string; percent: string };
type LineRow = {
  key: number;
  description: string;
  kind: 'fixed' | 'percent';
  value: string;
  recurrence: 'one-off' | 'recurring';
  fromMonth: string;
  toMonth: string;
};

type Values = {
  effectiveFrom: string;
  note: string;
  passedDiscounts: Discount[];
  global: string;
  aws: string;
  marketplace: string;
  services: ServiceRow[];
  lines: LineRow[];
  lineRounding: '' | YenRounding;
  taxRounding: YenRounding;
};

/** Field keys of the form: `global`, `services.0.percent`, `lines.1.value` …; `form` for the rest. */
type Errors = Record<string, string>;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
let nextKey = 1;

function valuesFrom(policy: PricingPolicy, effectiveFrom: string): Values {
  return {
    effectiveFrom,
    note: '',
    passedDiscounts: [...policy.passedDiscounts],
    global: policy.markup.global,
    aws: policy.markup.byBillingEntity.AWS ?? '',
    marketplace: policy.markup.byBillingEntity['AWS Marketplace'] ?? '',
    services: Object.entries(policy.markup.byService).map(([service, percent]) => ({ key: nextKey++, service, percent })),
    lines: policy.customLines.map((c) => ({
      key: nextKey++,
      description: c.description,
      kind: c.kind,
      value: (c.kind === 'fixed' ? c.amountJpy : c.percent) ?? '',
      recurrence: c.recurrence,
      fromMonth: c.fromMonth,
      toMonth: c.toMonth ?? '',
    })),
    lineRounding: policy.rounding.line ?? '',
    taxRounding: policy.rounding.tax,
  };
}

/** What the API takes: blank optional percents are left out (no markup of their own). */
function policyInput(values: Values) {
  const byBillingEntity: Record<string, string> = {};
  if (values.aws.trim()) byBillingEntity.AWS = values.aws.trim();
  if (values.marketplace.trim()) byBillingEntity['AWS Marketplace'] = values.marketplace.trim();
  return {
    passedDiscounts: RESELLER_DISCOUNT_TYPES.filter((d) => values.passedDiscounts.includes(d)),
    markup: {
      global: values.global.trim() || '0',
      byService: Object.fromEntries(values.services.filter((s) => s.service.trim()).map((s) => [s.service.trim(), s.percent.trim()])),
      byBillingEntity,
    },
    customLines: values.lines.map((l) => {
      const value = l.value.trim().replace(/[,，]/g, '');
      return {
        description: l.description.trim(),
        kind: l.kind,
        ...(l.kind === 'fixed' ? { amountJpy: value } : { percent: value }),
        recurrence: l.recurrence,
        fromMonth: l.fromMonth,
        ...(l.recurrence === 'recurring' && l.toMonth ? { toMonth: l.toMonth } : {}),
      };
    }),
    rounding: { ...(values.lineRounding ? { line: values.lineRounding } : {}), tax: values.taxRounding },
  };
}

/**
 * 新しい版を追加: every setting of the policy, starting from `start`. The policy schema the server
 * applies decides what is invalid; the form says it in the person's language, next to the field.
 */
export function PolicyVersionForm({
  start,
  effectiveFrom,
  lastInvoicedMonth,
  monthLabel,
  pending,
  error,
  onSubmit,
}: {
  start: PricingPolicy;
  effectiveFrom: string;
  lastInvoicedMonth: string | null;
  monthLabel: (month: string) => string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: NewPolicyVersion) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(() => valuesFrom(start, effectiveFrom));
  // Checked on the first submit, then on every change, so that a corrected field loses its message.
  const [submitted, setSubmitted] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setService = (i: number, patch: Partial<ServiceRow>) =>
    set(
      'services',
      values.services.map((s, j) => (j === i ? { ...s, ...patch } : s)),
    );
  const setLine = (i: number, patch: Partial<LineRow>) =>
    set(
      'lines',
      values.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)),
    );

  const validate = (): Errors => {
    const found: Errors = {};
    if (!MONTH.test(values.effectiveFrom)) found.effectiveFrom = t('pricing.rules.effectiveFrom');
    const seen = new Set<string>();
    values.services.forEach((s, i) => {
      const code = s.service.trim();
      if (!code && s.percent.trim()) found[`services.${i}.service`] = t('pricing.rules.serviceCode');
      else if (code && seen.has(code)) found[`services.${i}.service`] = t('pricing.rules.duplicateService');
      seen.add(code);
    });
    const parsed = PricingPolicySchema.safeParse(policyInput(values));
    for (const issue of parsed.error?.issues ?? []) {
      const key = fieldOf(issue.path);
      found[key] ??= key === 'form' ? t('errors.generic', { message: `${issue.path.join('.')}: ${issue.message}` }) : messageFor(key);
    }
    return found;
  };

  const fieldOf = (path: PropertyKey[]): string => {
    const [head, second, third, fourth] = path.map(String);
    if (head === 'markup' && second === 'global') return 'global';
    if (head === 'markup' && second === 'byBillingEntity') return third === 'AWS' ? 'aws' : 'marketplace';
    if (head === 'markup' && second === 'byService') {
      const row = values.services.findIndex((s) => s.service.trim() === third);
      return row >= 0 ? `services.${row}.${fourth === undefined ? 'percent' : 'service'}` : 'form';
    }
    if (head === 'customLines' && second !== undefined) {
      if (third === 'description' || third === 'fromMonth' || third === 'toMonth') return `lines.${second}.${third}`;
      return `lines.${second}.value`;
    }
    return 'form';
  };

  const messageFor = (key: string): string => {
    const [group, index, field] = key.split('.');
    if (group === 'lines') {
      const line = values.lines[Number(index)];
      if (field === 'description') return t('pricing.rules.description');
      if (field === 'fromMonth') return t('pricing.rules.month');
      if (field === 'toMonth') return MONTH.test(line?.toMonth ?? '') ? t('pricing.rules.toMonth') : t('pricing.rules.month');
      return line?.kind === 'fixed' ? t('pricing.rules.amount') : t('pricing.rules.percent');
    }
    return t('pricing.rules.percent');
  };

  const errors: Errors = submitted ? validate() : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(validate()).length > 0) return;
    onSubmit({ effectiveFrom: values.effectiveFrom, policy: policyInput(values), note: values.note.trim() || null });
  };

  const percentInput = (id: string, value: string, onChange: (v: string) => void, placeholder?: string) => (
    <div className="pricing-percent">
      <input id={id} value={value} inputMode="decimal" placeholder={placeholder} maxLength={9} onChange={(e) => onChange(e.target.value)} />
      <span>%</span>
    </div>
  );

  return (
    <form className="form pricing-form" onSubmit={submit} noValidate>
      {errors.form && (
        <div className="banner banner-error" role="alert">
          {errors.form}
        </div>
      )}
      <fieldset>
        <legend>{t('pricing.form.version')}</legend>
        <div className="form-grid">
          <Field
            label={t('pricing.form.effectiveFrom')}
            required
            error={errors.effectiveFrom}
            hint={
              lastInvoicedMonth
                ? t('pricing.form.effectiveFromHintInvoiced', { month: monthLabel(lastInvoicedMonth) })
                : t('pricing.form.effectiveFromHint')
            }
          >
            {(id) => <input id={id} type="month" value={values.effectiveFrom} onChange={(e) => set('effectiveFrom', e.target.value)} />}
          </Field>
          <Field label={t('pricing.form.note')} hint={t('pricing.form.noteHint')}>
            {(id) => <input id={id} value={values.note} maxLength={500} onChange={(e) => set('note', e.target.value)} />}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('pricing.form.markup')}</legend>
        <p className="field-hint pricing-lead">{t('pricing.form.markupHint')}</p>
        <div className="form-grid">
          <Field label={t('pricing.fields.markupGlobal')} error={errors.global}>
            {(id) => percentInput(id, values.global, (v) => set('global', v), '0')}
          </Field>
          <Field label={t('pricing.form.markupAws')} error={errors.aws} hint={t('pricing.form.blankInherits')}>
            {(id) => percentInput(id, values.aws, (v) => set('aws', v))}
          </Field>
          <Field label={t('pricing.form.markupMarketplace')} error={errors.marketplace} hint={t('pricing.form.blankInherits')}>
            {(id) => percentInput(id, values.marketplace, (v) => set('marketplace', v))}
          </Field>
        </div>
        <h3 className="pricing-subheading">{t('pricing.fields.markupByService')}</h3>
        {values.services.length === 0 && <p className="field-hint">{t('pricing.form.noServices')}</p>}
        {values.services.map((row, i) => (
          <div className="pricing-row" key={row.key}>
            <Field label={t('pricing.form.serviceCode')} error={errors[`services.${i}.service`]}>
              {(id) => (
                <input
                  id={id}
                  className="mono"
                  value={row.service}
                  placeholder="AmazonEC2"
                  maxLength={100}
                  onChange={(e) => setService(i, { service: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('pricing.form.servicePercent')} error={errors[`services.${i}.percent`]}>
              {(id) => percentInput(id, row.percent, (v) => setService(i, { percent: v }))}
            </Field>
            <button
              type="button"
              className="button button-secondary button-small pricing-remove"
              onClick={() =>
                set(
                  'services',
                  values.services.filter((_, j) => j !== i),
                )
              }
            >
              {t('pricing.form.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => set('services', [...values.services, { key: nextKey++, service: '', percent: '' }])}
        >
          {t('pricing.form.addService')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('pricing.fields.passedDiscounts')}</legend>
        <p className="field-hint pricing-lead">{t('pricing.form.discountsHint')}</p>
        {RESELLER_DISCOUNT_TYPES.map((d) => (
          <Checkbox
            key={d}
            label={t(`pricing.discounts.${d}`)}
            checked={values.passedDiscounts.includes(d)}
            onChange={(on) => set('passedDiscounts', on ? [...values.passedDiscounts, d] : values.passedDiscounts.filter((x) => x !== d))}
          />
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('pricing.fields.customLines')}</legend>
        <p className="field-hint pricing-lead">{t('pricing.form.customLinesHint')}</p>
        {values.lines.map((line, i) => (
          <div className="pricing-line" key={line.key}>
            <div className="pricing-line-head">
              <span className="pricing-line-number">{t('pricing.form.lineNumber', { n: i + 1 })}</span>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() =>
                  set(
                    'lines',
                    values.lines.filter((_, j) => j !== i),
                  )
                }
              >
                {t('pricing.form.remove')}
              </button>
            </div>
            <div className="form-grid">
              <Field label={t('pricing.form.description')} required error={errors[`lines.${i}.description`]}>
                {(id) => (
                  <input
                    id={id}
                    value={line.description}
                    maxLength={200}
                    placeholder={t('pricing.form.descriptionPlaceholder')}
                    onChange={(e) => setLine(i, { description: e.target.value })}
                  />
                )}
              </Field>
              <Field label={t('pricing.form.kind')}>
                {(id) => (
                  <select id={id} value={line.kind} onChange={(e) => setLine(i, { kind: e.target.value as LineRow['kind'] })}>
                    <option value="fixed">{t('pricing.kinds.fixed')}</option>
                    <option value="percent">{t('pricing.kinds.percent')}</option>
                  </select>
                )}
              </Field>
              <Field
                label={line.kind === 'fixed' ? t('pricing.form.amount') : t('pricing.form.percent')}
                required
                error={errors[`lines.${i}.value`]}
                hint={line.kind === 'fixed' ? t('pricing.form.amountHint') : t('pricing.form.percentHint')}
              >
                {(id) =>
                  line.kind === 'fixed' ? (
                    <input
                      id={id}
                      value={line.value}
                      inputMode="numeric"
                      maxLength={16}
                      onChange={(e) => setLine(i, { value: e.target.value })}
                    />
                  ) : (
                    percentInput(id, line.value, (v) => setLine(i, { value: v }))
                  )
                }
              </Field>
              <Field label={t('pricing.form.recurrence')}>
                {(id) => (
                  <select
                    id={id}
                    value={line.recurrence}
                    onChange={(e) => setLine(i, { recurrence: e.target.value as LineRow['recurrence'] })}
                  >
                    <option value="recurring">{t('pricing.recurrences.recurring')}</option>
                    <option value="one-off">{t('pricing.recurrences.one-off')}</option>
                  </select>
                )}
              </Field>
              <Field
                label={line.recurrence === 'one-off' ? t('pricing.form.billedIn') : t('pricing.form.fromMonth')}
                required
                error={errors[`lines.${i}.fromMonth`]}
              >
                {(id) => <input id={id} type="month" value={line.fromMonth} onChange={(e) => setLine(i, { fromMonth: e.target.value })} />}
              </Field>
              {line.recurrence === 'recurring' && (
                <Field label={t('pricing.form.toMonth')} error={errors[`lines.${i}.toMonth`]} hint={t('pricing.form.toMonthHint')}>
                  {(id) => <input id={id} type="month" value={line.toMonth} onChange={(e) => setLine(i, { toMonth: e.target.value })} />}
                </Field>
              )}
            </div>
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() =>
            set('lines', [
              ...values.lines,
              {
                key: nextKey++,
                description: '',
                kind: 'fixed',
                value: '',
                recurrence: 'recurring',
                fromMonth: values.effectiveFrom,
                toMonth: '',
              },
            ])
          }
        >
          {t('pricing.form.addCustomLine')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('pricing.form.rounding')}</legend>
        <div className="form-grid">
          <Field label={t('pricing.fields.lineRounding')} hint={t('pricing.form.lineRoundingHint')}>
            {(id) => (
              <select id={id} value={values.lineRounding} onChange={(e) => set('lineRounding', e.target.value as Values['lineRounding'])}>
                <option value="">{t('pricing.fromFxSettings')}</option>
                {YEN_ROUNDINGS.map((r) => (
                  <option key={r} value={r}>
                    {t(`fx.rule.roundings.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('pricing.fields.taxRounding')} hint={t('pricing.form.taxRoundingHint')}>
            {(id) => (
              <select id={id} value={values.taxRounding} onChange={(e) => set('taxRounding', e.target.value as YenRounding)}>
                {YEN_ROUNDINGS.map((r) => (
                  <option key={r} value={r}>
                    {t(`fx.rule.roundings.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {t('pricing.form.submit')}
        </button>
      </div>
    </form>
  );
}
