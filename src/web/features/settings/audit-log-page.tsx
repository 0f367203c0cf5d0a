import type { AuditEvent, Member } from "@shared/api";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Avatar } from "@web/components/ui/avatar";
import { Button } from "@web/components/ui/button";
import { Card } from "@web/components/ui/card";
import { Input, Label, Select } from "@web/components/ui/input";
import { Pagination } from "@web/components/ui/pagination";
import { Spinner } from "@web/components/ui/spinner";
import { Table, TBody, Td, THead, Th, Tr } from "@web/components/ui/table";
import { api, request } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { formatDateTime, formatRelative } from "@web/lib/format";
import { Bot, ChevronRight, ScrollText, Search, X } from "lucide-react";
import { Fragment, type ReactNode, useId, useState } from "react";
import { InlineEmpty, LoadError, RequirePermission, SettingsHeader, TableSkeleton } from "./settings-ui";

/** Entity types the identity module writes; others appear as events arrive from other modules. */
const KNOWN_ENTITY_TYPES = ["organization", "membership", "invitation", "group", "api_key", "user"];

const ENTITY_LABELS: Record<string, string> = {
  organization: "Organization",
  membership: "Membership",
  invitation: "Invitation",
  group: "Group",
  api_key: "API key",
  user: "User",
};

function entityLabel(type: string): string {
  return ENTITY_LABELS[type] ?? type.replace(/_/g, " ").replace(/^\w/, (letter) => letter.toUpperCase());
}

interface Filters {
  action: string;
  entityType: string;
  actor: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { action: "", entityType: "", actor: "", from: "", to: "" };

/** A local calendar day as the instant it starts, or (end) the last instant before the next day. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const [year, month, date] = day.split("-").map(Number);
  const boundary = new Date(year!, month! - 1, date! + (end ? 1 : 0));
  if (end) boundary.setMilliseconds(-1);
  return boundary.toISOString();
}

export function AuditLogPage() {
  return (
    <RequirePermission action="audit.read" what="the audit log">
      <AuditLog />
    </RequirePermission>
  );
}

function FilterField({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="min-w-0 space-y-1">
      <Label htmlFor={id} className="font-medium text-ink-muted text-xs">
        {label}
      </Label>
      {children(id)}
    </div>
  );
}

function AuditLog() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  const actions = useQuery({
    queryKey: ["audit", "actions"],
    queryFn: ({ signal }) => api.get<string[]>("/audit-events/actions", { signal }),
    staleTime: 60_000,
  });
  const members = useQuery({
    queryKey: ["members", "all-for-audit"],
    queryFn: ({ signal }) => api.get<Member[]>("/members", { query: { per_page: 100 }, signal }),
  });
  const events = useQuery({
    queryKey: ["audit", "events", filters, page],
    queryFn: ({ signal }) =>
      request<AuditEvent[]>("/audit-events", {
        query: {
          action: filters.action || undefined,
          entity_type: filters.entityType || undefined,
          actor_user_id: filters.actor || undefined,
          from: dayBoundary(filters.from, false),
          to: dayBoundary(filters.to, true),
          page,
          per_page: 25,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

  function update(patch: Partial<Filters>) {
    setFilters((current) => ({ ...current, ...patch }));
    setPage(1);
    setExpanded(new Set());
  }

  function toggle(id: string) {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const filtered = Object.values(filters).some(Boolean);
  const rows = events.data?.data ?? [];
  const entityTypes = Array.from(
    new Set([...KNOWN_ENTITY_TYPES, ...rows.map((event) => event.entity_type)]),
  ).sort();

  return (
    <>
      <SettingsHeader
        title="Audit log"
        description="Every change in this organization: who made it, when, from where, and the values before and after."
      />
      <Card className="overflow-hidden">
        <div className="grid gap-x-3 gap-y-3 border-border border-b px-4 py-3.5 sm:grid-cols-2 lg:grid-cols-3 lg:items-end">
          <FilterField label="Action">
            {(id) => (
              <Select
                id={id}
                value={filters.action}
                onChange={(event) => update({ action: event.target.value })}
              >
                <option value="">All actions</option>
                {(actions.data ?? []).map((action) => (
                  <option key={action} value={action}>
                    {action}
                  </option>
                ))}
              </Select>
            )}
          </FilterField>
          <FilterField label="Entity">
            {(id) => (
              <Select
                id={id}
                value={filters.entityType}
                onChange={(event) => update({ entityType: event.target.value })}
              >
                <option value="">All entities</option>
                {entityTypes.map((type) => (
                  <option key={type} value={type}>
                    {entityLabel(type)}
                  </option>
                ))}
              </Select>
            )}
          </FilterField>
          <FilterField label="Actor">
            {(id) => (
              <Select
                id={id}
                value={filters.actor}
                onChange={(event) => update({ actor: event.target.value })}
              >
                <option value="">Anyone</option>
                {(members.data ?? []).map((member) => (
                  <option key={member.user_id} value={member.user_id}>
                    {member.name}
                  </option>
                ))}
              </Select>
            )}
          </FilterField>
          <FilterField label="From">
            {(id) => (
              <Input
                id={id}
                type="date"
                value={filters.from}
                max={filters.to || undefined}
                onChange={(event) => update({ from: event.target.value })}
              />
            )}
          </FilterField>
          <FilterField label="To">
            {(id) => (
              <Input
                id={id}
                type="date"
                value={filters.to}
                min={filters.from || undefined}
                onChange={(event) => update({ to: event.target.value })}
              />
            )}
          </FilterField>
          <div className="flex h-9 items-center gap-2 lg:justify-end">
            {events.isFetching && !events.isPending ? (
              <Spinner className="text-ink-faint" label="Updating" />
            ) : null}
            <Button variant="outline" size="sm" disabled={!filtered} onClick={() => update(NO_FILTERS)}>
              <X aria-hidden="true" />
              Clear filters
            </Button>
          </div>
        </div>
        {events.isPending ? (
          <TableSkeleton rows={6} />
        ) : events.isError ? (
          <div className="p-5">
            <LoadError error={events.error} onRetry={() => void events.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          filtered ? (
            <InlineEmpty
              icon={Search}
              title="No events match these filters"
              description="Widen the date range or clear a filter."
              action={
                <Button variant="outline" size="sm" onClick={() => update(NO_FILTERS)}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <InlineEmpty
              icon={ScrollText}
              title="Nothing recorded yet"
              description="Changes to members, groups, invitations, API keys and everything else will be listed here."
            />
          )
        ) : (
          <Table>
            <THead>
              <tr>
                <Th className="w-10">
                  <span className="sr-only">Details</span>
                </Th>
                <Th className="w-48">When</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th className="hidden md:table-cell">Entity</Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((event) => {
                const open = expanded.has(event.id);
                const detailsId = `audit-${event.id}`;
                return (
                  <Fragment key={event.id}>
                    <Tr
                      className={cn("cursor-pointer", open && "bg-subtle/70")}
                      onClick={() => toggle(event.id)}
                    >
                      <Td className="pr-0">
                        <button
                          type="button"
                          aria-expanded={open}
                          aria-controls={detailsId}
                          aria-label={open ? "Hide details" : "Show details"}
                          onClick={(clickEvent) => {
                            clickEvent.stopPropagation();
                            toggle(event.id);
                          }}
                          className="flex size-6 items-center justify-center rounded text-ink-faint outline-none hover:bg-muted hover:text-ink focus-visible:ring-2 focus-visible:ring-accent-600"
                        >
                          <ChevronRight
                            className={cn("size-4 transition-transform", open && "rotate-90")}
                            aria-hidden="true"
                          />
                        </button>
                      </Td>
                      <Td className="whitespace-nowrap text-ink-soft">
                        <span title={formatDateTime(event.created_at)}>
                          {formatDateTime(event.created_at)}
                        </span>
                        <span className="block text-ink-faint text-xs">
                          {formatRelative(event.created_at)}
                        </span>
                      </Td>
                      <Td>
                        <Actor event={event} />
                      </Td>
                      <Td>
                        <code className="rounded-md border border-border bg-subtle px-1.5 py-0.5 font-mono text-[12px] text-ink-soft">
                          {event.action}
                        </code>
                      </Td>
                      <Td className="hidden md:table-cell">
                        <span className="text-ink-soft">{entityLabel(event.entity_type)}</span>
                        {event.entity_id ? (
                          <span
                            className="block font-mono text-[11px] text-ink-faint"
                            title={event.entity_id}
                          >
                            {event.entity_id.slice(0, 8)}…
                          </span>
                        ) : null}
                      </Td>
                    </Tr>
                    {open ? (
                      <tr id={detailsId} className="bg-subtle/70">
                        <td colSpan={5} className="px-5 pt-1 pb-5">
                          <EventDetails event={event} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </TBody>
          </Table>
        )}
        <Pagination meta={events.data?.meta} onPageChange={setPage} noun={["event", "events"]} />
      </Card>
    </>
  );
}

function Actor({ event }: { event: AuditEvent }) {
  const { actor } = event;
  if (actor.user_id && actor.name) {
    return (
      <div className="flex items-center gap-2.5">
        <Avatar name={actor.name} seed={actor.user_id} size="sm" />
        <div className="min-w-0">
          <p className="truncate font-medium text-ink">{actor.name}</p>
          <p className="truncate text-ink-muted text-xs">
            {actor.api_key_id ? "via API key" : (actor.email ?? "")}
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="flex items-center gap-2.5 text-ink-muted">
      <span className="flex size-7 items-center justify-center rounded-full bg-muted">
        <Bot className="size-3.5" aria-hidden="true" />
      </span>
      {actor.api_key_id ? "API key" : "Cairn (system)"}
    </div>
  );
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const empty = value === null || value === undefined;
  return (
    <div className="min-w-0">
      <p className="mb-1.5 font-medium text-ink-muted text-xs uppercase tracking-wider">{label}</p>
      <pre
        className={cn(
          "max-h-80 overflow-auto rounded-lg border border-border bg-surface p-3 font-mono text-[12px] leading-relaxed",
          empty ? "text-ink-faint italic" : "text-ink-soft",
        )}
      >
        {empty ? "Nothing" : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

function EventDetails({ event }: { event: AuditEvent }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <JsonBlock label="Before" value={event.before} />
        <JsonBlock label="After" value={event.after} />
      </div>
      <dl className="flex flex-wrap gap-x-8 gap-y-2 text-xs">
        <div>
          <dt className="inline text-ink-muted">Entity: </dt>
          <dd className="inline font-mono text-ink-soft">
            {event.entity_type}
            {event.entity_id ? ` ${event.entity_id}` : ""}
          </dd>
        </div>
        {event.ip ? (
          <div>
            <dt className="inline text-ink-muted">IP: </dt>
            <dd className="inline font-mono text-ink-soft">{event.ip}</dd>
          </div>
        ) : null}
        {event.correlation_id ? (
          <div>
            <dt className="inline text-ink-muted">Correlation id: </dt>
            <dd className="inline font-mono text-ink-soft">{event.correlation_id}</dd>
          </div>
        ) : null}
        {event.user_agent ? (
          <div className="min-w-0 basis-full">
            <dt className="inline text-ink-muted">Browser: </dt>
            <dd className="inline break-all text-ink-soft">{event.user_agent}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
