import { cn } from "@web/lib/cn";
import { Check, X } from "lucide-react";
import { useUpdateTask } from "./goals-api";
import type { TaskNode } from "./types";

/** The round checkbox of a task: click marks it done (or open again). */
export function TaskStatusButton({ task, disabled }: { task: TaskNode; disabled?: boolean }) {
  const update = useUpdateTask();
  const done = task.status === "done";
  return (
    // biome-ignore lint/a11y/useSemanticElements: a round status toggle, not a form field
    <button
      type="button"
      tabIndex={-1}
      role="checkbox"
      aria-checked={done}
      aria-label={done ? `Reopen ${task.title}` : `Mark ${task.title} done`}
      disabled={disabled || update.isPending}
      onClick={() => update.mutate({ id: task.id, patch: { status: done ? "todo" : "done" } })}
      className={cn(
        "flex size-4 shrink-0 items-center justify-center rounded-full border transition-colors",
        done && "border-accent-700 bg-accent-700 text-white",
        task.status === "in_progress" &&
          "border-accent-600 bg-[conic-gradient(var(--color-accent-600)_50%,transparent_0)]",
        task.status === "todo" && "border-border-strong hover:border-accent-600",
        task.status === "cancelled" && "border-border-strong bg-muted text-ink-faint",
        "disabled:cursor-default",
      )}
    >
      {done ? <Check className="size-3" strokeWidth={3} aria-hidden="true" /> : null}
      {task.status === "cancelled" ? <X className="size-3" aria-hidden="true" /> : null}
    </button>
  );
}
