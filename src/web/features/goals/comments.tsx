import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Avatar } from "@web/components/ui/avatar";
import { Button } from "@web/components/ui/button";
import { ConfirmDialog } from "@web/components/ui/dialog";
import { Skeleton } from "@web/components/ui/skeleton";
import { Spinner } from "@web/components/ui/spinner";
import { dismissToast, toast } from "@web/components/ui/toast";
import { request } from "@web/lib/api";
import { cn } from "@web/lib/cn";
import { formErrorOf } from "@web/lib/form";
import { formatRelative } from "@web/lib/format";
import { useSession } from "@web/lib/session";
import { MessageSquare } from "lucide-react";
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { goalsKeys, useMembers } from "./goals-api";
import type { CommentTargetType, GoalComment } from "./types";

// Comments with @mentions. The server's syntax is @[Name](user id); the composer shows "@Name"
// while typing and swaps in the tokens for the people picked from the menu when it sends. The
// server labels every mention with the person's current name, so what shows here is theirs.

const MENTION = /@\[([^\]\n]{1,120})\]\(([0-9a-fA-F-]{36})\)/g;

/** A comment body with its mention tokens shown as highlighted names. */
function renderBody(body: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    if (match.index > last) parts.push(body.slice(last, match.index));
    parts.push(
      <span key={match.index} className="rounded bg-accent-50 px-0.5 font-medium text-accent-800">
        @{match[1]}
      </span>,
    );
    last = match.index + match[0].length;
  }
  if (last < body.length) parts.push(body.slice(last));
  return parts;
}

const asTokens = (text: string, picked: Map<string, string>) => {
  let body = text;
  // Longest names first, so "@Ann Lee" is not eaten by "@Ann".
  for (const [name, id] of [...picked].sort((a, b) => b[0].length - a[0].length)) {
    body = body.split(`@${name}`).join(`@[${name.replace(/[[\]\n]/g, "")}](${id})`);
  }
  return body;
};
const asText = (body: string) => body.replace(MENTION, (_token, name: string) => `@${name}`);
const pickedIn = (body: string) =>
  new Map([...body.matchAll(MENTION)].map((match) => [match[1]!, match[2]!]));

export function Comments({
  targetType,
  targetId,
  highlightId,
}: {
  targetType: CommentTargetType;
  targetId: string;
  /** A comment to scroll to and mark (from a notification link). */
  highlightId?: string;
}) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const key = goalsKeys.comments(targetType, targetId);
  const comments = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      request<GoalComment[]>("/comments", {
        query: { target_type: targetType, target_id: targetId, per_page: 100 },
        signal,
      }),
    select: (envelope) => envelope.data,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const create = useMutation({
    mutationFn: (body: string) =>
      request<GoalComment>("/comments", {
        method: "POST",
        body: { target_type: targetType, target_id: targetId, body },
      }),
    onSuccess: refresh,
    onError: (error) => toast.error("Could not post the comment", { description: formErrorOf(error) }),
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: string }) =>
      request<GoalComment>(`/comments/${id}`, { method: "PATCH", body: { body } }),
    onSuccess: refresh,
    onError: (error) => toast.error("Could not save the comment", { description: formErrorOf(error) }),
  });
  const restore = useMutation({
    mutationFn: (id: string) => request<GoalComment>(`/comments/${id}/restore`, { method: "POST" }),
    onSuccess: () => {
      void refresh();
      toast.success("Comment restored");
    },
    onError: (error) => toast.error("Could not restore the comment", { description: formErrorOf(error) }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => request<undefined>(`/comments/${id}`, { method: "DELETE" }),
    onSuccess: (_result, id) => {
      void refresh();
      const toastId = toast.success("Comment deleted", {
        action: {
          label: "Undo",
          onClick: () => {
            dismissToast(toastId);
            restore.mutate(id);
          },
        },
      });
    },
    onError: (error) => toast.error("Could not delete the comment", { description: formErrorOf(error) }),
  });
  const [editing, setEditing] = useState<string | null>(null);
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!highlightId || !comments.data || scrolledTo.current === highlightId) return;
    scrolledTo.current = highlightId;
    document.getElementById(`comment-${highlightId}`)?.scrollIntoView({ block: "center" });
  }, [highlightId, comments.data]);
  const [deleting, setDeleting] = useState<GoalComment | null>(null);

  return (
    <div className="space-y-4">
      {comments.isPending ? (
        <div className="space-y-3">
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
        </div>
      ) : comments.isError ? (
        <p className="text-danger-700 text-sm">Could not load the comments.</p>
      ) : comments.data.length === 0 ? (
        <div className="flex items-center gap-3 rounded-lg border border-border border-dashed px-4 py-4 text-ink-muted text-sm">
          <MessageSquare className="size-4 text-ink-faint" aria-hidden="true" />
          No comments yet. Ask a question or @mention someone to bring them in.
        </div>
      ) : (
        <ul className="space-y-4">
          {comments.data.map((comment) => (
            <li
              key={comment.id}
              id={`comment-${comment.id}`}
              className={cn(
                "flex gap-3",
                comment.id === highlightId && "-mx-2 rounded-lg bg-accent-50/70 px-2 py-1.5",
              )}
            >
              <Avatar
                name={comment.author_name ?? "Someone"}
                seed={comment.author_id ?? undefined}
                size="sm"
              />
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-baseline gap-x-2 text-xs">
                  <span className="font-medium text-ink text-sm">
                    {comment.author_name ?? "Former member"}
                  </span>
                  <span className="text-ink-faint">{formatRelative(comment.created_at)}</span>
                  {comment.edited_at ? <span className="text-ink-faint">(edited)</span> : null}
                </p>
                {editing === comment.id ? (
                  <Composer
                    initial={comment.body}
                    submitLabel="Save"
                    pending={update.isPending}
                    onCancel={() => setEditing(null)}
                    onSubmit={(body) =>
                      update.mutate({ id: comment.id, body }, { onSuccess: () => setEditing(null) })
                    }
                  />
                ) : (
                  <p className="mt-0.5 whitespace-pre-wrap break-words text-ink-soft text-sm leading-relaxed">
                    {renderBody(comment.body)}
                  </p>
                )}
                {comment.author_id === user.id && editing !== comment.id ? (
                  <div className="mt-1 flex gap-3 text-xs">
                    <button
                      type="button"
                      className="text-ink-muted hover:text-ink"
                      onClick={() => setEditing(comment.id)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="text-ink-muted hover:text-danger-700"
                      onClick={() => setDeleting(comment)}
                    >
                      Delete
                    </button>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Composer
        submitLabel="Comment"
        pending={create.isPending}
        onSubmit={(body, reset) => create.mutate(body, { onSuccess: reset })}
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete comment?"
        description="It disappears for everyone. You can undo right after."
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      />
    </div>
  );
}

function Composer({
  initial = "",
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  initial?: string;
  submitLabel: string;
  pending: boolean;
  onSubmit: (body: string, reset: () => void) => void;
  onCancel?: () => void;
}) {
  const members = useMembers();
  const [text, setText] = useState(asText(initial));
  const picked = useRef(pickedIn(initial));
  const [query, setQuery] = useState<string | null>(null);
  const [highlight, setHighlight] = useState(0);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  const matches =
    query === null
      ? []
      : members
          .filter((member) => `${member.name} ${member.email}`.toLowerCase().includes(query.toLowerCase()))
          .slice(0, 6);

  function detectMention(value: string, caret: number) {
    const before = value.slice(0, caret);
    const match = /(?:^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(before);
    setQuery(match ? match[1]! : null);
    setHighlight(0);
  }

  function insert(name: string, id: string) {
    const element = textareaRef.current;
    const caret = element?.selectionStart ?? text.length;
    const before = text.slice(0, caret).replace(/@([\p{L}\p{N}._-]{0,30})$/u, "");
    const next = `${before}@${name} ${text.slice(caret)}`;
    picked.current.set(name, id);
    setText(next);
    setQuery(null);
    requestAnimationFrame(() => {
      const position = before.length + name.length + 2;
      element?.focus();
      element?.setSelectionRange(position, position);
    });
  }

  function submit() {
    if (!text.trim()) return;
    onSubmit(asTokens(text.trim(), picked.current), () => {
      setText("");
      picked.current = new Map();
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (matches.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setHighlight((highlight + (event.key === "ArrowDown" ? 1 : -1) + matches.length) % matches.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        const member = matches[highlight]!;
        insert(member.name, member.user_id);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        setQuery(null);
        return;
      }
    }
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  }

  return (
    <form
      className="relative mt-1 space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={textareaRef}
        className="min-h-16 w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-ink text-sm leading-relaxed shadow-xs outline-none transition-[border-color,box-shadow] placeholder:text-ink-faint focus:border-accent-600 focus:ring-3 focus:ring-accent-600/15"
        aria-label={onCancel ? "Edit comment" : "Write a comment"}
        rows={onCancel ? 2 : 3}
        placeholder="Write a comment… type @ to mention someone"
        value={text}
        maxLength={5000}
        onChange={(event) => {
          setText(event.target.value);
          detectMention(event.target.value, event.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
      />
      {matches.length > 0 ? (
        <div
          role="listbox"
          aria-label="Mention someone"
          className="absolute top-full left-0 z-10 -mt-9 w-72 rounded-lg border border-border bg-surface p-1 shadow-popover"
        >
          {matches.map((member, index) => (
            <button
              key={member.user_id}
              type="button"
              role="option"
              aria-selected={index === highlight}
              onMouseDown={(event) => {
                event.preventDefault();
                insert(member.name, member.user_id);
              }}
              className={cn(
                "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm",
                index === highlight ? "bg-muted text-ink" : "text-ink-soft",
              )}
            >
              <Avatar name={member.name} seed={member.user_id} size="sm" className="size-6 text-[10px]" />
              <span className="truncate">{member.name}</span>
              <span className="ml-auto truncate text-ink-faint text-xs">{member.email}</span>
            </button>
          ))}
        </div>
      ) : null}
      <div className="flex items-center justify-end gap-2">
        <span className="mr-auto text-ink-faint text-xs">Ctrl+Enter to send</span>
        {onCancel ? (
          <Button variant="ghost" size="sm" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" size="sm" disabled={pending || !text.trim()}>
          {pending ? <Spinner /> : null}
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
