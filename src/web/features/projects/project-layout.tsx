import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { DropdownMenu, MenuItem, MenuLabel, MenuSeparator } from "@web/components/ui/menu";
import { Skeleton } from "@web/components/ui/skeleton";
import { dismissToast, toast } from "@web/components/ui/toast";
import { isApiError } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import {
  ArrowLeft,
  ChevronDown,
  Download,
  FileSpreadsheet,
  FileText,
  FolderX,
  MoreHorizontal,
  Pencil,
  Trash2,
} from "lucide-react";
import { type MouseEvent, useState } from "react";
import { ProjectFormDialog } from "./project-form-dialog";
import { ProjectRoleBadge, ProjectStatusBadge, undoProjectDelete } from "./project-ui";
import {
  canInProject,
  deleteProject,
  downloadExport,
  type ExportFormat,
  type Project,
  useProject,
} from "./projects-api";

const route = getRouteApi("/app/projects/$projectId");

/** The tabs of a project, in order; `path` is relative to /projects/<id>. */
const TABS = [
  { path: "", label: "Items" },
  { path: "/board", label: "Board" },
  { path: "/timeline", label: "Timeline" },
  { path: "/dashboard", label: "Dashboard" },
  { path: "/budget", label: "Budget" },
  { path: "/report", label: "Report" },
  { path: "/chat", label: "Chat" },
  { path: "/members", label: "Members" },
  { path: "/import", label: "Import" },
] as const;

export function ProjectLayout() {
  const { projectId } = route.useParams();
  const project = useProject(projectId);

  if (project.isPending) return <ProjectHeaderSkeleton />;
  if (project.isError) {
    const missing = isApiError(project.error) && project.error.status === 404;
    return (
      <Card className="flex flex-col items-center px-6 py-14 text-center">
        <span className="flex size-12 items-center justify-center rounded-xl border border-border bg-subtle text-ink-muted">
          <FolderX className="size-5" strokeWidth={1.75} aria-hidden="true" />
        </span>
        <h1 className="mt-5 font-semibold text-ink text-lg tracking-tight">
          {missing ? "This project isn't available" : "The project could not be loaded"}
        </h1>
        <p className="mt-2 max-w-md text-ink-muted text-sm leading-relaxed">
          {missing
            ? "It may have been deleted, or you are not one of its members. Ask a project admin to add you."
            : formErrorOf(project.error)}
        </p>
        <div className="mt-6 flex gap-2">
          <Link to="/projects" className={buttonVariants({ variant: "outline" })}>
            All projects
          </Link>
          {missing ? null : <Button onClick={() => void project.refetch()}>Try again</Button>}
        </div>
      </Card>
    );
  }

  return (
    <>
      <ProjectHeader project={project.data} />
      <ProjectTabs projectId={projectId} />
      <div className="pt-6">
        <Outlet />
      </div>
    </>
  );
}

function ProjectHeader({ project }: { project: Project }) {
  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  async function remove() {
    await navigate({ to: "/projects" });
    try {
      await deleteProject(queryClient, project.id);
    } catch (error) {
      toast.error("The project could not be deleted", { description: formErrorOf(error) });
      return;
    }
    toast.success(`${project.name} was moved to the bin`, {
      action: { label: "Undo", onClick: () => undoProjectDelete(queryClient, project) },
    });
  }

  return (
    <header className="mb-5">
      <Link
        to="/projects"
        className="mb-3 inline-flex items-center gap-1.5 rounded text-ink-muted text-sm outline-none hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600"
      >
        <ArrowLeft className="size-3.5" aria-hidden="true" />
        Projects
      </Link>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
            <h1 className="truncate font-semibold text-2xl text-ink tracking-tight">{project.name}</h1>
            <ProjectStatusBadge status={project.status} />
          </div>
          <p className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-ink-muted text-sm">
            {project.client_name ? (
              <>
                <span>{project.client_name}</span>
                <span aria-hidden="true">·</span>
              </>
            ) : null}
            <span>Your role:</span>
            <ProjectRoleBadge role={project.my_role} />
          </p>
          {project.description ? (
            <p className="mt-2 line-clamp-2 max-w-3xl text-ink-soft text-sm leading-relaxed">
              {project.description}
            </p>
          ) : null}
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <ExportMenu project={project} />
          {canInProject(project, "projects.update") || canInProject(project, "projects.delete") ? (
            <DropdownMenu
              label="Project actions"
              trigger={(props) => (
                <Button {...props} variant="outline" size="icon" aria-label="Project actions">
                  <MoreHorizontal />
                </Button>
              )}
            >
              {canInProject(project, "projects.update") ? (
                <MenuItem onSelect={() => setEditing(true)}>
                  <Pencil aria-hidden="true" />
                  Edit project
                </MenuItem>
              ) : null}
              {canInProject(project, "projects.delete") ? (
                <MenuItem destructive onSelect={() => void remove()}>
                  <Trash2 aria-hidden="true" />
                  Delete project
                </MenuItem>
              ) : null}
            </DropdownMenu>
          ) : null}
        </div>
      </div>
      <ProjectFormDialog open={editing} onClose={() => setEditing(false)} project={project} />
    </header>
  );
}

function ExportMenu({ project }: { project: Project }) {
  if (!canInProject(project, "projects.export")) return null;
  const download = (format: ExportFormat) => {
    const notice = toast("Preparing the export…");
    downloadExport(project.id, format)
      .then(() => dismissToast(notice))
      .catch((error: unknown) => {
        dismissToast(notice);
        toast.error("The export failed", { description: formErrorOf(error) });
      });
  };
  return (
    <DropdownMenu
      label="Export"
      trigger={(props, open) => (
        <Button {...props} variant="outline">
          <Download aria-hidden="true" />
          Export
          <ChevronDown className={cn("transition-transform", open && "rotate-180")} aria-hidden="true" />
        </Button>
      )}
    >
      <MenuLabel>RAID log</MenuLabel>
      <MenuItem onSelect={() => download("csv")}>
        <FileText aria-hidden="true" />
        CSV
      </MenuItem>
      <MenuItem onSelect={() => download("xlsx")}>
        <FileSpreadsheet aria-hidden="true" />
        Excel (XLSX)
      </MenuItem>
      <MenuItem onSelect={() => download("markdown")}>
        <FileText aria-hidden="true" />
        Markdown
      </MenuItem>
      <MenuSeparator />
      <MenuLabel>Report</MenuLabel>
      <MenuItem onSelect={() => download("pdf")}>
        <FileText aria-hidden="true" />
        Status report (PDF)
      </MenuItem>
    </DropdownMenu>
  );
}

/**
 * Links, not buttons: each tab is its own URL. Some tabs are routes another module declares, so
 * the links are plain hrefs the router follows.
 */
function ProjectTabs({ projectId }: { projectId: string }) {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const navigate = useNavigate();
  const base = `/projects/${projectId}`;
  const current = pathname.replace(/\/$/, "");

  function follow(event: MouseEvent<HTMLAnchorElement>, href: string) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    void navigate({ href });
  }

  return (
    <nav aria-label="Project" className="-mx-1 overflow-x-auto border-border border-b">
      <ul className="flex min-w-max items-center gap-1 px-1">
        {TABS.map((tab) => {
          const href = `${base}${tab.path}`;
          const active = tab.path === "" ? current === base : current.startsWith(href);
          return (
            <li key={tab.label}>
              <a
                href={href}
                onClick={(event) => follow(event, href)}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "relative inline-flex h-10 items-center rounded-t-md px-3 font-medium text-sm outline-none transition-colors",
                  "focus-visible:ring-2 focus-visible:ring-accent-600 focus-visible:ring-inset",
                  active
                    ? "text-ink after:absolute after:inset-x-2 after:-bottom-px after:h-0.5 after:rounded-full after:bg-accent-700"
                    : "text-ink-muted hover:text-ink",
                )}
              >
                {tab.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function ProjectHeaderSkeleton() {
  return (
    <div aria-busy="true">
      <span className="sr-only">Loading project</span>
      <Skeleton className="mb-4 h-4 w-20" />
      <Skeleton className="h-7 w-72" />
      <Skeleton className="mt-3 h-4 w-56" />
      <Skeleton className="mt-6 h-10 w-full" />
      <Skeleton className="mt-6 h-80 w-full rounded-xl" />
    </div>
  );
}
