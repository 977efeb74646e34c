import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UserView } from '../../api/types.ts';
import { Badge, Empty } from '../../components/ui.tsx';
import { formatDateTime } from '../../format.ts';

/** Sign-in state of a user: still on the temporary password, MFA not set up, or ready. */
export function UserStatus({ user }: { user: UserView }) {
  const { t } = useTranslation();
  if (user.mustChangePassword) return <Badge tone="warn">{t('users.status.temporary')}</Badge>;
  if (!user.mfaEnrolled) return <Badge tone="warn">{t('users.status.noMfa')}</Badge>;
  return <Badge tone="good">{t('users.status.active')}</Badge>;
}

export function UserTable({ users, currentUserId }: { users: UserView[]; currentUserId: string }) {
  const { t } = useTranslation();
  if (users.length === 0) return <Empty>{t('users.empty')}</Empty>;
  const sorted = [...users].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name, 'ja') : a.role === 'representative' || a.role === 'admin' ? -1 : 1));
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{t('users.name')}</th>
          <th>{t('users.email')}</th>
          <th>{t('users.role')}</th>
          <th>{t('users.statusLabel')}</th>
          <th>{t('users.lastSignIn')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((user) => (
          <tr key={user.id}>
            <td>
              <Link to={`/users/${user.id}`}>{user.name}</Link>
              {user.id === currentUserId && <span className="muted"> {t('users.you')}</span>}
            </td>
            <td>{user.email}</td>
            <td>{t(`roles.${user.role}`)}</td>
            <td>
              <UserStatus user={user} />
            </td>
            <td>{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : <span className="muted">{t('users.never')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
