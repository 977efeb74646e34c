import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { SessionUser, UserView } from '../../api/types.ts';
import { LocationNotice, PageHeader, QueryView } from '../../components/ui.tsx';
import { UserTable } from '../users/UserTable.tsx';

/** スタッフユーザー (admins): the reseller's own users. */
export function StaffUsersPage({ me }: { me: SessionUser }) {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ['users', 'staff'], queryFn: () => api.get<UserView[]>('/staff/users') });
  return (
    <>
      <PageHeader
        title={t('staffUsers.title')}
        subtitle={t('staffUsers.subtitle')}
        actions={
          <Link className="button button-primary" to="/staff-users/new">
            {t('staffUsers.add')}
          </Link>
        }
      />
      <LocationNotice />
      <div className="card">
        <QueryView query={users}>{(list) => <UserTable users={list} currentUserId={me.id} />}</QueryView>
      </div>
    </>
  );
}
