import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyInput, CompanyView, Exclusions } from '../../api/types.ts';
import { Checkbox, Field } from '../../components/ui.tsx';
import { isEmail } from '../../format.ts';
import { corporateNumberProblem } from '../../../modules/companies/rules/corporate-number.ts';
import { EXCLUSION_KEYS } from './CompanyParts.tsx';
import { useCompaniesText } from './i18n.ts';

type Values = {
  code: string;
  name: string;
  nameKana: string;
  billingAgency: boolean;
  billingEmail: string;
  invoiceAddressee: string;
  postalAddress: string;
  corporateNumber: string;
  payerKanaNames: string;
  exclusions: Exclusions;
};

const NO_EXCLUSIONS: Exclusions = { dedicatedConnectionOnly: false, cdnOnly: false, publicSector: false, partner: false, indirectContract: false };
/** The server's rule for company codes: ASCII, at most 32, starting with a letter or digit. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
/** Full-width katakana as a company's reading is written (スペース, ー, ・ and brackets allowed). */
const KANA_PATTERN = /^[\u30A0-\u30FF\u3000 ・ー（）()]+$/;
/** How banks print payer names: katakana in full or half width, letters, digits, brackets, dots. */
const PAYER_KANA_PATTERN = /^[\u30A0-\u30FF\uFF66-\uFF9F\u3000 A-Za-z0-9Ａ-Ｚ０-９（）()．.,，\-ー・/]+$/;

function toValues(company?: CompanyView): Values {
  return {
    code: company?.code ?? '',
    name: company?.name ?? '',
    nameKana: company?.nameKana ?? '',
    billingAgency: company?.billingAgency ?? true,
    billingEmail: company?.billingEmail ?? '',
    invoiceAddressee: company?.invoiceAddressee ?? '',
    postalAddress: company?.postalAddress ?? '',
    corporateNumber: company?.corporateNumber ?? '',
    payerKanaNames: company?.payerKanaNames.join('\n') ?? '',
    exclusions: company?.exclusions ?? NO_EXCLUSIONS,
  };
}

/**
 * A company's contract data. On create, empty optional fields are left out; on edit they are sent
 * as null, which clears them.
 */
export function CompanyForm({
  company,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  company?: CompanyView;
  submitLabel: string;
  pending: boolean;
  onSubmit: (input: CompanyInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const text = useCompaniesText();
  const [values, setValues] = useState<Values>(() => toValues(company));
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const payerNames = values.payerKanaNames
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    const code = values.code.trim();
    if (!code) found.code = t('validation.required', { field: t('company.code') });
    else if (!CODE_PATTERN.test(code)) found.code = t('companies.form.codeRule');
    if (!values.name.trim()) found.name = t('validation.required', { field: t('company.name') });
    if (values.nameKana.trim() && !KANA_PATTERN.test(values.nameKana.trim())) found.nameKana = t('validation.katakana');
    if (values.billingEmail.trim() && !isEmail(values.billingEmail)) found.billingEmail = t('validation.email');
    const corporateProblem = values.corporateNumber.trim() ? corporateNumberProblem(values.corporateNumber.trim()) : null;
    if (corporateProblem) found.corporateNumber = corporateProblem === 'check-digit' ? text.corporateNumberCheckDigit : text.corporateNumberDigits;
    const badPayer = payerNames.find((name) => name.length > 100 || !PAYER_KANA_PATTERN.test(name));
    if (badPayer && badPayer.length > 100) found.payerKanaNames = t('validation.tooLong', { max: 100 });
    else if (badPayer) found.payerKanaNames = t('companies.form.payerRule', { name: badPayer });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const optional = (value: string) => (value.trim() ? value.trim() : company ? null : undefined);
    const input: CompanyInput = {
      code,
      name: values.name.trim(),
      nameKana: values.nameKana.trim(),
      billingAgency: values.billingAgency,
      payerKanaNames: payerNames,
      exclusions: values.exclusions,
    };
    const billingEmail = optional(values.billingEmail);
    const invoiceAddressee = optional(values.invoiceAddressee);
    const postalAddress = optional(values.postalAddress);
    const corporateNumber = optional(values.corporateNumber);
    if (billingEmail !== undefined) input.billingEmail = billingEmail;
    if (invoiceAddressee !== undefined) input.invoiceAddressee = invoiceAddressee;
    if (postalAddress !== undefined) input.postalAddress = postalAddress;
    if (corporateNumber !== undefined) input.corporateNumber = corporateNumber;
    onSubmit(input);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('companies.form.basics')}</legend>
        <div className="form-grid">
          <Field label={t('company.code')} error={errors.code} required hint={t('companies.form.codeHint')}>
            {(id) => <input id={id} value={values.code} onChange={(e) => set('code', e.target.value)} maxLength={32} />}
          </Field>
          <Field label={t('company.name')} error={errors.name} required>
            {(id) => <input id={id} value={values.name} onChange={(e) => set('name', e.target.value)} maxLength={200} placeholder={t('companies.form.namePlaceholder')} />}
          </Field>
          <Field label={t('company.nameKana')} error={errors.nameKana}>
            {(id) => <input id={id} value={values.nameKana} onChange={(e) => set('nameKana', e.target.value)} maxLength={200} placeholder="サンプルショウジ" />}
          </Field>
          <Field label={text.corporateNumber} error={errors.corporateNumber} hint={text.corporateNumberHint}>
            {(id) => <input id={id} value={values.corporateNumber} onChange={(e) => set('corporateNumber', e.target.value)} maxLength={13} inputMode="numeric" autoComplete="off" />}
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('companies.form.contract')}</legend>
        <Checkbox label={t('company.billingAgencyYes')} checked={values.billingAgency} onChange={(v) => set('billingAgency', v)} />
        <div className="form-grid">
          <Field label={t('company.billingEmail')} error={errors.billingEmail}>
            {(id) => <input id={id} type="email" value={values.billingEmail} onChange={(e) => set('billingEmail', e.target.value)} />}
          </Field>
          <Field label={t('company.invoiceAddressee')} hint={t('companies.form.addresseeHint')}>
            {(id) => <input id={id} value={values.invoiceAddressee} onChange={(e) => set('invoiceAddressee', e.target.value)} maxLength={200} />}
          </Field>
        </div>
        <Field label={t('company.postalAddress')}>
          {(id) => <textarea id={id} rows={3} value={values.postalAddress} onChange={(e) => set('postalAddress', e.target.value)} placeholder={t('companies.form.addressPlaceholder')} />}
        </Field>
        <Field label={t('company.payerKanaNames')} error={errors.payerKanaNames} hint={t('companies.form.payerHint')}>
          {(id) => <textarea id={id} rows={3} value={values.payerKanaNames} onChange={(e) => set('payerKanaNames', e.target.value)} placeholder="ｻﾝﾌﾟﾙｼﾖｳｼﾞ(ｶ" />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('company.exclusions')}</legend>
        <p className="field-hint">{t('companies.form.exclusionsHint')}</p>
        {EXCLUSION_KEYS.map((key) => (
          <Checkbox key={key} label={t(`company.exclusion.${key}`)} checked={values.exclusions[key]} onChange={(v) => set('exclusions', { ...values.exclusions, [key]: v })} />
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
