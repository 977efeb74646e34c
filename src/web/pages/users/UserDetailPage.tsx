import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { canManageUser } from '../../access.ts';
import { api } from '../../api/client.ts';
import type { Role, SessionUser, UserView } from '../../api/types.ts';
import { NotFound, UUID_PATTERN } from '../../components/NotFound.tsx';
import { Details, ErrorBanner, Notice, PageHeader, QueryView } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';
import { UserForm, type UserFormValues } from './UserForm.tsx';
import { UserStatus } from './UserTable.tsx';

const CUSTOMER_ROLES: readonly Role[] = ['representative', 'member'];
const STAFF_ROLES: readonly Role[] = ['admin', 'billing', 'csm'];

export function UserDetailPage({ me }: { me: SessionUser }) {
  const { userId = '' } = useParams();
  const valid = UUID_PATTERN.test(userId);
  const user = useQuery({ queryKey: ['users', 'one', userId], queryFn: () => api.get<UserView>(`/users/${userId}`), enabled: valid });
  if (!valid) return <NotFound />;
  return <QueryView query={user}>{(data) => <UserDetail me={me} user={data} />}</QueryView>;
}

/** Where "back" leads from a user: the list the user was found in. */
function backFor(me: SessionUser, user: UserView, t: (key: 'nav.users' | 'nav.staffUsers' | 'companies.backToCompany') => string) {
  if (me.kind === 'customer') return { to: '/users', label: t('nav.users') };
  if (user.companyId) return { to: `/companies/${user.companyId}`, label: t('companies.backToCompany') };
  return { to: '/staff-users', label: t('nav.staffUsers') };
}

function UserDetail({ me, user }: { me: SessionUser; user: UserView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirmDelete'>('view');
  const [notice, setNotice] = useState<string | undefined>(() => ((location.state as { notice?: string } | null)?.notice === 'created' ? t('users.created', { email: user.email }) : undefined));
  const canManage = canManageUser(me, user);
  const isSelf = me.id === user.id;
  const back = backFor(me, user, t);

  const update = useMutation({
    mutationFn: (values: UserFormValues) => {
      const changes: Partial<UserFormValues> = {};
      if (values.name !== user.name) changes.name = values.name;
      if (values.email.toLowerCase() !== user.email) changes.email = values.email;
      if (values.role !== user.role) changes.role = values.role;
      if (values.locale !== user.locale) changes.locale = values.locale;
      return api.patch<UserView>(`/users/${user.id}`, changes);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['users', 'one', user.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      setMode('view');
      setNotice(t('users.saved'));
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete<{ id: string }>(`/users/${user.id}`),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['users', 'one', user.id] });
      // The lists drop the user at once; the refetch then confirms.
      queryClient.setQueriesData<unknown>({ queryKey: ['users'] }, (old: unknown) => (Array.isArray(old) ? (old as UserView[]).filter((u) => u.id !== user.id) : old));
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
      void navigate(back.to, { state: { notice: 'userDeleted' } });
    },
  });

  return (
    <>
      <PageHeader
        back={back}
        title={user.name}
        subtitle={t(`roles.${user.role}`)}
        actions={
          canManage &&
          mode === 'view' && (
            <>
              <button type="button" className="button button-secondary" onClick={() => { setNotice(undefined); update.reset(); setMode('edit'); }}>
                {t('common.edit')}
              </button>
              {!isSelf && (
                <button type="button" className="button button-danger" onClick={() => { setNotice(undefined); remove.reset(); setMode('confirmDelete'); }}>
                  {t('common.delete')}
                </button>
              )}
            </>
          )
        }
      />
      {notice && <Notice>{notice}</Notice>}
      <ErrorBanner error={remove.error} />
      {mode === 'confirmDelete' && (
        <div className="confirm" role="alertdialog" aria-label={t('users.deleteTitle')}>
          <p>{t('users.deleteConfirm', { name: user.name, email: user.email })}</p>
          <div className="form-actions">
            <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {t('users.deleteSubmit')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {mode === 'edit' ? (
        <div className="card card-narrow">
          <div className="card-body">
            <ErrorBanner error={update.error} />
            <UserForm
              initial={{ name: user.name, email: user.email, role: user.role, locale: user.locale }}
              roles={user.kind === 'staff' ? STAFF_ROLES : CUSTOMER_ROLES}
              submitLabel={t('common.save')}
              pending={update.isPending}
              onSubmit={(values) => update.mutate(values)}
              onCancel={() => setMode('view')}
            />
          </div>
        </div>
      ) : (
        <div className="card">
          <div className="card-body">
            <Details
              items={[
                [t('users.name'), user.name],
                [t('users.email'), user.email],
                [t('users.role'), t(`roles.${user.role}`)],
                [t('users.locale'), t(`locales.${user.locale}`)],
                [t('users.statusLabel'), <UserStatus key="status" user={user} />],
                [t('users.mfa'), user.mfaEnrolled ? t('users.mfaEnrolled') : t('users.mfaNotEnrolled')],
                [t('users.lastSignIn'), user.lastSignInAt ? formatDateTime(user.lastSignInAt) : t('users.never')],
                [t('users.createdAt'), formatDateTime(user.createdAt)],
              ]}
            />
          </div>
        </div>
      )}
      {!canManage && me.kind === 'customer' && <p className="info-note">{t('users.readOnly')}</p>}
    </>
  );
}
