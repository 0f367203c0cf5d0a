import { type AnyRoute, createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { GoalsLayout } from "./goals-layout";
import { validateGoalsSearch } from "./search";

/** /goals (outline), /goals/alignment and /goals/week, under the app shell. */
export function createGoalsRoutes<TParent extends AnyRoute>(parent: TParent) {
  const goalsRoute = createRoute({
    getParentRoute: () => parent,
    path: "/goals",
    component: GoalsLayout,
    validateSearch: validateGoalsSearch,
    staticData: { title: "Goals" },
  });
  const outlineRoute = createRoute({
    getParentRoute: () => goalsRoute,
    path: "/",
    component: lazyRouteComponent(() => import("./outline-page"), "OutlinePage"),
  });
  const alignmentRoute = createRoute({
    getParentRoute: () => goalsRoute,
    path: "/alignment",
    component: lazyRouteComponent(() => import("./alignment-page"), "AlignmentPage"),
    staticData: { title: "Alignment" },
  });
  const weekRoute = createRoute({
    getParentRoute: () => goalsRoute,
    path: "/week",
    component: lazyRouteComponent(() => import("./week-page"), "WeekPage"),
    staticData: { title: "Week" },
  });
  return goalsRoute.addChildren([outlineRoute, alignmentRoute, weekRoute]);
}
