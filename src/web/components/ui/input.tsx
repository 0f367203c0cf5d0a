import { cn } from "@web/lib/cn";
import { Eye, EyeOff } from "lucide-react";
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
  useState,
} from "react";

/** Only text fields can be read-only; a <select> always matches :read-only, so it must not get this. */
const readOnly =
  "read-only:bg-subtle read-only:text-ink-soft read-only:focus:border-border-strong read-only:focus:ring-0";

const control =
  "w-full rounded-md border border-border-strong bg-surface text-ink text-sm shadow-xs outline-none " +
  "transition-[border-color,box-shadow] placeholder:text-ink-faint " +
  "focus:border-accent-600 focus:ring-3 focus:ring-accent-600/15 " +
  "disabled:cursor-not-allowed disabled:bg-subtle disabled:text-ink-muted " +
  "aria-[invalid=true]:border-danger-600 aria-[invalid=true]:focus:ring-danger-600/15";

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(control, readOnly, "h-9 px-3", className)} {...props} />;
}

export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea className={cn(control, readOnly, "min-h-20 px-3 py-2 leading-relaxed", className)} {...props} />
  );
}

/** A native select, styled like the inputs: keyboard and screen-reader behaviour come for free. */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={cn(
        control,
        "h-9 cursor-pointer appearance-none bg-[length:16px] bg-[position:right_0.5rem_center] bg-no-repeat pr-8 pl-3",
        "bg-[url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='%2378716c' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'%3E%3Cpath d='m7 15 5 5 5-5'/%3E%3Cpath d='m7 9 5-5 5 5'/%3E%3C/svg%3E\")]",
        className,
      )}
      {...props}
    />
  );
}

/** A password field with a show/hide toggle. */
export function PasswordInput({ className, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="relative">
      <Input type={visible ? "text" : "password"} className={cn("pr-10", className)} {...props} />
      <button
        type="button"
        onClick={() => setVisible((value) => !value)}
        aria-label={visible ? "Hide password" : "Show password"}
        aria-pressed={visible}
        className="absolute top-1/2 right-1 flex size-7 -translate-y-1/2 items-center justify-center rounded text-ink-faint outline-none transition-colors hover:text-ink-soft focus-visible:ring-2 focus-visible:ring-accent-600"
      >
        {visible ? (
          <EyeOff className="size-4" aria-hidden="true" />
        ) : (
          <Eye className="size-4" aria-hidden="true" />
        )}
      </button>
    </div>
  );
}

export function Label({ className, ...props }: React.LabelHTMLAttributes<HTMLLabelElement>) {
  // biome-ignore lint/a11y/noLabelWithoutControl: the caller passes htmlFor
  return <label className={cn("block font-medium text-ink text-sm", className)} {...props} />;
}

export interface FieldControlProps {
  id: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

export interface FieldProps {
  label: ReactNode;
  /** Shown under the control while there is no error. */
  hint?: ReactNode;
  error?: string | null;
  /** Right of the label, e.g. a "Forgot password?" link. */
  aside?: ReactNode;
  className?: string;
  /** Renders the control with the ids that tie it to its label, hint and error. */
  children: (control: FieldControlProps) => ReactNode;
}

/** A label, a control, and either its hint or its error, wired for assistive technology. */
export function Field({ label, hint, error, aside, className, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const message = error || hint;
  return (
    <div className={cn("space-y-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3">
        <Label htmlFor={id}>{label}</Label>
        {aside}
      </div>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": message ? messageId : undefined,
      })}
      {message ? (
        <p
          id={messageId}
          className={cn("text-xs leading-relaxed", error ? "text-danger-700" : "text-ink-muted")}
        >
          {message}
        </p>
      ) : null}
    </div>
  );
}

export function Checkbox({
  label,
  description,
  className,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: ReactNode; description?: ReactNode }) {
  const id = useId();
  return (
    <div className={cn("flex items-start gap-2.5", className)}>
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 size-4 shrink-0 cursor-pointer rounded border-border-strong accent-accent-700"
        {...props}
      />
      <label htmlFor={id} className="cursor-pointer select-none text-ink-soft text-sm leading-5">
        {label}
        {description ? <span className="block text-ink-muted text-xs">{description}</span> : null}
      </label>
    </div>
  );
}
