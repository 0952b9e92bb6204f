import {
  createRootRoute,
  createRoute,
  createRouter,
  type ErrorComponentProps,
  lazyRouteComponent,
  Link,
  Navigate,
} from '@tanstack/react-router';
import { may } from './access/permissions';
import { useStaff } from './console-context';
import { NAVIGATION, Shell } from './layout/shell';
import { useFormats } from './i18n/i18n';
import { ApprovalsScreen } from './screens/desk/approvals.screen';
import { EnrolMemberScreen } from './screens/desk/enrol-member.screen';
import { MemberDetailScreen } from './screens/desk/member-detail.screen';
import { MemberSearchScreen } from './screens/desk/member-search.screen';
import { CampaignsScreen } from './screens/admin/campaigns.screen';
import { EarningRulesScreen } from './screens/admin/earning-rules.screen';
import { ProgramScreen } from './screens/admin/program.screen';
import { RewardsScreen } from './screens/admin/rewards.screen';
import { ValuePolicyScreen } from './screens/admin/value-policy.screen';
import { WebhooksScreen } from './screens/admin/webhooks.screen';
import { CardStockScreen } from './screens/admin/card-stock.screen';
import { PosKeysScreen } from './screens/admin/pos-keys.screen';
import { StaffScreen } from './screens/admin/staff.screen';
import { StoresScreen } from './screens/admin/stores.screen';

function NotFound() {
  const { t } = useFormats();
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>
        <Link to="/desk">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}

/** A screen that failed to draw: said plainly, inside the console, with a way back. */
function ScreenError({ error }: ErrorComponentProps) {
  const { t } = useFormats();
  return (
    <section aria-labelledby="error-title">
      <h1 id="error-title">{t('error.screenTitle')}</h1>
      <div className="notice notice--error" role="alert">
        <p>{t('error.screen')}</p>
        <p className="notice__meta">{error instanceof Error ? error.message : String(error)}</p>
      </div>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}

const rootRoute = createRootRoute({ component: Shell, notFoundComponent: NotFound });

/** The first screen the caller's role may open: the desk for store staff. */
function Home() {
  const staff = useStaff();
  const first = NAVIGATION.flatMap((section) => section.items).find((item) =>
    may(staff, item.permission),
  );
  return first ? <Navigate to={first.to} replace /> : <NotFound />;
}

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: Home });

const deskRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/desk',
  validateSearch: (search: Record<string, unknown>): { q?: string } =>
    typeof search.q === 'string' && search.q ? { q: search.q } : {},
  component: MemberSearchScreen,
});

const enrolRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/desk/enrol',
  component: EnrolMemberScreen,
});

const memberRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/desk/members/$memberId',
  component: MemberDetailScreen,
});

const approvalsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/approvals',
  component: ApprovalsScreen,
});

// The dashboard and its chart library load when marketing opens it, not with the first screen.
const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/insights',
  component: lazyRouteComponent(() => import('./screens/insights/dashboard.screen')),
});

const storesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/stores',
  component: StoresScreen,
});

const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/staff',
  component: StaffScreen,
});

const posKeysRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/pos-keys',
  component: PosKeysScreen,
});

const cardStockRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/card-stock',
  component: CardStockScreen,
});

const earningRulesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/earning-rules',
  component: EarningRulesScreen,
});

const valuePolicyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/value-policy',
  component: ValuePolicyScreen,
});

const rewardsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/rewards',
  component: RewardsScreen,
});

const campaignsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/campaigns',
  component: CampaignsScreen,
});

const webhooksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/webhooks',
  component: WebhooksScreen,
});

const programRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/program',
  component: ProgramScreen,
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  deskRoute,
  enrolRoute,
  memberRoute,
  approvalsRoute,
  dashboardRoute,
  storesRoute,
  staffRoute,
  posKeysRoute,
  cardStockRoute,
  earningRulesRoute,
  valuePolicyRoute,
  rewardsRoute,
  campaignsRoute,
  webhooksRoute,
  programRoute,
]);

export const router = createRouter({
  routeTree,
  defaultPreload: false,
  // Inside the shell: a screen that fails leaves the navigation and the header in place.
  defaultErrorComponent: ScreenError,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
