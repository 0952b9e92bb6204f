import { Link, Outlet } from '@tanstack/react-router';
import { may, StaffPermission } from '../access/permissions';
import { useConsole } from '../console-context';
import { isLocale, LOCALES, useFormats } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';

interface NavItem {
  readonly to: string;
  readonly label: MessageKey;
  readonly permission: StaffPermission;
}

/** The console's screens, each shown to the roles whose permission its API routes require. */
export const NAVIGATION: readonly { section: MessageKey; items: readonly NavItem[] }[] = [
  {
    section: 'nav.desk',
    items: [
      { to: '/desk', label: 'nav.members', permission: StaffPermission.ReadMembers },
      { to: '/desk/enrol', label: 'nav.enrol', permission: StaffPermission.EnrolMembers },
      { to: '/approvals', label: 'nav.approvals', permission: StaffPermission.AdjustPoints },
    ],
  },
  {
    section: 'nav.marketing',
    items: [{ to: '/insights', label: 'nav.dashboard', permission: StaffPermission.ReadInsights }],
  },
  {
    section: 'nav.administration',
    items: [
      { to: '/admin/stores', label: 'nav.stores', permission: StaffPermission.ManageStores },
      { to: '/admin/staff', label: 'nav.staff', permission: StaffPermission.ManageStaff },
      { to: '/admin/pos-keys', label: 'nav.posKeys', permission: StaffPermission.ManagePosApiKeys },
      {
        to: '/admin/card-stock',
        label: 'nav.cardStock',
        permission: StaffPermission.ManageCardStock,
      },
      {
        to: '/admin/earning-rules',
        label: 'nav.earningRules',
        permission: StaffPermission.ManageEarningRules,
      },
      {
        to: '/admin/value-policy',
        label: 'nav.valuePolicy',
        permission: StaffPermission.ManageValuePolicy,
      },
      {
        to: '/admin/rewards',
        label: 'nav.rewards',
        permission: StaffPermission.ManageRewardsCatalog,
      },
      { to: '/admin/campaigns', label: 'nav.campaigns', permission: StaffPermission.ReadInsights },
      {
        to: '/admin/webhooks',
        label: 'nav.webhooks',
        permission: StaffPermission.ManageValuePolicy,
      },
      { to: '/admin/program', label: 'nav.program', permission: StaffPermission.ManageProgram },
    ],
  },
];

export function Shell() {
  const { staff, program, session, locale, setLocale } = useConsole();
  const { t } = useFormats();
  const sections = NAVIGATION.map((section) => ({
    ...section,
    items: section.items.filter((item) => may(staff, item.permission)),
  })).filter((section) => section.items.length > 0);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell__header">
        <p className="shell__brand">
          <span className="shell__product">{t('shell.product')}</span>
          <span className="shell__program">{program.name}</span>
        </p>
        <div className="shell__account">
          <label className="shell__locale">
            <span>{t('shell.language')}</span>
            <select
              value={locale}
              onChange={(event) => {
                if (isLocale(event.target.value)) setLocale(event.target.value);
              }}
            >
              {LOCALES.map((code) => (
                <option key={code} value={code}>
                  {code === 'en' ? 'English' : 'Français'}
                </option>
              ))}
            </select>
          </label>
          <span className="shell__staff">
            {staff.displayName} · {t(`role.${staff.role}`)}
          </span>
          <button type="button" className="button" onClick={() => void session.signOut()}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <nav className="shell__nav" aria-label={t('shell.navigation')}>
        {sections.map((section) => (
          <div key={section.section} className="shell__nav-section">
            <p className="shell__nav-title">{t(section.section)}</p>
            <ul>
              {section.items.map((item) => (
                <li key={item.to}>
                  <Link
                    to={item.to}
                    activeOptions={{ exact: item.to === '/desk' }}
                    activeProps={{ 'aria-current': 'page', className: 'active' }}
                  >
                    {t(item.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" className="shell__main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
