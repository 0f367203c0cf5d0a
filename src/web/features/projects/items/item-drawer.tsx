import { isFinishedStatus, LINK_KINDS, type LinkKind, type Severity } from "@core/raid";
import { useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@web/components/ui/input";
import { DropdownMenu, MenuItem } from "@web/components/ui/menu";
import { useModal } from "@web/components/ui/modal";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { Tabs } from "@web/components/ui/tabs";
import { toast } from "@web/components/ui/toast";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { formatDateTime, formatRelative } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { useDebouncedValue } from "@web/lib/use-debounced-value";
import {
  ArchiveRestore,
  ArrowRightLeft,
  Download,
  FileUp,
  Link2,
  MoreHorizontal,
  Paperclip,
  Trash2,
  X,
} from "lucide-react";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { ChatMarkdown } from "../insights/chat-markdown";
import {
  formatBytes,
  formatIsoDate,
  IndicatorBadge,
  ItemCode,
  LINK_KIND_LABELS,
  StatusBadge,
  TYPE_LABELS,
} from "../project-ui";
import {
  canInProject,
  deleteItem,
  downloadAttachment,
  type ItemAttachment,
  type ItemComment,
  type ItemDetail,
  type ItemPatch,
  type Project,
  type ProjectMember,
  restoreAttachment,
  restoreComment,
  restoreItem,
  useAttachmentMutations,
  useCommentMutations,
  useItem,
  useItemAttachments,
  useItemComments,
  useItemHistory,
  useItemMutations,
  useItems,
  useProject,
  useProjectMembers,
} from "../projects-api";
import {
  AssigneeSelect,
  PrioritySelect,
  PropertyRow,
  RiskRating,
  SeveritySelect,
  StatusSelect,
} from "./item-fields";

/** An item's full record in a panel over the right of the page; Escape closes it. */
export function ItemDrawer({
  projectId,
  itemId,
  onClose,
  onOpenItem,
}: {
  projectId: string;
  itemId: string | undefined;
  onClose: () => void;
  onOpenItem: (itemId: string) => void;
}) {
  return itemId ? (
    <OpenDrawer projectId={projectId} itemId={itemId} onClose={onClose} onOpenItem={onOpenItem} />
  ) : null;
}

function OpenDrawer({
  projectId,
  itemId,
  onClose,
  onOpenItem,
}: {
  projectId: string;
  itemId: string;
  onClose: () => void;
  onOpenItem: (itemId: string) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const item = useItem(projectId, itemId);
  const project = useProject(projectId).data;
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useModal(ref);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener("cancel", onCancel);
    return () => dialog.removeEventListener("cancel", onCancel);
  }, []);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes it; Escape (the cancel event) is the keyboard way
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
      className={cn(
        "m-0 mr-0 ml-auto h-dvh max-h-dvh w-full max-w-[44rem] bg-transparent p-0 text-ink",
        "backdrop:bg-ink/30 backdrop:backdrop-blur-[1px]",
      )}
    >
      <div className="flex h-full flex-col overflow-hidden border-border border-l bg-surface shadow-popover">
        {item.isPending ? (
          <DrawerSkeleton onClose={onClose} titleId={titleId} />
        ) : item.isError ? (
          <div className="p-6">
            <DrawerTop titleId={titleId} onClose={onClose}>
              Item
            </DrawerTop>
            <Alert variant="danger" title="This item could not be loaded" className="mt-4">
              {formErrorOf(item.error)}
            </Alert>
          </div>
        ) : project ? (
          <ItemPanel
            item={item.data}
            project={project}
            titleId={titleId}
            onClose={onClose}
            onOpenItem={onOpenItem}
          />
        ) : null}
      </div>
    </dialog>
  );
}

function DrawerTop({
  titleId,
  onClose,
  children,
  actions,
}: {
  titleId: string;
  onClose: () => void;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex items-center gap-2">
      <div id={titleId} className="min-w-0 flex-1">
        {children}
      </div>
      {actions}
      <Button variant="ghost" size="icon-sm" aria-label="Close" onClick={onClose}>
        <X />
      </Button>
    </div>
  );
}

type PanelTab = "comments" | "attachments" | "links" | "history";

function ItemPanel({
  item,
  project,
  titleId,
  onClose,
  onOpenItem,
}: {
  item: ItemDetail;
  project: Project;
  titleId: string;
  onClose: () => void;
  onOpenItem: (itemId: string) => void;
}) {
  const members = useProjectMembers(project.id).data ?? [];
  const mutations = useItemMutations(project.id);
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<PanelTab>("comments");
  const [converting, setConverting] = useState(false);
  const editable = item.can_edit && !item.deleted_at;
  const mayReassign = canInProject(project, "projects.items.update");
  const idPrefix = useId();

  function save(patch: ItemPatch) {
    mutations.update.mutate(
      { itemId: item.id, patch },
      {
        onError: (error) => toast.error(`${item.code} was not changed`, { description: formErrorOf(error) }),
      },
    );
  }

  function remove() {
    onClose();
    deleteItem(queryClient, project.id, item.id)
      .then(() =>
        toast.success(`${item.code} was deleted`, {
          description: item.title,
          action: {
            label: "Undo",
            onClick: () =>
              restoreItem(queryClient, project.id, item.id)
                .then(() => toast.success(`${item.code} was restored`))
                .catch((error: unknown) =>
                  toast.error(`${item.code} could not be restored`, { description: formErrorOf(error) }),
                ),
          },
        }),
      )
      .catch((error: unknown) =>
        toast.error(`${item.code} could not be deleted`, { description: formErrorOf(error) }),
      );
  }

  // The server converts only open risks: a done or closed one answers 409.
  const mayConvert =
    item.type === "risk" &&
    !isFinishedStatus(item.status) &&
    editable &&
    canInProject(project, "projects.items.create");
  const mayDelete = canInProject(project, "projects.items.delete") && !item.deleted_at;

  return (
    <>
      <div className="border-border border-b px-6 pt-4 pb-4">
        <DrawerTop
          titleId={titleId}
          onClose={onClose}
          actions={
            <>
              {mayConvert ? (
                <Button variant="outline" size="sm" onClick={() => setConverting(true)}>
                  <ArrowRightLeft aria-hidden="true" />
                  Convert to issue
                </Button>
              ) : null}
              {mayDelete ? (
                <DropdownMenu
                  label={`Actions for ${item.code}`}
                  trigger={(props) => (
                    <Button {...props} variant="ghost" size="icon-sm" aria-label={`Actions for ${item.code}`}>
                      <MoreHorizontal />
                    </Button>
                  )}
                >
                  <MenuItem destructive onSelect={remove}>
                    <Trash2 aria-hidden="true" />
                    Delete {TYPE_LABELS[item.type].toLowerCase()}
                  </MenuItem>
                </DropdownMenu>
              ) : null}
            </>
          }
        >
          <div className="flex items-center gap-2">
            <ItemCode code={item.code} type={item.type} />
            <span className="text-ink-faint text-xs">{TYPE_LABELS[item.type]}</span>
            <IndicatorBadge indicator={item.indicator} />
          </div>
          <h2 className="sr-only">{`${item.code} ${item.title}`}</h2>
        </DrawerTop>
        <TitleEditor item={item} editable={editable} onSave={(title) => save({ title })} />
        {item.deleted_at ? <DeletedNotice project={project} item={item} /> : null}
        {!item.can_edit && !item.deleted_at ? (
          <p className="mt-2 text-ink-muted text-xs">
            {canInProject(project, "projects.items.update_assigned")
              ? "You can change items assigned to you; this one isn't."
              : "You can read this project but not change it."}
          </p>
        ) : null}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">
        <div className="space-y-1.5">
          <PropertyRow label="Status" htmlFor={`${idPrefix}-status`}>
            <StatusSelect
              id={`${idPrefix}-status`}
              value={item.status}
              disabled={!editable}
              onChange={(status) => save({ status })}
            />
          </PropertyRow>
          <PropertyRow label="Priority" htmlFor={`${idPrefix}-priority`}>
            <PrioritySelect
              id={`${idPrefix}-priority`}
              value={item.priority}
              disabled={!editable}
              onChange={(priority) => save({ priority })}
            />
          </PropertyRow>
          <PropertyRow label="Assignee" htmlFor={`${idPrefix}-assignee`}>
            <AssigneeSelect
              id={`${idPrefix}-assignee`}
              value={item.assignee?.id ?? null}
              fallbackName={item.assignee?.name}
              members={members}
              disabled={!editable || !mayReassign}
              onChange={(assignee_id) => save({ assignee_id })}
            />
          </PropertyRow>
          <DateRow
            label="Start"
            value={item.start_date}
            disabled={!editable}
            onSave={(start_date) => save({ start_date })}
          />
          <DateRow
            label="Finish"
            value={item.finish_date}
            disabled={!editable}
            onSave={(finish_date) => save({ finish_date })}
          />
          <DateRow
            label="Deadline"
            value={item.deadline}
            disabled={!editable}
            onSave={(deadline) => save({ deadline })}
          />
          <PropertyRow label="Complete" htmlFor={`${idPrefix}-percent`}>
            <PercentInput
              id={`${idPrefix}-percent`}
              value={item.percent_complete}
              disabled={!editable}
              onSave={(percent_complete) => save({ percent_complete })}
            />
          </PropertyRow>
          <PropertyRow label="Tags" htmlFor={`${idPrefix}-tags`}>
            <TagsInput
              id={`${idPrefix}-tags`}
              value={item.tags}
              disabled={!editable}
              onSave={(tags) => save({ tags })}
            />
          </PropertyRow>
          {item.type === "risk" ? (
            <PropertyRow label="Risk rating">
              <RiskRating
                idPrefix={idPrefix}
                probability={item.probability}
                impact={item.impact}
                disabled={!editable}
                onChange={save}
              />
            </PropertyRow>
          ) : null}
          {item.type === "issue" ? (
            <PropertyRow label="Severity" htmlFor={`${idPrefix}-severity`}>
              <SeveritySelect
                id={`${idPrefix}-severity`}
                value={item.severity}
                disabled={!editable}
                onChange={(severity) => save({ severity })}
              />
            </PropertyRow>
          ) : null}
          {item.type === "decision" ? (
            <DateRow
              label="Decided on"
              value={item.decision_date}
              disabled={!editable}
              onSave={(decision_date) => save({ decision_date })}
            />
          ) : null}
        </div>

        {item.type === "decision" ? (
          <TextSection
            title="Rationale"
            value={item.rationale ?? ""}
            empty="Why this was decided and what else was considered."
            editable={editable}
            onSave={(rationale) => save({ rationale: rationale || null })}
          />
        ) : null}
        <TextSection
          title="Description"
          value={item.description}
          empty="No description yet."
          editable={editable}
          onSave={(description) => save({ description })}
        />

        <div className="mt-8">
          <Tabs<PanelTab>
            label="Item activity"
            value={tab}
            onChange={setTab}
            items={[
              { value: "comments", label: "Comments", count: item.comment_count },
              { value: "attachments", label: "Files", count: item.attachment_count },
              { value: "links", label: "Links", count: item.links.length },
              { value: "history", label: "History" },
            ]}
          />
          <div className="mt-4">
            {tab === "comments" ? <Comments project={project} item={item} /> : null}
            {tab === "attachments" ? <Attachments project={project} item={item} editable={editable} /> : null}
            {tab === "links" ? (
              <Links project={project} item={item} editable={editable} onOpenItem={onOpenItem} />
            ) : null}
            {tab === "history" ? <History project={project} item={item} members={members} /> : null}
          </div>
        </div>
      </div>
      <ConvertDialog
        open={converting}
        onClose={() => setConverting(false)}
        project={project}
        item={item}
        onConverted={(issueId) => {
          setConverting(false);
          onOpenItem(issueId);
        }}
      />
    </>
  );
}

/** A deleted item opens read-only; those who may delete items may bring it back from here. */
function DeletedNotice({ project, item }: { project: Project; item: ItemDetail }) {
  const queryClient = useQueryClient();
  const [restoring, setRestoring] = useState(false);
  const mayRestore = canInProject(project, "projects.items.delete");
  return (
    <Alert
      variant="warning"
      title={`Deleted ${item.deleted_at ? formatRelative(item.deleted_at) : ""}`.trim()}
      className="mt-3"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span>
          {mayRestore
            ? "It is out of the log and read-only. Restore it to bring it back with its links, comments and files."
            : "It is out of the log and read-only; a project manager can restore it."}
        </span>
        {mayRestore ? (
          <Button
            variant="outline"
            size="sm"
            disabled={restoring}
            onClick={() => {
              setRestoring(true);
              restoreItem(queryClient, project.id, item.id)
                .then(() => toast.success(`${item.code} was restored`))
                .catch((error: unknown) =>
                  toast.error(`${item.code} could not be restored`, { description: formErrorOf(error) }),
                )
                .finally(() => setRestoring(false));
            }}
          >
            {restoring ? <Spinner /> : <ArchiveRestore aria-hidden="true" />}
            Restore
          </Button>
        ) : null}
      </div>
    </Alert>
  );
}

function TitleEditor({
  item,
  editable,
  onSave,
}: {
  item: ItemDetail;
  editable: boolean;
  onSave: (title: string) => void;
}) {
  const [draft, setDraft] = useState(item.title);
  useEffect(() => setDraft(item.title), [item.title]);
  if (!editable)
    return <p className="mt-3 font-semibold text-ink text-lg leading-snug tracking-tight">{item.title}</p>;
  const commit = () => {
    const title = draft.trim();
    if (title && title !== item.title) onSave(title);
    else setDraft(item.title);
  };
  return (
    <textarea
      aria-label="Title"
      rows={1}
      value={draft}
      maxLength={300}
      onChange={(event) => setDraft(event.target.value.replace(/\n/g, " "))}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          event.currentTarget.blur();
        }
      }}
      className="mt-2 -ml-2 field-sizing-content w-full resize-none rounded-md border border-transparent bg-transparent px-2 py-1 font-semibold text-ink text-lg leading-snug tracking-tight outline-none hover:border-border focus:border-accent-600 focus:ring-3 focus:ring-accent-600/15"
    />
  );
}

function DateRow({
  label,
  value,
  disabled,
  onSave,
}: {
  label: string;
  value: string | null;
  disabled: boolean;
  onSave: (value: string | null) => void;
}) {
  const id = useId();
  if (disabled) {
    return (
      <PropertyRow label={label}>
        <span className={value ? "text-ink-soft text-sm" : "text-ink-faint text-sm"}>
          {formatIsoDate(value)}
        </span>
      </PropertyRow>
    );
  }
  return (
    <PropertyRow label={label} htmlFor={id}>
      <Input
        id={id}
        type="date"
        defaultValue={value ?? ""}
        key={value ?? ""}
        disabled={disabled}
        onBlur={(event) => {
          const next = event.target.value || null;
          if (next !== value) onSave(next);
        }}
        className="h-8 w-44"
      />
    </PropertyRow>
  );
}

function PercentInput({
  id,
  value,
  disabled,
  onSave,
}: {
  id: string;
  value: number;
  disabled: boolean;
  onSave: (value: number) => void;
}) {
  return (
    <div className="flex items-center gap-3">
      <input
        id={id}
        type="range"
        min={0}
        max={100}
        step={5}
        defaultValue={value}
        key={value}
        disabled={disabled}
        onPointerUp={(event) => {
          const next = Number(event.currentTarget.value);
          if (next !== value) onSave(next);
        }}
        onKeyUp={(event) => {
          const next = Number(event.currentTarget.value);
          if (next !== value) onSave(next);
        }}
        className="h-1.5 w-44 cursor-pointer accent-accent-700 disabled:cursor-default"
      />
      <span className="w-10 text-ink-soft text-sm tabular-nums">{value}%</span>
    </div>
  );
}

function TagsInput({
  id,
  value,
  disabled,
  onSave,
}: {
  id: string;
  value: string[];
  disabled: boolean;
  onSave: (tags: string[]) => void;
}) {
  const [draft, setDraft] = useState(value.join(", "));
  useEffect(() => setDraft(value.join(", ")), [value]);
  if (disabled) {
    return value.length > 0 ? (
      <span className="flex flex-wrap gap-1">
        {value.map((tag) => (
          <span key={tag} className="rounded bg-muted px-1.5 py-0.5 text-ink-soft text-xs">
            {tag}
          </span>
        ))}
      </span>
    ) : (
      <span className="text-ink-faint text-sm">No tags</span>
    );
  }
  return (
    <Input
      id={id}
      value={draft}
      disabled={disabled}
      placeholder={disabled ? "No tags" : "vendor, legal"}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        const tags = [
          ...new Set(
            draft
              .split(",")
              .map((tag) => tag.trim())
              .filter(Boolean),
          ),
        ];
        if (tags.join(",") !== value.join(",")) onSave(tags);
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter") event.currentTarget.blur();
      }}
      className="h-8"
    />
  );
}

function TextSection({
  title,
  value,
  empty,
  editable,
  onSave,
}: {
  title: string;
  value: string;
  empty: string;
  editable: boolean;
  onSave: (value: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  return (
    <section className="mt-6">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="font-medium text-ink text-sm">{title}</h3>
        {editable && !editing ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setDraft(value);
              setEditing(true);
            }}
          >
            Edit
          </Button>
        ) : null}
      </div>
      {editing ? (
        <div className="space-y-2">
          <Textarea
            aria-label={title}
            rows={6}
            value={draft}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") {
                event.preventDefault();
                event.stopPropagation();
                setEditing(false);
              }
              if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
                onSave(draft);
                setEditing(false);
              }
            }}
          />
          <div className="flex items-center justify-between gap-2">
            <p className="text-ink-muted text-xs">Markdown. Ctrl+Enter saves, Escape cancels.</p>
            <div className="flex gap-2">
              <Button variant="outline" size="sm" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button
                size="sm"
                onClick={() => {
                  onSave(draft);
                  setEditing(false);
                }}
              >
                Save
              </Button>
            </div>
          </div>
        </div>
      ) : value.trim() ? (
        <ChatMarkdown text={value} />
      ) : (
        <p className="text-ink-faint text-sm">{empty}</p>
      )}
    </section>
  );
}

/** "3 hours ago", with the exact time on hover. */
function When({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatDateTime(at)} className="text-ink-muted text-xs">
      {formatRelative(at)}
    </time>
  );
}

// Activity tabs --------------------------------------------------------------------------------

/**
 * Rows just deleted in a tab of the drawer, each kept in place with an Undo while the tab is
 * open. The drawer is a modal dialog, which the app's toasts sit underneath, so the Undo
 * cannot live in a toast here.
 */
function useUndoableRemoval<T extends { id: string; created_at: string }>(
  remove: (id: string) => Promise<unknown>,
  restore: (id: string) => Promise<unknown>,
) {
  const [removed, setRemoved] = useState<T[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = (row: T, action: () => Promise<unknown>, after: () => void) => {
    setBusy(row.id);
    setError(null);
    action()
      .then(after)
      .catch(setError)
      .finally(() => setBusy(null));
  };
  return {
    error,
    busy,
    isRemoved: (id: string) => removed.some((row) => row.id === id),
    remove: (row: T) =>
      run(
        row,
        () => remove(row.id),
        () => setRemoved((current) => [...current, row]),
      ),
    undo: (row: T) =>
      run(
        row,
        () => restore(row.id),
        () => setRemoved((current) => current.filter((candidate) => candidate.id !== row.id)),
      ),
    /** The live rows with the removed ones back in their place (oldest first, as listed). */
    merge: (rows: T[]) =>
      [...rows, ...removed.filter((row) => !rows.some((candidate) => candidate.id === row.id))].sort(
        (a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
      ),
  };
}

function UndoRow({
  text,
  busy,
  onUndo,
  className,
}: {
  text: string;
  busy: boolean;
  onUndo: () => void;
  className?: string;
}) {
  return (
    <li
      role="status"
      className={cn("flex items-center justify-between gap-3 px-3 py-1.5 text-ink-muted text-sm", className)}
    >
      <span className="truncate">{text}</span>
      <Button variant="ghost" size="sm" disabled={busy} onClick={onUndo}>
        {busy ? <Spinner /> : null}
        Undo
      </Button>
    </li>
  );
}

function Comments({ project, item }: { project: Project; item: ItemDetail }) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const comments = useItemComments(project.id, item.id);
  const mutations = useCommentMutations(project.id, item.id);
  const removal = useUndoableRemoval<ItemComment>(
    (commentId) => mutations.remove.mutateAsync(commentId),
    (commentId) => restoreComment(queryClient, project.id, item.id, commentId),
  );
  const [body, setBody] = useState("");
  const live = !item.deleted_at;
  const mayComment = live && canInProject(project, "projects.items.comment");
  const moderator = canInProject(project, "projects.items.update");

  function submit() {
    if (!body.trim()) return;
    mutations.add.mutate(body, {
      onSuccess: () => setBody(""),
      onError: (error) => toast.error("The comment was not posted", { description: formErrorOf(error) }),
    });
  }

  return (
    <div className="space-y-4">
      {comments.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : comments.isError ? (
        <Alert variant="danger">{formErrorOf(comments.error)}</Alert>
      ) : removal.merge(comments.data).length === 0 ? (
        <p className="text-ink-muted text-sm">No comments yet.</p>
      ) : (
        <ol className="space-y-4">
          {removal.merge(comments.data).map((comment) =>
            removal.isRemoved(comment.id) ? (
              <UndoRow
                key={comment.id}
                text={`Comment by ${comment.author.name ?? "a former member"} deleted.`}
                busy={removal.busy === comment.id}
                onUndo={() => removal.undo(comment)}
                className="rounded-lg border border-border-strong border-dashed"
              />
            ) : (
              <li key={comment.id} className="group flex gap-3">
                <Avatar name={comment.author.name ?? "?"} seed={comment.author.id ?? undefined} size="sm" />
                <div className="min-w-0 flex-1">
                  <p className="flex items-center gap-2 text-sm">
                    <span className="font-medium text-ink">{comment.author.name ?? "Former member"}</span>
                    <When at={comment.created_at} />
                    {live && (comment.author.id === user.id || moderator) ? (
                      <button
                        type="button"
                        aria-label="Delete comment"
                        disabled={removal.busy === comment.id}
                        onClick={() => removal.remove(comment)}
                        className="ml-auto rounded p-1 text-ink-faint opacity-0 outline-none hover:text-danger-700 focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-accent-600 group-hover:opacity-100"
                      >
                        <Trash2 className="size-3.5" aria-hidden="true" />
                      </button>
                    ) : null}
                  </p>
                  <div className="mt-1">
                    <ChatMarkdown text={comment.body} />
                  </div>
                </div>
              </li>
            ),
          )}
        </ol>
      )}
      {removal.error ? <Alert variant="danger">{formErrorOf(removal.error)}</Alert> : null}
      {mayComment ? (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Textarea
            aria-label="Comment"
            rows={3}
            value={body}
            placeholder="Write a comment… (Markdown)"
            onChange={(event) => setBody(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
                event.preventDefault();
                submit();
              }
            }}
          />
          <div className="flex items-center justify-end gap-3">
            <span className="text-ink-muted text-xs">Ctrl+Enter to post</span>
            <Button type="submit" size="sm" disabled={!body.trim() || mutations.add.isPending}>
              {mutations.add.isPending ? <Spinner /> : null}
              Comment
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function Attachments({ project, item, editable }: { project: Project; item: ItemDetail; editable: boolean }) {
  const queryClient = useQueryClient();
  const attachments = useItemAttachments(project.id, item.id);
  const mutations = useAttachmentMutations(project.id, item.id);
  const removal = useUndoableRemoval<ItemAttachment>(
    (attachmentId) => mutations.remove.mutateAsync(attachmentId),
    (attachmentId) => restoreAttachment(queryClient, project.id, item.id, attachmentId),
  );
  const fileRef = useRef<HTMLInputElement>(null);

  return (
    <div className="space-y-3">
      {attachments.isPending ? (
        <Skeleton className="h-12 w-full" />
      ) : attachments.isError ? (
        <Alert variant="danger">{formErrorOf(attachments.error)}</Alert>
      ) : removal.merge(attachments.data).length === 0 ? (
        <p className="text-ink-muted text-sm">No files attached.</p>
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border">
          {removal.merge(attachments.data).map((file) =>
            removal.isRemoved(file.id) ? (
              <UndoRow
                key={file.id}
                text={`${file.file_name} removed.`}
                busy={removal.busy === file.id}
                onUndo={() => removal.undo(file)}
                className="bg-subtle"
              />
            ) : (
              <li key={file.id} className="flex items-center gap-3 px-3 py-2.5">
                <Paperclip className="size-4 shrink-0 text-ink-faint" aria-hidden="true" />
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-ink text-sm">{file.file_name}</p>
                  <p className="text-ink-muted text-xs">
                    {formatBytes(file.size_bytes)} · {file.uploaded_by.name ?? "Former member"} ·{" "}
                    {formatRelative(file.created_at)}
                  </p>
                </div>
                <Button
                  variant="ghost"
                  size="icon-sm"
                  aria-label={`Download ${file.file_name}`}
                  onClick={() =>
                    downloadAttachment(project.id, item.id, file.id).catch((error: unknown) =>
                      toast.error("The download could not start", { description: formErrorOf(error) }),
                    )
                  }
                >
                  <Download />
                </Button>
                {editable ? (
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Remove ${file.file_name}`}
                    disabled={removal.busy === file.id}
                    onClick={() => removal.remove(file)}
                  >
                    <Trash2 />
                  </Button>
                ) : null}
              </li>
            ),
          )}
        </ul>
      )}
      {removal.error ? <Alert variant="danger">{formErrorOf(removal.error)}</Alert> : null}
      {editable ? (
        <>
          <input
            ref={fileRef}
            type="file"
            className="sr-only"
            aria-label="Attach a file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = "";
              if (!file) return;
              mutations.upload.mutate(file, {
                onSuccess: () => toast.success(`${file.name} attached`),
                onError: (error) =>
                  toast.error(`${file.name} was not attached`, { description: formErrorOf(error) }),
              });
            }}
          />
          <Button
            variant="outline"
            size="sm"
            disabled={mutations.upload.isPending}
            onClick={() => fileRef.current?.click()}
          >
            {mutations.upload.isPending ? <Spinner /> : <FileUp aria-hidden="true" />}
            Attach a file
          </Button>
        </>
      ) : null}
    </div>
  );
}

function Links({
  project,
  item,
  editable,
  onOpenItem,
}: {
  project: Project;
  item: ItemDetail;
  editable: boolean;
  onOpenItem: (itemId: string) => void;
}) {
  const mutations = useItemMutations(project.id);
  const [adding, setAdding] = useState(false);
  return (
    <div className="space-y-3">
      {item.links.length === 0 ? (
        <p className="text-ink-muted text-sm">
          Not linked to other items. Dependencies show as arrows on the timeline.
        </p>
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border">
          {item.links.map((link) => (
            <li key={link.id} className="flex items-center gap-3 px-3 py-2">
              <span className="w-24 shrink-0 text-ink-muted text-xs">
                {LINK_KIND_LABELS[link.kind][link.direction]}
              </span>
              <button
                type="button"
                onClick={() => onOpenItem(link.item.id)}
                className="flex min-w-0 flex-1 items-center gap-2 rounded text-left outline-none hover:underline focus-visible:ring-2 focus-visible:ring-accent-600"
              >
                <ItemCode code={link.item.code} type={link.item.type} />
                <span className="truncate text-ink text-sm">{link.item.title}</span>
              </button>
              <StatusBadge status={link.item.status} />
              {editable ? (
                <Button
                  variant="ghost"
                  size="icon-sm"
                  aria-label={`Remove link to ${link.item.code}`}
                  onClick={() =>
                    mutations.removeLink.mutate(
                      { itemId: item.id, linkId: link.id },
                      {
                        onError: (error) =>
                          toast.error("The link was not removed", { description: formErrorOf(error) }),
                      },
                    )
                  }
                >
                  <X />
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        adding ? (
          <AddLinkForm project={project} item={item} onDone={() => setAdding(false)} />
        ) : (
          <Button variant="outline" size="sm" onClick={() => setAdding(true)}>
            <Link2 aria-hidden="true" />
            Add a link
          </Button>
        )
      ) : null}
    </div>
  );
}

function AddLinkForm({ project, item, onDone }: { project: Project; item: ItemDetail; onDone: () => void }) {
  const [kind, setKind] = useState<LinkKind>("depends_on");
  const [text, setText] = useState("");
  const query = useDebouncedValue(text.trim(), 200);
  const results = useItems(project.id, {
    search: query || undefined,
    per_page: 8,
    sort: query ? "relevance" : "updated_at",
    order: query ? undefined : "desc",
  });
  const { addLink } = useItemMutations(project.id);
  const linked = new Set([item.id, ...item.links.map((link) => link.item.id)]);
  const candidates = (results.data?.data ?? []).filter((candidate) => !linked.has(candidate.id));

  return (
    <div className="space-y-2 rounded-lg border border-border bg-subtle p-3">
      <div className="flex gap-2">
        <Select
          aria-label="Kind of link"
          value={kind}
          onChange={(event) => setKind(event.target.value as LinkKind)}
          className="h-8 w-40"
        >
          {LINK_KINDS.map((value) => (
            <option key={value} value={value}>
              {LINK_KIND_LABELS[value].outgoing}
            </option>
          ))}
        </Select>
        <Input
          aria-label="Find an item to link"
          placeholder="Search by title or code"
          value={text}
          autoFocus
          onChange={(event) => setText(event.target.value)}
          className="h-8"
        />
        <Button variant="ghost" size="sm" onClick={onDone}>
          Cancel
        </Button>
      </div>
      <ul className="max-h-56 overflow-y-auto">
        {candidates.length === 0 ? (
          <li className="px-2 py-2 text-ink-muted text-sm">
            {results.isFetching ? "Searching…" : "No other items match."}
          </li>
        ) : (
          candidates.map((candidate) => (
            <li key={candidate.id}>
              <button
                type="button"
                disabled={addLink.isPending}
                onClick={() =>
                  addLink.mutate(
                    { itemId: item.id, to_item_id: candidate.id, kind },
                    {
                      onSuccess: () => {
                        toast.success(`Linked to ${candidate.code}`);
                        onDone();
                      },
                      onError: (error) =>
                        toast.error("The link was not added", { description: formErrorOf(error) }),
                    },
                  )
                }
                className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left outline-none hover:bg-surface focus-visible:bg-surface focus-visible:ring-2 focus-visible:ring-accent-600"
              >
                <ItemCode code={candidate.code} type={candidate.type} />
                <span className="truncate text-ink text-sm">{candidate.title}</span>
              </button>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}

const HISTORY_ACTIONS: Record<string, string> = {
  created: "created it",
  updated: "changed",
  deleted: "deleted it",
  restored: "restored it",
  converted: "converted it to an issue",
  comment_added: "commented",
  comment_deleted: "deleted a comment",
  comment_restored: "restored a comment",
  attachment_added: "attached a file",
  attachment_deleted: "removed a file",
  attachment_restored: "restored a file",
  link_added: "added a link",
  link_removed: "removed a link",
};

function History({
  project,
  item,
  members,
}: {
  project: Project;
  item: ItemDetail;
  members: ProjectMember[];
}) {
  const history = useItemHistory(project.id, item.id);
  if (history.isPending) return <Skeleton className="h-16 w-full" />;
  if (history.isError) return <Alert variant="danger">{formErrorOf(history.error)}</Alert>;
  if (history.data.length === 0) return <p className="text-ink-muted text-sm">No changes recorded.</p>;
  const names = new Map(members.map((member) => [member.user_id, member.name]));
  return (
    <ol className="relative space-y-4 border-border border-l pl-5">
      {history.data.map((change) => {
        const verb = change.action.split(".").pop() ?? change.action;
        const diffs = changedFields(change.before, change.after);
        return (
          <li key={change.id} className="relative">
            <span
              className="absolute top-1.5 -left-[24.5px] size-2 rounded-full bg-border-strong ring-4 ring-surface"
              aria-hidden="true"
            />
            <p className="text-sm">
              <span className="font-medium text-ink">{change.actor.name ?? "Someone"}</span>{" "}
              <span className="text-ink-soft">
                {HISTORY_ACTIONS[verb] ?? change.action.replace(/[._]/g, " ")}
              </span>{" "}
              <When at={change.created_at} />
            </p>
            {verb === "updated" && diffs.length > 0 ? (
              <ul className="mt-1 space-y-0.5 text-ink-muted text-xs">
                {diffs.map(([field, before, after]) => (
                  <li key={field}>
                    <span className="text-ink-soft">{fieldName(field)}</span>: {show(before, names)} →{" "}
                    <span className="text-ink">{show(after, names)}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

const HIDDEN_FIELDS = new Set([
  "createdBy",
  "created_by",
  "deletedAt",
  "searchVector",
  "id",
  "updatedAt",
  "updated_at",
  "createdAt",
  "created_at",
  "orgId",
  "org_id",
  "projectId",
  "project_id",
]);

const FIELD_NAMES: Record<string, string> = {
  assigneeId: "assignee",
  startDate: "start",
  finishDate: "finish",
  percentComplete: "% complete",
  decisionDate: "decision date",
  completedOn: "completed on",
};

/** "percentComplete" → "% complete": audit rows name columns the way the code does. */
function fieldName(field: string): string {
  return (
    FIELD_NAMES[field] ??
    field
      .replace(/([A-Z])/g, " $1")
      .replace(/_/g, " ")
      .toLowerCase()
  );
}

function changedFields(before: unknown, after: unknown): [string, unknown, unknown][] {
  if (typeof after !== "object" || after === null) return [];
  const old = (typeof before === "object" && before !== null ? before : {}) as Record<string, unknown>;
  return Object.entries(after as Record<string, unknown>)
    .filter(
      ([field, value]) => !HIDDEN_FIELDS.has(field) && JSON.stringify(old[field]) !== JSON.stringify(value),
    )
    .map(([field, value]) => [field, old[field], value]);
}

function show(value: unknown, names: Map<string, string>): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length > 0 ? value.join(", ") : "—";
  if (typeof value === "string") {
    const text = names.get(value) ?? value;
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  }
  return String(value);
}

function ConvertDialog({
  open,
  onClose,
  project,
  item,
  onConverted,
}: {
  open: boolean;
  onClose: () => void;
  project: Project;
  item: ItemDetail;
  onConverted: (issueId: string) => void;
}) {
  const { convert } = useItemMutations(project.id);
  const [title, setTitle] = useState(item.title);
  const [severity, setSeverity] = useState<Severity>(item.risk_level ?? "medium");
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      destructive={false}
      pending={convert.isPending}
      title={`Convert ${item.code} to an issue`}
      description="The risk happened. This creates an issue linked to it and closes the risk; both keep their history."
      confirmLabel="Convert to issue"
      error={convert.error ? <Alert variant="danger">{formErrorOf(convert.error)}</Alert> : null}
      onConfirm={() =>
        convert.mutate(
          { itemId: item.id, title: title.trim() || undefined, severity },
          {
            onSuccess: ({ issue }) => {
              toast.success(`${item.code} became ${issue.code}`, { description: issue.title });
              onConverted(issue.id);
            },
          },
        )
      }
    >
      <div className="space-y-4">
        <Field label="Issue title">
          {(control) => (
            <Input
              {...control}
              value={title}
              maxLength={300}
              onChange={(event) => setTitle(event.target.value)}
            />
          )}
        </Field>
        <Field label="Severity" hint="Suggested from the risk score.">
          {(control) => (
            <SeveritySelect
              id={control.id}
              value={severity}
              onChange={(value) => setSeverity(value ?? "medium")}
            />
          )}
        </Field>
      </div>
    </ConfirmDialog>
  );
}

function DrawerSkeleton({ onClose, titleId }: { onClose: () => void; titleId: string }) {
  return (
    <div className="space-y-4 p-6" aria-busy="true">
      <DrawerTop titleId={titleId} onClose={onClose}>
        <Skeleton className="h-4 w-24" />
      </DrawerTop>
      <Skeleton className="h-7 w-3/4" />
      {["a", "b", "c", "d", "e"].map((key) => (
        <Skeleton key={key} className="h-8 w-full" />
      ))}
    </div>
  );
}
