import {
  INDICATOR_LABELS,
  INDICATORS,
  type Indicator,
  ITEM_GROUPS,
  ITEM_STATUSES,
  ITEM_TYPES,
  type ItemGroup,
  type ItemStatus,
  type ItemType,
  PRIORITIES,
  type Priority,
} from "@core/raid";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Avatar } from "@web/components/ui/avatar";
import { Button, buttonVariants } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { Input, Select } from "@web/components/ui/input";
import { Kbd } from "@web/components/ui/kbd";
import { Pagination } from "@web/components/ui/pagination";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { InlineEmpty, LoadError } from "@web/features/settings/settings-ui";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { useSession } from "@web/lib/session";
import { useDebouncedValue } from "@web/lib/use-debounced-value";
import {
  ArrowDown,
  ArrowUp,
  ChevronsUpDown,
  FileUp,
  ListTodo,
  Pencil,
  Plus,
  Search,
  Tag,
  Trash2,
  X,
} from "lucide-react";
import { Fragment, type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import type { ItemsSearch } from "../items-search";
import {
  formatShortDate,
  IndicatorBadge,
  ItemCode,
  PRIORITY_LABELS,
  PriorityLabel,
  ProgressBar,
  RiskScoreChip,
  STATUS_LABELS,
  StatusBadge,
  TYPE_ICONS,
  TYPE_PLURALS,
} from "../project-ui";
import {
  canEditItem,
  canInProject,
  type Item,
  type ItemListParams,
  type ItemPage,
  type ItemPatch,
  type ItemSort,
  type ProjectMember,
  useItems,
  useOptimisticItemUpdate,
  useProject,
  useProjectMembers,
} from "../projects-api";
import { focusById, useShortcut } from "../use-shortcut";
import { DeletedItemsDialog } from "./deleted-items-dialog";
import { InlineDate, InlinePercent, InlineSelect, InlineText } from "./inline-edit";
import { ItemDrawer } from "./item-drawer";
import { NewItemDialog } from "./new-item-dialog";

const route = getRouteApi("/app/projects/$projectId/");
const PER_PAGE = 50;
const UNASSIGNED = "none";

const GROUP_LABELS: Record<ItemGroup, string> = {
  type: "Type",
  status: "Status",
  priority: "Priority",
  indicator: "Indicator",
  assignee: "Assignee",
};

/** The filters a "Clear filters" resets. */
const NO_FILTERS: Partial<ItemsSearch> = {
  q: undefined,
  type: undefined,
  status: undefined,
  priority: undefined,
  indicator: undefined,
  assignee: undefined,
  tag: undefined,
};

/** The RAID log: server-side filters, sort and pages; inline edits; keyboard first. */
export function ItemsPage() {
  const { projectId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { user } = useSession();
  const project = useProject(projectId).data;
  const members = useProjectMembers(projectId).data ?? [];
  const [text, setText] = useState(search.q ?? "");
  const query = useDebouncedValue(text.trim());
  const [cursor, setCursor] = useState(0);
  const [editingTitle, setEditingTitle] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [binOpen, setBinOpen] = useState(false);
  const tableRef = useRef<HTMLTableSectionElement>(null);

  const setSearch = (patch: Partial<ItemsSearch>, replace = false) =>
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace });
  const setFilter = (patch: Partial<ItemsSearch>) => {
    setCursor(0);
    setSearch({ ...patch, page: undefined });
  };

  // Only the debounced text drives the URL; the URL never drives the text box back.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the debounced text settles, nothing else
  useEffect(() => {
    if ((search.q ?? "") !== query) setSearch({ q: query || undefined, page: undefined }, true);
  }, [query]);

  const group = search.group;
  // The server orders by the group first and sorts within each group, so a group is one run
  // of rows and its count covers every page.
  const params: ItemListParams = {
    page: search.page ?? 1,
    per_page: PER_PAGE,
    search: search.q,
    type: search.type?.split(",") as ItemType[] | undefined,
    status: search.status?.split(",") as ItemStatus[] | undefined,
    priority: search.priority?.split(",") as Priority[] | undefined,
    indicator: search.indicator?.split(",") as Indicator[] | undefined,
    assignee: search.assignee,
    tag: search.tag?.split(","),
    sort: search.sort,
    order: search.order,
    group,
  };
  const items = useItems(projectId, params);
  const rows = items.data?.data ?? [];
  const update = useOptimisticItemUpdate(projectId);
  const mayCreate = canInProject(project, "projects.items.create");
  const mayReassign = canInProject(project, "projects.items.update");
  // The bin is for those who may delete and restore items.
  const mayDelete = canInProject(project, "projects.items.delete");
  const filtered = (Object.keys(NO_FILTERS) as (keyof ItemsSearch)[]).some((key) => search[key]);

  function save(item: Item, patch: ItemPatch, optimistic?: Partial<Item>) {
    update.mutate(
      { itemId: item.id, patch, optimistic },
      {
        onError: (error) => toast.error(`${item.code} was not changed`, { description: formErrorOf(error) }),
      },
    );
  }

  const open = (item: Item) => setSearch({ item: item.id });

  useShortcut("/", () => focusById("items-search"));
  useShortcut("n", () => (mayCreate ? setCreating(true) : false));
  useShortcut(["j", "ArrowDown", "k", "ArrowUp"], (event) => {
    if (rows.length === 0) return false;
    const step = event.key === "j" || event.key === "ArrowDown" ? 1 : -1;
    setCursor((current) => Math.max(0, Math.min(rows.length - 1, current + step)));
  });
  useShortcut("Enter", (event) => {
    // Enter on a focused button or link belongs to it, not to the highlighted row.
    if ((event.target as HTMLElement | null)?.closest("button, a") || !rows[cursor]) return false;
    open(rows[cursor]);
  });
  useShortcut("e", () => {
    const item = rows[cursor];
    if (!item || !canEditItem(project, item, user.id)) return false;
    setEditingTitle(item.id);
  });

  useEffect(() => {
    tableRef.current?.querySelector(`[data-row="${cursor}"]`)?.scrollIntoView({ block: "nearest" });
  }, [cursor]);
  useEffect(() => {
    if (cursor >= rows.length && rows.length > 0) setCursor(rows.length - 1);
  }, [rows.length, cursor]);

  const groups = useMemo(() => groupRows(items.data, group), [items.data, group]);

  return (
    <section aria-label="Items" className="space-y-4">
      <Toolbar
        text={text}
        onText={setText}
        search={search}
        members={members}
        onFilter={setFilter}
        onGroup={(next) => setSearch({ group: next, page: undefined })}
        fetching={items.isFetching && !items.isPending}
        action={
          mayCreate ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              New item
              <Kbd className="ml-1 border-white/30 bg-white/10 text-white/80 shadow-none">N</Kbd>
            </Button>
          ) : null
        }
      />
      <Card className="overflow-hidden">
        {items.isPending ? (
          <ItemsSkeleton />
        ) : items.isError ? (
          <div className="p-5">
            <LoadError error={items.error} onRetry={() => void items.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          filtered ? (
            <InlineEmpty
              icon={Search}
              title="No items match"
              description="Try other words or clear the filters."
              action={
                <Button
                  variant="outline"
                  size="sm"
                  onClick={() => {
                    setText("");
                    setFilter(NO_FILTERS);
                  }}
                >
                  Clear filters
                </Button>
              }
            />
          ) : (
            <InlineEmpty
              icon={ListTodo}
              title="The log is empty"
              description="Add the project's risks, actions, issues and decisions, or import an existing RAID log from a spreadsheet."
              action={
                mayCreate ? (
                  <div className="flex flex-wrap justify-center gap-2">
                    <Button size="sm" onClick={() => setCreating(true)}>
                      <Plus aria-hidden="true" />
                      Add the first item
                    </Button>
                    {canInProject(project, "projects.items.import") ? (
                      <Link
                        to="/projects/$projectId/import"
                        params={{ projectId }}
                        className={buttonVariants({ variant: "outline", size: "sm" })}
                      >
                        <FileUp aria-hidden="true" />
                        Import a spreadsheet
                      </Link>
                    ) : null}
                  </div>
                ) : null
              }
            />
          )
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[1000px] table-fixed border-collapse text-left text-sm">
              <thead className="border-border border-b bg-subtle">
                <tr>
                  <SortHeader label="Item" sort="code" search={search} onSort={setSearch} className="pl-5" />
                  <SortHeader
                    label="Status"
                    sort="status"
                    search={search}
                    onSort={setSearch}
                    className="w-[112px]"
                  />
                  <SortHeader
                    label="Indicator"
                    sort="indicator"
                    search={search}
                    onSort={setSearch}
                    className="w-[156px]"
                  />
                  <SortHeader
                    label="Priority"
                    sort="priority"
                    search={search}
                    onSort={setSearch}
                    className="w-[96px]"
                  />
                  <SortHeader
                    label="Assignee"
                    sort="assignee"
                    search={search}
                    onSort={setSearch}
                    className="w-[128px]"
                  />
                  <SortHeader
                    label="Dates"
                    sort="finish_date"
                    search={search}
                    onSort={setSearch}
                    className="w-[160px]"
                  />
                  <SortHeader
                    label="Deadline"
                    sort="deadline"
                    search={search}
                    onSort={setSearch}
                    className="w-[116px] pr-5 2xl:w-[104px] 2xl:pr-3"
                  />
                  <SortHeader
                    label="Done"
                    sort="percent_complete"
                    search={search}
                    onSort={setSearch}
                    className="hidden w-[100px] 2xl:table-cell"
                  />
                  <SortHeader
                    label="Risk"
                    sort="risk_score"
                    search={search}
                    onSort={setSearch}
                    className="hidden w-[64px] pr-5 2xl:table-cell"
                  />
                </tr>
              </thead>
              <tbody ref={tableRef} className="divide-y divide-border">
                {groups.map(({ key, label, rows: groupRowsList, offset, count, continued }) => (
                  <Fragment key={key}>
                    {group ? (
                      <tr className="bg-subtle/70">
                        <th
                          colSpan={ALWAYS_SHOWN_COLUMNS}
                          scope="colgroup"
                          className="px-5 py-2 text-left font-medium text-ink-soft text-xs"
                        >
                          <span className="inline-flex items-center gap-2">
                            {label}
                            <span
                              className="rounded-full bg-border/70 px-1.5 text-[11px] text-ink-muted tabular-nums"
                              title={`${count} ${count === 1 ? "item" : "items"} in all`}
                            >
                              {count}
                            </span>
                            {continued ? (
                              <span className="font-normal text-ink-faint">
                                continued from the previous page
                              </span>
                            ) : null}
                          </span>
                        </th>
                        {/* The columns only wide screens show: a span over them would make phantom ones. */}
                        <td className="hidden 2xl:table-cell" />
                        <td className="hidden 2xl:table-cell" />
                      </tr>
                    ) : null}
                    {groupRowsList.map((item, index) => (
                      <ItemRow
                        key={item.id}
                        item={item}
                        index={offset + index}
                        selected={cursor === offset + index}
                        editable={canEditItem(project, item, user.id)}
                        mayReassign={mayReassign}
                        members={members}
                        editingTitle={editingTitle === item.id}
                        onEditingTitle={(editing) => setEditingTitle(editing ? item.id : null)}
                        onSelect={() => setCursor(offset + index)}
                        onOpen={() => open(item)}
                        onTag={(tag) => setFilter({ tag })}
                        onSave={(patch, optimistic) => save(item, patch, optimistic)}
                      />
                    ))}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          meta={items.data?.meta}
          onPageChange={(page) => setSearch({ page })}
          noun={["item", "items"]}
        />
      </Card>
      <div className="flex flex-wrap items-center justify-between gap-3">
        {rows.length > 0 ? <KeyboardHints /> : <span />}
        {mayDelete ? (
          <Button variant="ghost" size="sm" onClick={() => setBinOpen(true)}>
            <Trash2 aria-hidden="true" />
            Deleted items
          </Button>
        ) : null}
      </div>
      {mayDelete ? (
        <DeletedItemsDialog
          open={binOpen}
          onClose={() => setBinOpen(false)}
          projectId={projectId}
          onOpenItem={(itemId) => {
            setBinOpen(false);
            setSearch({ item: itemId });
          }}
        />
      ) : null}
      <ItemDrawer
        projectId={projectId}
        itemId={search.item}
        onClose={() => setSearch({ item: undefined })}
        onOpenItem={(itemId) => setSearch({ item: itemId })}
      />
      <NewItemDialog
        open={creating}
        onClose={() => setCreating(false)}
        projectId={projectId}
        members={members}
        defaultType={params.type?.length === 1 ? params.type[0] : undefined}
        onCreated={(item) => setSearch({ item: item.id })}
      />
    </section>
  );
}

/** Columns every screen shows; Done and Risk join them on wide screens. */
const ALWAYS_SHOWN_COLUMNS = 7;

const groupKey = (item: Item, group: ItemGroup): string | null =>
  group === "assignee" ? (item.assignee?.id ?? null) : item[group];

function groupLabel(item: Item, group: ItemGroup): ReactNode {
  switch (group) {
    case "type":
      return TYPE_PLURALS[item.type];
    case "status":
      return <StatusBadge status={item.status} />;
    case "priority":
      return <PriorityLabel priority={item.priority} />;
    case "indicator":
      return <IndicatorBadge indicator={item.indicator} />;
    case "assignee":
      return item.assignee?.name ?? "Unassigned";
  }
}

/**
 * The page's rows in runs of one group each, with each group's size over every page (the
 * server counts them) and whether it began on an earlier page.
 */
function groupRows(page: ItemPage | undefined, group: ItemGroup | undefined) {
  const rows = page?.data ?? [];
  if (!group) return [{ key: "all", label: null, rows, offset: 0, count: rows.length, continued: false }];
  const firstOnPage = ((page?.meta?.page ?? 1) - 1) * (page?.meta?.per_page ?? PER_PAGE);
  const before = new Map<string | null, number>();
  const counts = new Map<string | null, number>();
  let seen = 0;
  for (const { key, count } of page?.meta?.groups ?? []) {
    before.set(key, seen);
    counts.set(key, count);
    seen += count;
  }
  const runs: {
    key: string;
    label: ReactNode;
    rows: Item[];
    offset: number;
    count: number;
    continued: boolean;
  }[] = [];
  rows.forEach((item, index) => {
    const key = groupKey(item, group);
    const last = runs[runs.length - 1];
    if (last && last.key === (key ?? UNASSIGNED)) {
      last.rows.push(item);
      return;
    }
    runs.push({
      key: key ?? UNASSIGNED,
      label: groupLabel(item, group),
      rows: [item],
      offset: index,
      count: counts.get(key) ?? 1,
      continued: index === 0 && (before.get(key) ?? firstOnPage) < firstOnPage,
    });
  });
  return runs;
}

function Toolbar({
  text,
  onText,
  search,
  members,
  onFilter,
  onGroup,
  fetching,
  action,
}: {
  text: string;
  onText: (text: string) => void;
  search: ItemsSearch;
  members: ProjectMember[];
  onFilter: (patch: Partial<ItemsSearch>) => void;
  onGroup: (group: ItemGroup | undefined) => void;
  fetching: boolean;
  action: ReactNode;
}) {
  const types = search.type?.split(",") ?? [];
  const toggleType = (type: ItemType) => {
    const next = types.includes(type) ? types.filter((value) => value !== type) : [...types, type];
    onFilter({ type: next.length > 0 ? next.join(",") : undefined });
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-56 flex-1 sm:max-w-xs">
          <Search
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-faint"
            aria-hidden="true"
          />
          <Input
            id="items-search"
            type="search"
            aria-label="Search items"
            placeholder="Search items or R-12"
            value={text}
            onChange={(event) => onText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") (event.target as HTMLInputElement).blur();
            }}
            className="pr-9 pl-9"
          />
          <Kbd className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2">/</Kbd>
        </div>
        {ENUM_FILTERS.map((filter) => (
          <FilterSelect key={filter.field} {...filter} search={search} onFilter={onFilter} />
        ))}
        <Select
          aria-label="Filter by assignee"
          value={search.assignee ?? ""}
          onChange={(event) => onFilter({ assignee: event.target.value || undefined })}
          className="w-40"
        >
          <option value="">Anyone</option>
          <option value="me">Assigned to me</option>
          <option value={UNASSIGNED}>Unassigned</option>
          {members.map((member) => (
            <option key={member.user_id} value={member.user_id}>
              {member.name}
            </option>
          ))}
        </Select>
        {fetching ? <Spinner className="text-ink-faint" label="Updating" /> : null}
        <div className="ml-auto">{action}</div>
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        {ITEM_TYPES.map((type) => {
          const Icon = TYPE_ICONS[type];
          const active = types.includes(type);
          return (
            <button
              key={type}
              type="button"
              aria-pressed={active}
              onClick={() => toggleType(type)}
              className={cn(
                "inline-flex h-7 items-center gap-1.5 rounded-full border px-3 font-medium text-[13px] outline-none transition-colors",
                "focus-visible:ring-2 focus-visible:ring-accent-600",
                active
                  ? "border-accent-600 bg-accent-50 text-accent-800"
                  : "border-border-strong bg-surface text-ink-muted hover:text-ink",
              )}
            >
              <Icon className="size-3.5" aria-hidden="true" />
              {TYPE_PLURALS[type]}
            </button>
          );
        })}
        <div className="ml-auto flex items-center gap-2">
          <Select
            aria-label="Group by"
            value={search.group ?? ""}
            onChange={(event) => onGroup((event.target.value || undefined) as ItemGroup | undefined)}
            className="h-7 w-44 rounded-full text-[13px]"
          >
            <option value="">No grouping</option>
            {ITEM_GROUPS.map((value) => (
              <option key={value} value={value}>
                Group by {GROUP_LABELS[value].toLowerCase()}
              </option>
            ))}
          </Select>
          <TagFilter value={search.tag} onChange={(tag) => onFilter({ tag })} />
        </div>
      </div>
    </div>
  );
}

interface EnumFilter {
  field: "status" | "priority" | "indicator";
  anyLabel: string;
  values: readonly string[];
  labels: Record<string, string>;
  className: string;
}

const ENUM_FILTERS: EnumFilter[] = [
  {
    field: "status",
    anyLabel: "Any status",
    values: ITEM_STATUSES,
    labels: STATUS_LABELS,
    className: "w-32",
  },
  {
    field: "priority",
    anyLabel: "Any priority",
    values: PRIORITIES,
    labels: PRIORITY_LABELS,
    className: "w-32",
  },
  {
    field: "indicator",
    anyLabel: "Any indicator",
    values: INDICATORS,
    labels: INDICATOR_LABELS,
    className: "w-40",
  },
];

/** One of the log's enum filters (one value at a time; a shared link may carry several). */
function FilterSelect({
  field,
  anyLabel,
  labels,
  values,
  search,
  onFilter,
  className,
}: EnumFilter & { search: ItemsSearch; onFilter: (patch: Partial<ItemsSearch>) => void }) {
  return (
    <Select
      aria-label={`Filter by ${field}`}
      value={search[field] ?? ""}
      onChange={(event) => onFilter({ [field]: event.target.value || undefined })}
      className={className}
    >
      <option value="">{anyLabel}</option>
      {values.map((value) => (
        <option key={value} value={value}>
          {labels[value]}
        </option>
      ))}
    </Select>
  );
}

/** Items carrying every listed tag ("vendor, legal"); applied on Enter or when the field is left. */
function TagFilter({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (tag: string | undefined) => void;
}) {
  const [draft, setDraft] = useState(value?.replaceAll(",", ", ") ?? "");
  useEffect(() => setDraft(value?.replaceAll(",", ", ") ?? ""), [value]);
  const apply = () => {
    const tags = draft
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean)
      .join(",");
    if (tags !== (value ?? "")) onChange(tags || undefined);
  };
  return (
    <div className="relative">
      <Tag
        className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-ink-faint"
        aria-hidden="true"
      />
      <Input
        aria-label="Filter by tags"
        placeholder="Tags, e.g. vendor"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === "Enter") apply();
        }}
        className={cn(
          "h-7 w-48 rounded-full pr-7 pl-8 text-[13px]",
          value && "border-accent-600 bg-accent-50",
        )}
      />
      {value ? (
        <button
          type="button"
          aria-label="Clear the tag filter"
          onClick={() => onChange(undefined)}
          className="absolute top-1/2 right-1.5 flex size-5 -translate-y-1/2 items-center justify-center rounded-full text-ink-muted outline-none hover:bg-accent-100 focus-visible:ring-2 focus-visible:ring-accent-600"
        >
          <X className="size-3" aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}

function SortHeader({
  label,
  sort,
  search,
  onSort,
  className,
}: {
  label: string;
  sort: ItemSort;
  search: ItemsSearch;
  onSort: (patch: Partial<ItemsSearch>) => void;
  className?: string;
}) {
  const active = (search.sort ?? "code") === sort;
  const order = active ? (search.order ?? "asc") : undefined;
  const Icon = order === "asc" ? ArrowUp : order === "desc" ? ArrowDown : ChevronsUpDown;
  return (
    <th
      scope="col"
      aria-sort={order === "asc" ? "ascending" : order === "desc" ? "descending" : "none"}
      className={cn(
        "h-10 whitespace-nowrap px-3 font-medium text-ink-muted text-xs uppercase tracking-wider",
        className,
      )}
    >
      <button
        type="button"
        title={search.group ? `Sorts within each ${search.group} group` : undefined}
        onClick={() => onSort({ sort, order: active && order === "asc" ? "desc" : "asc", page: undefined })}
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase outline-none hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600"
      >
        {label}
        <Icon className={cn("size-3", active ? "text-ink" : "text-ink-faint")} aria-hidden="true" />
      </button>
    </th>
  );
}

function ItemRow({
  item,
  index,
  selected,
  editable,
  mayReassign,
  members,
  editingTitle,
  onEditingTitle,
  onSelect,
  onOpen,
  onTag,
  onSave,
}: {
  item: Item;
  index: number;
  selected: boolean;
  editable: boolean;
  mayReassign: boolean;
  members: ProjectMember[];
  editingTitle: boolean;
  onEditingTitle: (editing: boolean) => void;
  onSelect: () => void;
  onOpen: () => void;
  onTag: (tag: string) => void;
  onSave: (patch: ItemPatch, optimistic?: Partial<Item>) => void;
}) {
  const assigneeOptions = [
    { value: UNASSIGNED, label: "Unassigned" },
    ...members.map((member) => ({ value: member.user_id, label: member.name })),
  ];
  // Someone assigned who has since left the project still shows by name.
  if (item.assignee && !members.some((member) => member.user_id === item.assignee?.id)) {
    assigneeOptions.push({ value: item.assignee.id, label: item.assignee.name });
  }
  return (
    <tr
      data-row={index}
      aria-selected={selected}
      onClick={onSelect}
      onDoubleClick={onOpen}
      className={cn(
        "group/row h-11 transition-colors",
        selected ? "bg-accent-50/60 shadow-[inset_2px_0_0_var(--color-accent-600)]" : "hover:bg-subtle/60",
      )}
    >
      <td className="overflow-hidden py-1.5 pr-3 pl-5">
        <div className="flex min-w-0 items-center gap-2.5">
          <ItemCode code={item.code} type={item.type} />
          {editingTitle ? (
            <InlineText
              value={item.title}
              display={item.title}
              label={`Title of ${item.code}`}
              editing
              onEditingChange={onEditingTitle}
              onSave={(title) => onSave({ title })}
            />
          ) : (
            <>
              <button
                type="button"
                onClick={(event) => {
                  event.stopPropagation();
                  onSelect();
                  onOpen();
                }}
                className="min-w-0 truncate rounded text-left font-medium text-ink outline-none hover:underline focus-visible:ring-2 focus-visible:ring-accent-600"
              >
                {item.title}
              </button>
              {/* Narrower screens have no Risk column: the score follows the title. */}
              {item.type === "risk" ? (
                <span className="shrink-0 2xl:hidden">
                  <RiskScoreChip score={item.risk_score} level={item.risk_level} />
                </span>
              ) : null}
              {item.tags.slice(0, 2).map((tag) => (
                <button
                  key={tag}
                  type="button"
                  onClick={(event) => {
                    event.stopPropagation();
                    onTag(tag);
                  }}
                  className="hidden shrink-0 rounded bg-muted px-1.5 py-0.5 text-[11px] text-ink-muted outline-none hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600 2xl:inline"
                >
                  {tag}
                </button>
              ))}
              {editable ? (
                <button
                  type="button"
                  aria-label={`Rename ${item.code}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    onEditingTitle(true);
                  }}
                  className="ml-auto flex size-6 shrink-0 items-center justify-center rounded text-ink-faint opacity-0 outline-none hover:bg-muted hover:text-ink focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-accent-600 group-hover/row:opacity-100"
                >
                  <Pencil className="size-3.5" aria-hidden="true" />
                </button>
              ) : null}
            </>
          )}
        </div>
      </td>
      <td className="px-3 py-1.5">
        {editable ? (
          <InlineSelect<ItemStatus>
            label={`Status of ${item.code}`}
            value={item.status}
            options={ITEM_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }))}
            onSave={(status) => onSave({ status })}
            className="text-[13px]"
          />
        ) : (
          <StatusBadge status={item.status} />
        )}
      </td>
      <td className="px-3 py-1.5">
        <IndicatorBadge indicator={item.indicator} />
      </td>
      <td className="px-3 py-1.5">
        {editable ? (
          <InlineSelect<Priority>
            label={`Priority of ${item.code}`}
            value={item.priority}
            options={PRIORITIES.map((value) => ({ value, label: PRIORITY_LABELS[value] }))}
            onSave={(priority) => onSave({ priority })}
            className={item.priority === "critical" ? "font-medium text-danger-700" : undefined}
          />
        ) : (
          <span
            className={cn(
              "px-1.5 text-[13px]",
              item.priority === "critical" ? "font-medium text-danger-700" : "text-ink-soft",
            )}
          >
            {PRIORITY_LABELS[item.priority]}
          </span>
        )}
      </td>
      <td className="overflow-hidden px-3 py-1.5">
        <div className="flex min-w-0 items-center gap-1.5">
          {item.assignee ? (
            <Avatar
              name={item.assignee.name}
              seed={item.assignee.id}
              size="sm"
              className="size-6 text-[10px]"
            />
          ) : null}
          {editable && mayReassign ? (
            <InlineSelect
              label={`Assignee of ${item.code}`}
              value={item.assignee?.id ?? UNASSIGNED}
              options={assigneeOptions}
              onSave={(value) => {
                const member = members.find((candidate) => candidate.user_id === value);
                onSave(
                  { assignee_id: value === UNASSIGNED ? null : value },
                  {
                    assignee: member ? { id: member.user_id, name: member.name, email: member.email } : null,
                  },
                );
              }}
              className={cn("min-w-0", !item.assignee && "text-ink-faint")}
            />
          ) : (
            <span className={cn("truncate text-[13px]", item.assignee ? "text-ink-soft" : "text-ink-faint")}>
              {item.assignee?.name ?? "Unassigned"}
            </span>
          )}
        </div>
      </td>
      <td className="px-3 py-1.5 text-[13px] text-ink-soft">
        <span className="flex items-center gap-0.5">
          <DateEditor item={item} field="start_date" editable={editable} onSave={onSave} />
          <span className="text-ink-faint" aria-hidden="true">
            →
          </span>
          <DateEditor item={item} field="finish_date" editable={editable} onSave={onSave} />
        </span>
      </td>
      <td className="py-1.5 pr-5 pl-3 text-[13px] text-ink-soft 2xl:pr-3">
        <DateEditor item={item} field="deadline" editable={editable} onSave={onSave} />
      </td>
      <td className="hidden px-3 py-1.5 2xl:table-cell">
        {editable ? (
          <InlinePercent
            label={`Percent complete of ${item.code}`}
            value={item.percent_complete}
            display={<ProgressBar value={item.percent_complete} />}
            onSave={(percent_complete) => onSave({ percent_complete })}
          />
        ) : (
          <ProgressBar value={item.percent_complete} />
        )}
      </td>
      <td className="hidden py-1.5 pr-5 pl-3 2xl:table-cell">
        {item.type === "risk" ? <RiskScoreChip score={item.risk_score} level={item.risk_level} /> : null}
      </td>
    </tr>
  );
}

const DATE_LABELS = { start_date: "Start", finish_date: "Finish", deadline: "Deadline" };

function DateEditor({
  item,
  field,
  editable,
  onSave,
}: {
  item: Item;
  field: "start_date" | "finish_date" | "deadline";
  editable: boolean;
  onSave: (patch: ItemPatch) => void;
}) {
  const value = item[field];
  const display = (
    <span className={cn("whitespace-nowrap tabular-nums", !value && "text-ink-faint")}>
      {value ? formatShortDate(value) : "—"}
    </span>
  );
  return editable ? (
    <InlineDate
      label={`${DATE_LABELS[field]} of ${item.code}`}
      value={value}
      display={display}
      onSave={(date) => onSave({ [field]: date })}
    />
  ) : (
    display
  );
}

function KeyboardHints() {
  const hints: [string, string][] = [
    ["J / K", "move"],
    ["Enter", "open"],
    ["E", "rename"],
    ["N", "new item"],
    ["/", "search"],
  ];
  return (
    <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-ink-muted text-xs">
      {hints.map(([keys, label]) => (
        <span key={label} className="inline-flex items-center gap-1.5">
          <Kbd>{keys}</Kbd>
          {label}
        </span>
      ))}
    </p>
  );
}

function ItemsSkeleton() {
  return (
    <div className="divide-y divide-border" aria-busy="true">
      <span className="sr-only">Loading items</span>
      <div className="h-10 bg-subtle" />
      {["a", "b", "c", "d", "e", "f"].map((key) => (
        <div key={key} className="flex h-11 items-center gap-6 px-5">
          <Skeleton className="h-4 w-12" />
          <Skeleton className="h-4 w-72" />
          <Skeleton className="h-5 w-20 rounded-full" />
          <Skeleton className="h-5 w-24 rounded-full" />
          <Skeleton className="h-4 w-16" />
          <Skeleton className="h-4 w-24" />
        </div>
      ))}
    </div>
  );
}
