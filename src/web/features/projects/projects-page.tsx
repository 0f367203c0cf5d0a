import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { PageHeader } from "@web/components/layout/page-header";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { EmptyState } from "@web/components/ui/empty-state";
import { Highlights } from "@web/components/ui/highlights";
import { Input } from "@web/components/ui/input";
import { Kbd } from "@web/components/ui/kbd";
import { DropdownMenu, MenuItem } from "@web/components/ui/menu";
import { Pagination } from "@web/components/ui/pagination";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { InlineEmpty, LoadError } from "@web/features/settings/settings-ui";
import { formErrorOf } from "@web/lib/form";
import { formatRelative } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { useDebouncedValue } from "@web/lib/use-debounced-value";
import {
  ArchiveRestore,
  CalendarRange,
  FolderKanban,
  MessageSquareText,
  MoreHorizontal,
  Plus,
  Search,
  ShieldAlert,
  Trash2,
  Wallet,
} from "lucide-react";
import { useEffect, useState } from "react";
import { ProjectFormDialog } from "./project-form-dialog";
import {
  formatIsoDate,
  INDICATOR_TONES,
  ProjectRoleBadge,
  ProjectStatusBadge,
  undoProjectDelete,
} from "./project-ui";
import { canInProject, deleteProject, type Project, useProjectDashboard, useProjects } from "./projects-api";
import { focusById, useShortcut } from "./use-shortcut";

const route = getRouteApi("/app/projects");

export function ProjectsPage() {
  const { can } = useSession();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [creating, setCreating] = useState(false);
  const [text, setText] = useState(search.q ?? "");
  const [page, setPage] = useState(1);
  const query = useDebouncedValue(text.trim());
  const bin = search.bin === true;
  const projects = useProjects({ search: query || undefined, deleted: bin, page });
  const mayCreate = can("projects.create");

  useEffect(() => {
    void navigate({ search: (previous) => ({ ...previous, q: query || undefined }), replace: true });
    setPage(1);
  }, [query, navigate]);

  useShortcut("/", () => focusById("project-search"));
  useShortcut("n", () => mayCreate && setCreating(true));

  const rows = projects.data?.data ?? [];
  const nothingYet = !bin && !query && rows.length === 0 && projects.isSuccess;

  return (
    <>
      <PageHeader
        title="Projects"
        description="Client projects with RAID logs, timelines and budgets, in one place."
        actions={
          mayCreate ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              New project
              <Kbd className="ml-1 border-white/30 bg-white/10 text-white/80 shadow-none">N</Kbd>
            </Button>
          ) : null
        }
      />
      {nothingYet ? (
        <ProjectsEmpty onCreate={mayCreate ? () => setCreating(true) : undefined} />
      ) : (
        <section aria-label="Project list" className="space-y-4">
          <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
            <div className="relative flex-1 sm:max-w-sm">
              <Search
                className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-faint"
                aria-hidden="true"
              />
              <Input
                id="project-search"
                type="search"
                aria-label="Search projects"
                placeholder="Search by name or client"
                value={text}
                onChange={(event) => setText(event.target.value)}
                className="pr-9 pl-9"
              />
              <Kbd className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2">/</Kbd>
            </div>
            <div className="inline-flex items-center gap-1 self-start rounded-lg border border-border bg-subtle p-1">
              {[
                { label: "Active", value: false },
                { label: "Bin", value: true },
              ].map((option) => (
                <button
                  key={option.label}
                  type="button"
                  aria-pressed={bin === option.value}
                  onClick={() => {
                    setPage(1);
                    void navigate({
                      search: (previous) => ({ ...previous, bin: option.value || undefined }),
                    });
                  }}
                  className={
                    bin === option.value
                      ? "h-7 rounded-md bg-surface px-3 font-medium text-[13px] text-ink shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-accent-600"
                      : "h-7 rounded-md px-3 font-medium text-[13px] text-ink-muted outline-none hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600"
                  }
                >
                  {option.label}
                </button>
              ))}
            </div>
            {projects.isFetching && !projects.isPending ? (
              <Spinner className="text-ink-faint" label="Updating" />
            ) : null}
          </div>
          {projects.isPending ? (
            <ProjectGridSkeleton />
          ) : projects.isError ? (
            <LoadError error={projects.error} onRetry={() => void projects.refetch()} />
          ) : rows.length === 0 ? (
            <Card>
              {bin ? (
                <InlineEmpty
                  icon={Trash2}
                  title={query ? "No deleted projects match" : "The bin is empty"}
                  description="Deleted projects wait here so an admin can restore them with everything in them."
                />
              ) : (
                <InlineEmpty
                  icon={Search}
                  title="No projects match"
                  description="Try another name or client."
                  action={
                    <Button variant="outline" size="sm" onClick={() => setText("")}>
                      Clear search
                    </Button>
                  }
                />
              )}
            </Card>
          ) : (
            <>
              <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
                {rows.map((project) => (
                  <li key={project.id}>
                    {bin ? <DeletedProjectCard project={project} /> : <ProjectCard project={project} />}
                  </li>
                ))}
              </ul>
              <Card className="overflow-hidden">
                <Pagination
                  meta={projects.data?.meta}
                  onPageChange={setPage}
                  noun={["project", "projects"]}
                />
              </Card>
            </>
          )}
        </section>
      )}
      <ProjectFormDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function ProjectCard({ project }: { project: Project }) {
  const dashboard = useProjectDashboard(project.id);
  const counts = dashboard.data;
  const late = counts
    ? counts.by_indicator.beyond_deadline + counts.by_indicator.late_finish + counts.by_indicator.late_start
    : 0;
  const queryClient = useQueryClient();

  function remove() {
    deleteProject(queryClient, project.id)
      .then(() =>
        toast.success(`${project.name} was moved to the bin`, {
          action: { label: "Undo", onClick: () => undoProjectDelete(queryClient, project) },
        }),
      )
      .catch((error: unknown) =>
        toast.error("The project could not be deleted", { description: formErrorOf(error) }),
      );
  }

  return (
    <Card className="group relative flex h-full flex-col transition-shadow focus-within:ring-2 focus-within:ring-accent-600 hover:shadow-popover">
      <div className="flex items-start gap-3 px-5 pt-5">
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold text-[15px] text-ink leading-6">
            <Link
              to="/projects/$projectId"
              params={{ projectId: project.id }}
              className="outline-none after:absolute after:inset-0 after:rounded-xl"
            >
              {project.name}
            </Link>
          </h2>
          <p className="truncate text-ink-muted text-sm">{project.client_name ?? "Internal"}</p>
        </div>
        <ProjectStatusBadge status={project.status} />
        {canInProject(project, "projects.delete") ? (
          <div className="relative z-10 -mt-1 -mr-2">
            <DropdownMenu
              label={`Actions for ${project.name}`}
              trigger={(props) => (
                <Button {...props} variant="ghost" size="icon-sm" aria-label={`Actions for ${project.name}`}>
                  <MoreHorizontal />
                </Button>
              )}
            >
              <MenuItem destructive onSelect={remove}>
                <Trash2 aria-hidden="true" />
                Delete project
              </MenuItem>
            </DropdownMenu>
          </div>
        ) : null}
      </div>
      <p className="mt-2 line-clamp-2 min-h-10 px-5 text-ink-soft text-sm leading-5">
        {project.description || <span className="text-ink-faint">No description</span>}
      </p>
      <dl className="mt-4 grid grid-cols-3 gap-2 px-5">
        <Stat label="Items" value={counts?.total} />
        <Stat label="Late" value={counts ? late : undefined} tone={late > 0 ? "danger" : undefined} />
        <Stat label="Risks" value={counts?.by_type.risk} />
      </dl>
      {counts && counts.total > 0 ? (
        <IndicatorStrip counts={counts.by_indicator} total={counts.total} />
      ) : null}
      <div className="mt-auto flex items-center gap-2 border-border border-t px-5 py-3 text-ink-muted text-xs">
        <CalendarRange className="size-3.5" aria-hidden="true" />
        <span className="truncate">
          {project.start_date || project.end_date
            ? `${formatIsoDate(project.start_date)} – ${formatIsoDate(project.end_date)}`
            : "No dates yet"}
        </span>
        <span className="ml-auto">
          <ProjectRoleBadge role={project.my_role} />
        </span>
      </div>
    </Card>
  );
}

function Stat({ label, value, tone }: { label: string; value: number | undefined; tone?: "danger" }) {
  return (
    <div className="rounded-lg bg-subtle px-3 py-2">
      <dt className="text-ink-muted text-xs">{label}</dt>
      <dd
        className={
          tone === "danger"
            ? "font-semibold text-danger-700 tabular-nums"
            : "font-semibold text-ink tabular-nums"
        }
      >
        {value === undefined ? <Skeleton className="mt-1 h-4 w-8" /> : value}
      </dd>
    </div>
  );
}

/** The share of items per indicator, as one thin bar. */
function IndicatorStrip({
  counts,
  total,
}: {
  counts: Record<keyof typeof INDICATOR_TONES, number>;
  total: number;
}) {
  return (
    <div className="mx-5 mt-3 flex h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden="true">
      {(Object.keys(INDICATOR_TONES) as (keyof typeof INDICATOR_TONES)[]).map((indicator) =>
        counts[indicator] > 0 ? (
          <span
            key={indicator}
            className={INDICATOR_TONES[indicator].dot}
            style={{ width: `${(counts[indicator] / total) * 100}%` }}
          />
        ) : null,
      )}
    </div>
  );
}

function DeletedProjectCard({ project }: { project: Project }) {
  const queryClient = useQueryClient();
  const [restoring, setRestoring] = useState(false);
  return (
    <Card className="flex h-full flex-col">
      <div className="px-5 pt-5">
        <h2 className="truncate font-semibold text-[15px] text-ink-soft leading-6">{project.name}</h2>
        <p className="truncate text-ink-muted text-sm">{project.client_name ?? "Internal"}</p>
      </div>
      <p className="mt-2 px-5 text-ink-muted text-sm">
        Deleted {project.deleted_at ? formatRelative(project.deleted_at) : ""}
      </p>
      <div className="mt-auto flex justify-end border-border border-t px-5 py-3 pt-3">
        <Button
          variant="outline"
          size="sm"
          disabled={restoring || !canInProject(project, "projects.delete")}
          onClick={() => {
            setRestoring(true);
            void undoProjectDelete(queryClient, project).finally(() => setRestoring(false));
          }}
        >
          {restoring ? <Spinner /> : <ArchiveRestore aria-hidden="true" />}
          Restore
        </Button>
      </div>
    </Card>
  );
}

function ProjectGridSkeleton() {
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-busy="true">
      <span className="sr-only">Loading projects</span>
      {["a", "b", "c"].map((key) => (
        <Card key={key} className="space-y-3 p-5">
          <Skeleton className="h-5 w-40" />
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-12 w-full" />
        </Card>
      ))}
    </div>
  );
}

function ProjectsEmpty({ onCreate }: { onCreate?: () => void }) {
  return (
    <EmptyState
      icon={FolderKanban}
      title="No projects yet"
      description={
        <p>
          Each project keeps its risks, actions, issues, decisions, deliverables and milestones together, with
          status indicators that flag what is late or at risk. Follow the timeline, log time against the
          budget and see the burn as it happens.
        </p>
      }
      action={
        onCreate ? (
          <Button onClick={onCreate}>
            <Plus aria-hidden="true" />
            Create your first project
          </Button>
        ) : (
          <p className="text-ink-muted text-sm">Ask a project admin to add you to a project.</p>
        )
      }
      footer={
        <Highlights
          heading="What you will do here"
          items={[
            {
              icon: ShieldAlert,
              title: "RAID log",
              description:
                "Risks, actions, issues and decisions with owners, due dates and a clear status for each.",
            },
            {
              icon: Wallet,
              title: "Budget and burn",
              description: "Timesheets roll up into spend, so burn against budget is always current.",
            },
            {
              icon: MessageSquareText,
              title: "Project assistant",
              description: "Ask what is overdue or at risk and get answers drawn from the project's own log.",
            },
          ]}
        />
      }
    />
  );
}
