import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canManageUsers } from '../../access.ts';
import { api } from '../../api/client.ts';
import type { SessionUser, UserView } from '../../api/types.ts';
import { LocationNotice, PageHeader, QueryView } from '../../components/ui.tsx';
import { UserTable } from './UserTable.tsx';

export const companyUsersKey = (companyId: string) => ['users', 'company', companyId] as const;

export function useCompanyUsers(companyId: string) {
  return useQuery({ queryKey: companyUsersKey(companyId), queryFn: () => api.get<UserView[]>(`/companies/${companyId}/users`) });
}

/** ユーザー管理: the customer's own company's portal users. */
export function UsersPage({ me }: { me: SessionUser & { companyId: string } }) {
  const { t } = useTranslation();
  const users = useCompanyUsers(me.companyId);
  const canManage = canManageUsers(me, me.companyId);
  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          canManage && (
            <Link className="button button-primary" to="/users/new">
              {t('users.add')}
            </Link>
          )
        }
      />
      <LocationNotice />
      {!canManage && <p className="info-note">{t('users.readOnly')}</p>}
      <div className="card">
        <QueryView query={users}>{(list) => <UserTable users={list} currentUserId={me.id} />}</QueryView>
      </div>
    </>
  );
}
