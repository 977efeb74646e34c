import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, Role } from '../../api/types.ts';
import { Field } from '../../components/ui.tsx';
import { isEmail } from '../../format.ts';

export type UserFormValues = { name: string; email: string; role: Role; locale: Locale };

/** Name, e-mail, role and language of a user; validated before it is sent. */
export function UserForm({
  initial,
  roles,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  initial: UserFormValues;
  roles: readonly Role[];
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: UserFormValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<{ name?: string; email?: string }>({});
  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!values.name.trim()) found.name = t('validation.required', { field: t('users.name') });
    else if (values.name.trim().length > 200) found.name = t('validation.tooLong', { max: 200 });
    if (!values.email.trim()) found.email = t('validation.required', { field: t('users.email') });
    else if (!isEmail(values.email)) found.email = t('validation.email');
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit({ ...values, name: values.name.trim(), email: values.email.trim() });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field label={t('users.name')} error={errors.name} required>
        {(id) => <input id={id} value={values.name} onChange={(e) => set('name', e.target.value)} maxLength={200} />}
      </Field>
      <Field label={t('users.email')} error={errors.email} required>
        {(id) => <input id={id} type="email" value={values.email} onChange={(e) => set('email', e.target.value)} />}
      </Field>
      <Field label={t('users.role')} hint={roles.includes('representative') ? t('users.roleHint') : undefined}>
        {(id) => (
          <select id={id} value={values.role} onChange={(e) => set('role', e.target.value as Role)}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('users.locale')} hint={t('users.localeHint')}>
        {(id) => (
          <select id={id} value={values.locale} onChange={(e) => set('locale', e.target.value as Locale)}>
            <option value="ja">{t('locales.ja')}</option>
            <option value="en">{t('locales.en')}</option>
          </select>
        )}
      </Field>
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
