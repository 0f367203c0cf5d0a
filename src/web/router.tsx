import { canInOrg } from "@core/permissions";
import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  type ParsedLocation,
  redirect,
} from "@tanstack/react-router";
import { AppLayout } from "@web/components/layout/app-layout";
import { RootLayout } from "@web/components/layout/root-layout";
import { AuthLayout } from "@web/features/auth/auth-layout";
import { ForgotPasswordPage } from "@web/features/auth/forgot-password-page";
import { InvitePage } from "@web/features/auth/invite-page";
import { ResetPasswordPage } from "@web/features/auth/reset-password-page";
import { SignInPage } from "@web/features/auth/sign-in-page";
import { SignUpPage } from "@web/features/auth/sign-up-page";
import { TwoFactorPage } from "@web/features/auth/two-factor-page";
import { VerifyEmailPage } from "@web/features/auth/verify-email-page";
import { ConversationsPage } from "@web/features/conversations/conversations-page";
import { createGoalsRoutes } from "@web/features/goals/routes";
import { KnowledgePage } from "@web/features/knowledge/knowledge-page";
import { insightsRoutes } from "@web/features/projects/insights/routes";
import { projectLayoutRoute, projectsListRoute, projectTabRoutes } from "@web/features/projects/routes";
import { SettingsLayout } from "@web/features/settings/settings-layout";
import { ErrorPage } from "@web/features/system/error-page";
import { StandaloneNotFoundPage } from "@web/features/system/not-found-page";
import { queryClient } from "@web/lib/query";
import { meQuery, safeRedirect } from "@web/lib/session";

interface RouterContext {
  queryClient: QueryClient;
}

/** Search params are untrusted strings; anything else is dropped. */
function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: StandaloneNotFoundPage,
  errorComponent: ErrorPage,
});

// --- Public pages: sign-in and account recovery ---------------------------------------------

const authLayoutRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "auth",
  component: AuthLayout,
});

/** Pages for people who are not signed in: a signed-in visitor goes where they were heading. */
async function guestOnly({ context, search }: { context: RouterContext; search: { redirect?: string } }) {
  const me = await context.queryClient.ensureQueryData(meQuery);
  if (me) throw redirect({ href: safeRedirect(search.redirect), replace: true });
}

const signInRoute = createRoute({
  getParentRoute: () => authLayoutRoute,
  path: "/sign-in",
  component: SignInPage,
  staticData: { title: "Sign in" },
  validateSearch: (search): { redirect?: string; email?: string } => ({
    redirect: text(search.redirect),
    email: text(search.email),
  }),
  beforeLoad: guestOnly,
});

const signUpRoute = createRoute({
  getParentRoute: () => authLayoutRoute,
  path: "/sign-up",
  component: SignUpPage,
  staticData: { title: "Create your account" },
  validateSearch: (search): { redirect?: string; email?: string } => ({
    redirect: text(search.redirect),
    email: text(search.email),
  }),
  beforeLoad: guestOnly,
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => authLayoutRoute,
  path: "/forgot-password",
  component: ForgotPasswordPage,
  staticData: { title: "Reset your password" },
  validateSearch: (search): { email?: string } => ({ email: text(search.email) }),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => authLayoutRoute,
  path: "/reset-password",
  component: ResetPasswordPage,
  staticData: { title: "Choose a new password" },
  validateSearch: (search): { token?: string; error?: string } => ({
    token: text(search.token),
    error: text(search.error),
  }),
});

const verifyEmailRoute = createRoute({
  getParentRoute: () => authLayoutRoute,
  path: "/verify-email",
  component: VerifyEmailPage,
  staticData: { title: "Confirm your email" },
  validateSearch: (search): { email?: string; next?: string; error?: string; verified?: boolean } => ({
    email: text(search.email),
    next: text(search.next),
    error: text(search.error),
    verified: search.verified === 1 || search.verified === "1" || search.verified === true ? true : undefined,
  }),
});

const twoFactorRoute = createRoute({
  getParentRoute: () => authLayoutRoute,
  path: "/two-factor",
  component: TwoFactorPage,
  staticData: { title: "Two-factor authentication" },
  validateSearch: (search): { redirect?: string } => ({ redirect: text(search.redirect) }),
});

const inviteRoute = createRoute({
  getParentRoute: () => authLayoutRoute,
  path: "/invite",
  component: InvitePage,
  staticData: { title: "Invitation" },
  validateSearch: (search): { token?: string } => ({ token: text(search.token) }),
});

// --- The app: everything behind sign-in -----------------------------------------------------

export const appLayoutRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  component: AppLayout,
  beforeLoad: async ({ context, location }: { context: RouterContext; location: ParsedLocation }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: "/sign-in", search: { redirect: location.href }, replace: true });
  },
});

const indexRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/goals", replace: true });
  },
});

const goalsRoute = createGoalsRoutes(appLayoutRoute);

const knowledgeRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: "/knowledge",
  component: KnowledgePage,
  staticData: { title: "Knowledge" },
});

const conversationsRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: "/conversations",
  component: ConversationsPage,
  staticData: { title: "Conversations" },
});

const settingsRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: "/settings",
  component: SettingsLayout,
  staticData: { title: "Settings", allowWithoutOrg: true },
});

const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/",
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    throw redirect({ to: me?.active_org ? "/settings/organization" : "/settings/profile", replace: true });
  },
});

const organizationSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/organization",
  component: lazyRouteComponent(() => import("@web/features/settings/organization-page"), "OrganizationPage"),
  staticData: { title: "General" },
});

const membersSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/members",
  component: lazyRouteComponent(() => import("@web/features/settings/members-page"), "MembersPage"),
  staticData: { title: "Members" },
});

const groupsSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/groups",
  component: lazyRouteComponent(() => import("@web/features/settings/groups-page"), "GroupsPage"),
  staticData: { title: "Groups" },
});

const groupDetailSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/groups/$groupId",
  component: lazyRouteComponent(() => import("@web/features/settings/group-detail-page"), "GroupDetailPage"),
  staticData: { title: "Group" },
});

const apiKeysSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/api-keys",
  component: lazyRouteComponent(() => import("@web/features/settings/api-keys-page"), "ApiKeysPage"),
  staticData: { title: "API keys" },
});

const auditLogSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/audit-log",
  component: lazyRouteComponent(() => import("@web/features/settings/audit-log-page"), "AuditLogPage"),
  staticData: { title: "Audit log" },
});

const profileSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/profile",
  component: lazyRouteComponent(() => import("@web/features/settings/profile-page"), "ProfilePage"),
  staticData: { title: "Profile & security", allowWithoutOrg: true },
});

// --- Settings → AI: the gateway's admin pages and the playground -----------------------------

const aiSettingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/ai",
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    const manager = me?.active_org ? canInOrg(me.active_org.role, "ai.settings.read") : false;
    throw redirect({ to: manager ? "/settings/ai/providers" : "/settings/ai/playground", replace: true });
  },
});

const aiProvidersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/ai/providers",
  component: lazyRouteComponent(() => import("@web/features/settings/ai/providers-page"), "AiProvidersPage"),
  staticData: { title: "Providers & keys" },
});

const aiModelsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/ai/models",
  component: lazyRouteComponent(() => import("@web/features/settings/ai/models-page"), "AiModelsPage"),
  staticData: { title: "Models & prices" },
});

const aiRoutingRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/ai/routing",
  component: lazyRouteComponent(() => import("@web/features/settings/ai/routing-page"), "AiRoutingPage"),
  staticData: { title: "Routing" },
});

const aiBudgetsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/ai/budgets",
  component: lazyRouteComponent(() => import("@web/features/settings/ai/budgets-page"), "AiBudgetsPage"),
  staticData: { title: "Budgets" },
});

const aiPrivacyRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/ai/privacy",
  component: lazyRouteComponent(() => import("@web/features/settings/ai/privacy-page"), "AiPrivacyPage"),
  staticData: { title: "Privacy & retention" },
});

const aiUsageRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/ai/usage",
  component: lazyRouteComponent(() => import("@web/features/settings/ai/usage-page"), "AiUsagePage"),
  staticData: { title: "AI usage" },
});

const aiPlaygroundRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: "/ai/playground",
  component: lazyRouteComponent(
    () => import("@web/features/settings/ai/playground-page"),
    "AiPlaygroundPage",
  ),
  staticData: { title: "AI playground" },
});

const routeTree = rootRoute.addChildren([
  authLayoutRoute.addChildren([
    signInRoute,
    signUpRoute,
    forgotPasswordRoute,
    resetPasswordRoute,
    verifyEmailRoute,
    twoFactorRoute,
    inviteRoute,
  ]),
  appLayoutRoute.addChildren([
    indexRoute,
    goalsRoute,
    projectsListRoute,
    projectLayoutRoute.addChildren([...projectTabRoutes, ...insightsRoutes]),
    knowledgeRoute,
    conversationsRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      organizationSettingsRoute,
      membersSettingsRoute,
      groupsSettingsRoute,
      groupDetailSettingsRoute,
      apiKeysSettingsRoute,
      auditLogSettingsRoute,
      profileSettingsRoute,
      aiSettingsIndexRoute,
      aiProvidersRoute,
      aiModelsRoute,
      aiRoutingRoute,
      aiBudgetsRoute,
      aiPrivacyRoute,
      aiUsageRoute,
      aiPlaygroundRoute,
    ]),
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: "intent",
  scrollRestoration: true,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
  interface StaticDataRouteOption {
    /** Shown in the top bar and the document title. */
    title?: string;
    /** Shown to someone who belongs to no organization yet (the rest shows the onboarding). */
    allowWithoutOrg?: boolean;
  }
}
