import { ITEM_TYPES, type ItemType } from "@core/raid";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appLayoutRoute } from "@web/router";
import { listOf, text, validateItemsSearch } from "./items-search";

const projectsListRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: "/projects",
  component: lazyRouteComponent(() => import("./projects-page"), "ProjectsPage"),
  staticData: { title: "Projects" },
  validateSearch: (search): { q?: string; bin?: boolean } => ({
    q: text(search.q),
    bin: search.bin === true || search.bin === "1" || search.bin === 1 ? true : undefined,
  }),
});

/**
 * One project: its header (name, role, export menu) and tab bar around the tab's page. The
 * insight tabs (timeline, dashboard, budget, report, chat) are children declared in
 * `insights/routes.tsx`.
 */
export const projectLayoutRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: "/projects/$projectId",
  component: lazyRouteComponent(() => import("./project-layout"), "ProjectLayout"),
  staticData: { title: "Project" },
});

const itemsRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./items/items-page"), "ItemsPage"),
  staticData: { title: "Items" },
  validateSearch: validateItemsSearch,
});

const boardRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/board",
  component: lazyRouteComponent(() => import("./board-page"), "BoardPage"),
  staticData: { title: "Board" },
  validateSearch: (search): { type?: string; item?: string } => ({
    type: listOf<ItemType>(search.type, ITEM_TYPES)?.join(","),
    item: text(search.item),
  }),
});

const membersRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/members",
  component: lazyRouteComponent(() => import("./members-page"), "ProjectMembersPage"),
  staticData: { title: "Members" },
});

const importRoute = createRoute({
  getParentRoute: () => projectLayoutRoute,
  path: "/import",
  component: lazyRouteComponent(() => import("./import-page"), "ImportPage"),
  staticData: { title: "Import" },
});

/** The tabs this module owns, children of `projectLayoutRoute`. */
export const projectTabRoutes = [itemsRoute, boardRoute, membersRoute, importRoute] as const;
export { projectsListRoute };
