import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInvoiceNumber, invoiceNumberFormatProblem } from '../../../modules/invoicing/rules/invoice-number.ts';
import { isValidRegistrationNumber } from '../../../modules/invoicing/rules/registration-number.ts';
import { Details, ErrorBanner, Field, Notice, PageHeader, QueryView, Section } from '../../components/ui.tsx';
import {
  SEQUENCE_SCOPES,
  useIssuerSettings,
  useSaveIssuerSettings,
  type AccountType,
  type IssuerSettings,
  type IssuerSettingsInput,
  type SequenceScope,
} from './issuerSettingsApi.ts';

/** 発行者設定: the particulars every qualified invoice prints. Staff read them; admins edit them. */
export function IssuerSettingsPage({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useIssuerSettings();
  return (
    <>
      <PageHeader title={t('issuerSettings.title')} subtitle={t('issuerSettings.lead')} />
      <QueryView query={query}>
        {({ settings }) =>
          canEdit ? (
            <IssuerSettingsForm settings={settings} />
          ) : settings ? (
            <IssuerSettingsDetails settings={settings} />
          ) : (
            <Notice>{t('issuerSettings.notConfigured')}</Notice>
          )
        }
      </QueryView>
    </>
  );
}

/** Until saved, no invoice can be issued: a warning, not a success. */
function NotConfigured() {
  const { t } = useTranslation();
  return (
    <div className="banner banner-warn" role="status">
      {t('issuerSettings.notConfigured')}
    </div>
  );
}

function IssuerSettingsDetails({ settings }: { settings: IssuerSettings }) {
  const { t } = useTranslation();
  const bank = settings.bank;
  return (
    <>
      <Section title={t('issuerSettings.issuer')}>
        <Details
          items={[
            [t('issuerSettings.legalName'), settings.legalName],
            [t('issuerSettings.postalCode'), settings.postalCode ?? '—'],
            [t('issuerSettings.address'), settings.address],
            [t('issuerSettings.phone'), settings.phone ?? '—'],
            [t('issuerSettings.registrationNumber'), settings.registrationNumber],
          ]}
        />
      </Section>
      <Section title={t('issuerSettings.bank')}>
        <Details
          items={[
            [t('issuerSettings.bankName'), `${bank.bankName}${bank.bankCode ? ` (${bank.bankCode})` : ''}`],
            [t('issuerSettings.branchName'), `${bank.branchName}${bank.branchCode ? ` (${bank.branchCode})` : ''}`],
            [t('issuerSettings.accountType'), bank.accountType],
            [t('issuerSettings.accountNumber'), bank.accountNumber],
            [t('issuerSettings.accountHolder'), bank.accountHolder],
          ]}
        />
      </Section>
      <Section title={t('issuerSettings.numbering')}>
        <Details
          items={[
            [
              t('issuerSettings.invoiceNumberFormat'),
              `${settings.invoiceNumberFormat}（${t('issuerSettings.example', { number: example(settings.invoiceNumberFormat) })}）`,
            ],
            [
              t('issuerSettings.creditNoteNumberFormat'),
              `${settings.creditNoteNumberFormat}（${t('issuerSettings.example', { number: example(settings.creditNoteNumberFormat) })}）`,
            ],
            [t('issuerSettings.sequenceScope'), t(`issuerSettings.scope.${settings.sequenceScope}`)],
          ]}
        />
      </Section>
    </>
  );
}

type Values = {
  legalName: string;
  postalCode: string;
  address: string;
  phone: string;
  registrationNumber: string;
  bankName: string;
  bankCode: string;
  branchName: string;
  branchCode: string;
  accountType: AccountType;
  accountNumber: string;
  accountHolder: string;
  invoiceNumberFormat: string;
  creditNoteNumberFormat: string;
  sequenceScope: SequenceScope;
};

function toValues(s: IssuerSettings | null): Values {
  return {
    legalName: s?.legalName ?? '',
    postalCode: s?.postalCode ?? '',
    address: s?.address ?? '',
    phone: s?.phone ?? '',
    registrationNumber: s?.registrationNumber ?? '',
    bankName: s?.bank.bankName ?? '',
    bankCode: s?.bank.bankCode ?? '',
    branchName: s?.bank.branchName ?? '',
    branchCode: s?.bank.branchCode ?? '',
    accountType: s?.bank.accountType ?? '普通',
    accountNumber: s?.bank.accountNumber ?? '',
    accountHolder: s?.bank.accountHolder ?? '',
    invoiceNumberFormat: s?.invoiceNumberFormat ?? '{YYYY}{MM}-{SEQ:5}',
    creditNoteNumberFormat: s?.creditNoteNumberFormat ?? 'CN{YYYY}{MM}-{SEQ:5}',
    sequenceScope: s?.sequenceScope ?? 'issue-month',
  };
}

/** The number the format gives the first document issued 2026-03-05 for February. */
function example(format: string) {
  if (invoiceNumberFormatProblem(format, 'continuous')) return '—';
  return formatInvoiceNumber(format, { issueDate: '2026-03-05', billingMonth: '2026-02', sequence: 1 });
}

function IssuerSettingsForm({ settings }: { settings: IssuerSettings | null }) {
  const { t } = useTranslation();
  const save = useSaveIssuerSettings();
  const [values, setValues] = useState<Values>(() => toValues(settings));
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    const required: (keyof Values)[] = [
      'legalName',
      'address',
      'registrationNumber',
      'bankName',
      'branchName',
      'accountNumber',
      'accountHolder',
    ];
    for (const key of required)
      if (!String(values[key]).trim())
        found[key] = t('validation.required', { field: t(`issuerSettings.${key}` as 'issuerSettings.legalName') });
    if (values.postalCode.trim() && !/^\d{3}-?\d{4}$/.test(values.postalCode.trim()))
      found.postalCode = t('issuerSettings.rules.postalCode');
    if (values.registrationNumber.trim() && !isValidRegistrationNumber(values.registrationNumber.trim().toUpperCase()))
      found.registrationNumber = t('issuerSettings.rules.registrationNumber');
    if (values.bankCode.trim() && !/^\d{4}$/.test(values.bankCode.trim())) found.bankCode = t('issuerSettings.rules.bankCode');
    if (values.branchCode.trim() && !/^\d{3}$/.test(values.branchCode.trim())) found.branchCode = t('issuerSettings.rules.branchCode');
    if (values.accountNumber.trim() && !/^\d{1,8}$/.test(values.accountNumber.trim()))
      found.accountNumber = t('issuerSettings.rules.accountNumber');
    for (const key of ['invoiceNumberFormat', 'creditNoteNumberFormat'] as const) {
      const problem = invoiceNumberFormatProblem(values[key].trim(), values.sequenceScope);
      if (problem) found[key] = t('issuerSettings.rules.format', { detail: problem });
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const optional = (value: string) => value.trim() || null;
    const input: IssuerSettingsInput = {
      legalName: values.legalName.trim(),
      postalCode: optional(values.postalCode),
      address: values.address.trim(),
      phone: optional(values.phone),
      registrationNumber: values.registrationNumber.trim().toUpperCase(),
      bank: {
        bankName: values.bankName.trim(),
        bankCode: optional(values.bankCode),
        branchName: values.branchName.trim(),
        branchCode: optional(values.branchCode),
        accountType: values.accountType,
        accountNumber: values.accountNumber.trim(),
        accountHolder: values.accountHolder.trim(),
      },
      invoiceNumberFormat: values.invoiceNumberFormat.trim(),
      creditNoteNumberFormat: values.creditNoteNumberFormat.trim(),
      sequenceScope: values.sequenceScope,
    };
    save.mutate(input);
  };

  const text = (key: keyof Values, options: { required?: boolean; hint?: string; placeholder?: string; maxLength?: number } = {}) => (
    <Field
      label={t(`issuerSettings.${key}` as 'issuerSettings.legalName')}
      error={errors[key]}
      required={options.required}
      hint={options.hint}
    >
      {(id) => (
        <input
          id={id}
          value={String(values[key])}
          onChange={(e) => set(key, e.target.value)}
          placeholder={options.placeholder}
          maxLength={options.maxLength ?? 200}
        />
      )}
    </Field>
  );

  return (
    <form className="form" onSubmit={submit} noValidate>
      {!settings && <NotConfigured />}
      {save.isSuccess && <Notice>{t('issuerSettings.saved')}</Notice>}
      <ErrorBanner error={save.error} />
      <fieldset>
        <legend>{t('issuerSettings.issuer')}</legend>
        <div className="form-grid">
          {text('legalName', { required: true, placeholder: '株式会社ダイコウ' })}
          {text('registrationNumber', {
            required: true,
            placeholder: 'T1234567890123',
            hint: t('issuerSettings.hints.registrationNumber'),
            maxLength: 14,
          })}
          {text('postalCode', { placeholder: '100-0005', maxLength: 8 })}
          {text('phone', { placeholder: '03-1234-5678', maxLength: 40 })}
        </div>
        {text('address', { required: true, maxLength: 500 })}
      </fieldset>
      <fieldset>
        <legend>{t('issuerSettings.bank')}</legend>
        <div className="form-grid">
          {text('bankName', { required: true, maxLength: 100 })}
          {text('bankCode', { hint: t('issuerSettings.hints.bankCode'), maxLength: 4 })}
          {text('branchName', { required: true, maxLength: 100 })}
          {text('branchCode', { maxLength: 3 })}
          <Field label={t('issuerSettings.accountType')} required>
            {(id) => (
              <select id={id} value={values.accountType} onChange={(e) => set('accountType', e.target.value as AccountType)}>
                <option value="普通">{t('issuerSettings.accountTypes.普通')}</option>
                <option value="当座">{t('issuerSettings.accountTypes.当座')}</option>
              </select>
            )}
          </Field>
          {text('accountNumber', { required: true, maxLength: 8 })}
        </div>
        {text('accountHolder', { required: true, hint: t('issuerSettings.hints.accountHolder'), maxLength: 100 })}
      </fieldset>
      <fieldset>
        <legend>{t('issuerSettings.numbering')}</legend>
        <p className="field-hint">{t('issuerSettings.hints.tokens')}</p>
        <div className="form-grid">
          {text('invoiceNumberFormat', {
            required: true,
            hint: t('issuerSettings.example', { number: example(values.invoiceNumberFormat.trim()) }),
            maxLength: 40,
          })}
          {text('creditNoteNumberFormat', {
            required: true,
            hint: t('issuerSettings.example', { number: example(values.creditNoteNumberFormat.trim()) }),
            maxLength: 40,
          })}
          <Field label={t('issuerSettings.sequenceScope')} required>
            {(id) => (
              <select id={id} value={values.sequenceScope} onChange={(e) => set('sequenceScope', e.target.value as SequenceScope)}>
                {SEQUENCE_SCOPES.map((scope) => (
                  <option key={scope} value={scope}>
                    {t(`issuerSettings.scope.${scope}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
