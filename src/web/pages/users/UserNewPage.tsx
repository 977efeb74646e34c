import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Role, UserView } from '../../api/types.ts';
import { ErrorBanner, PageHeader } from '../../components/ui.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { UserForm, type UserFormValues } from './UserForm.tsx';

const CUSTOMER_ROLES: readonly Role[] = ['member', 'representative'];
const STAFF_ROLES: readonly Role[] = ['billing', 'csm', 'admin'];

/**
 * A new user with a temporary password sent by e-mail: a company's user (companyId) or, without
 * one, a staff user. `?role=representative` preselects the role (the first representative).
 */
export function UserNewPage({ companyId, back }: { companyId: string | null; back: { to: string; label: string } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const roles = companyId ? CUSTOMER_ROLES : STAFF_ROLES;
  const wanted = params.get('role');
  const role = roles.find((r) => r === wanted) ?? roles[0]!;
  const create = useMutation({
    mutationFn: (values: UserFormValues) => api.post<UserView>(companyId ? `/companies/${companyId}/users` : '/staff/users', values),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
      void navigate(`/users/${user.id}`, { state: { notice: 'created' } });
    },
  });
  return (
    <>
      <PageHeader back={back} title={companyId ? t('users.newTitle') : t('staffUsers.newTitle')} subtitle={t('users.newLead')} />
      <div className="card card-narrow">
        <div className="card-body">
          <ErrorBanner error={create.error} />
          <UserForm
            initial={{ name: '', email: '', role, locale: currentLanguage() }}
            roles={roles}
            submitLabel={t('users.createSubmit')}
            pending={create.isPending}
            onSubmit={(values) => create.mutate(values)}
            onCancel={() => void navigate(back.to)}
          />
        </div>
      </div>
    </>
  );
}
