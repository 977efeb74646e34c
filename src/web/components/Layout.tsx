import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { navFor, type NavItem } from '../access.ts';
import type { SessionUser } from '../api/types.ts';
import { useSignOut } from '../session.tsx';
import { useHideMembershipNav } from '../pages/membership/membershipApi.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/**
 * The signed-in frame: top bar, the role's navigation, and the page (the route's, or `children`).
 * Staff's view as customer passes the customer's navigation as `nav`.
 */
export function Layout({ user, nav, children }: { user: SessionUser; nav?: NavItem[]; children?: ReactNode }) {
  const { t } = useTranslation();
  const { signOut, pending } = useSignOut();
  const hideMembership = useHideMembershipNav(user);
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">Daiko</span>
          <span className="brand-area">{user.kind === 'staff' ? t('app.staffConsole') : t('app.customerPortal')}</span>
        </div>
        <div className="topbar-right">
          <div className="who">
            <span className="who-name">{user.name}</span>
            <span className="who-role">{t(`roles.${user.role}`)}</span>
          </div>
          <LanguageSwitch />
          <details className="menu">
            <summary>{t('app.account')}</summary>
            <div className="menu-panel">
              <p className="menu-email">{user.email}</p>
              <button type="button" className="menu-item" disabled={pending} onClick={() => void signOut(true)}>
                {t('app.signOutEverywhere')}
              </button>
            </div>
          </details>
          <button type="button" className="button button-secondary button-small" disabled={pending} onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <div className="body">
        <nav className="sidenav" aria-label={t('app.navigation')}>
          <ul>
            {(nav ?? navFor(user).filter((item) => !(hideMembership && item.label === 'membership'))).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{t(`nav.${item.label}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content">{children ?? <Outlet />}</main>
      </div>
    </div>
  );
}
