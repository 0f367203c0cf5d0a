import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { projectLayoutRoute } from "../routes";

// The project's insight tabs, children of the project layout. Each page loads on demand: the
// charts (recharts) stay out of the main bundle.

const timelineRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/timeline",
  component: lazyRouteComponent(() => import("./timeline-page"), "TimelinePage"),
  staticData: { title: "Timeline" },
});

const dashboardRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/dashboard",
  component: lazyRouteComponent(() => import("./dashboard-page"), "DashboardPage"),
  staticData: { title: "Dashboard" },
});

const budgetRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/budget",
  component: lazyRouteComponent(() => import("./budget-page"), "BudgetPage"),
  staticData: { title: "Budget" },
});

const reportRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/report",
  component: lazyRouteComponent(() => import("./status-report-page"), "StatusReportPage"),
  staticData: { title: "Status report" },
});

/** `session`: the saved conversation open in the chat (none: a new one). */
export interface ChatSearch {
  session?: string;
}

const chatRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/chat",
  validateSearch: (search: Record<string, unknown>): ChatSearch => ({
    session: typeof search.session === "string" && search.session ? search.session : undefined,
  }),
  component: lazyRouteComponent(() => import("./chat-page"), "ChatPage"),
  staticData: { title: "Chat" },
});

export const insightsRoutes = [timelineRoute, dashboardRoute, budgetRoute, reportRoute, chatRoute] as const;
