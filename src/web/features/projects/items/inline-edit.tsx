import { cn } from "@web/lib/cn";
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";

const ghostControl =
  "rounded-md border border-transparent bg-transparent text-[13px] text-ink-soft outline-none transition-colors " +
  "hover:border-border-strong hover:bg-surface focus-visible:border-accent-600 focus-visible:bg-surface " +
  "focus-visible:ring-3 focus-visible:ring-accent-600/15 disabled:cursor-default disabled:hover:border-transparent " +
  "disabled:hover:bg-transparent";

const editingControl =
  "h-7 rounded-md border border-accent-600 bg-surface px-2 text-[13px] text-ink outline-none ring-3 ring-accent-600/15";

/** Enter saves, Escape gives up; both stop there so the table's shortcuts don't fire. */
function editKeys(onSave: () => void, onCancel: () => void) {
  return (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      onSave();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };
}

/** A select that reads as text until hovered or focused; saves on change. */
export function InlineSelect<T extends string>({
  value,
  options,
  onSave,
  label,
  disabled,
  className,
}: {
  value: T;
  options: { value: T; label: string }[];
  onSave: (value: T) => void;
  label: string;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <select
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onSave(event.target.value as T)}
      onClick={(event) => event.stopPropagation()}
      className={cn(ghostControl, "h-7 max-w-full cursor-pointer appearance-none truncate px-1.5", className)}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** Shows `display`; a click (or `editing`) swaps in an input that saves on Enter or blur. */
function InlineInput({
  value,
  display,
  onSave,
  label,
  disabled,
  type,
  editing: controlledEditing,
  onEditingChange,
  inputClassName,
  parse,
}: {
  value: string;
  display: ReactNode;
  onSave: (value: string) => void;
  label: string;
  disabled?: boolean;
  type: "text" | "date" | "number";
  editing?: boolean;
  onEditingChange?: (editing: boolean) => void;
  inputClassName?: string;
  /** Rejects a draft (returns false) that should not be saved. */
  parse?: (draft: string) => boolean;
}) {
  const [ownEditing, setOwnEditing] = useState(false);
  const editing = controlledEditing ?? ownEditing;
  const setEditing = (next: boolean) => {
    setOwnEditing(next);
    onEditingChange?.(next);
  };
  const [draft, setDraft] = useState(value);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (editing) {
      setDraft(value);
      requestAnimationFrame(() => {
        const input = inputRef.current;
        input?.focus();
        // The caret goes to the end, as in a text editor: typing adds to the title, never replaces it.
        if (input && type === "text") input.setSelectionRange(input.value.length, input.value.length);
      });
    }
  }, [editing, value, type]);

  if (!editing) {
    return (
      <button
        type="button"
        aria-label={`${label}: edit`}
        disabled={disabled}
        onClick={(event) => {
          event.stopPropagation();
          setEditing(true);
        }}
        className={cn(ghostControl, "-mx-1.5 h-7 max-w-full truncate px-1.5 text-left")}
      >
        {display}
      </button>
    );
  }
  const save = () => {
    setEditing(false);
    if (draft !== value && (parse?.(draft) ?? true)) onSave(draft);
  };
  return (
    <input
      ref={inputRef}
      aria-label={label}
      type={type}
      value={draft}
      min={type === "number" ? 0 : undefined}
      max={type === "number" ? 100 : undefined}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={editKeys(save, () => setEditing(false))}
      onBlur={save}
      onClick={(event) => event.stopPropagation()}
      className={cn(editingControl, inputClassName)}
    />
  );
}

export function InlineText(props: {
  value: string;
  display: ReactNode;
  onSave: (value: string) => void;
  label: string;
  disabled?: boolean;
  editing?: boolean;
  onEditingChange?: (editing: boolean) => void;
}) {
  return (
    <InlineInput {...props} type="text" inputClassName="w-full" parse={(draft) => draft.trim().length > 0} />
  );
}

export function InlineDate({
  value,
  display,
  onSave,
  label,
  disabled,
}: {
  value: string | null;
  display: ReactNode;
  onSave: (value: string | null) => void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <InlineInput
      value={value ?? ""}
      display={display}
      onSave={(draft) => onSave(draft || null)}
      label={label}
      disabled={disabled}
      type="date"
      inputClassName="w-36"
    />
  );
}

export function InlinePercent({
  value,
  display,
  onSave,
  label,
  disabled,
}: {
  value: number;
  display: ReactNode;
  onSave: (value: number) => void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <InlineInput
      value={String(value)}
      display={display}
      onSave={(draft) => onSave(Number(draft))}
      label={label}
      disabled={disabled}
      type="number"
      inputClassName="w-20"
      parse={(draft) => {
        const number = Number(draft);
        return draft.trim() !== "" && Number.isInteger(number) && number >= 0 && number <= 100;
      }}
    />
  );
}
