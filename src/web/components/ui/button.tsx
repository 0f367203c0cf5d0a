import { cn } from "@web/lib/cn";
import type { ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "secondary" | "outline" | "ghost" | "danger";
export type ButtonSize = "sm" | "md" | "lg" | "icon" | "icon-sm";

const base =
  "inline-flex shrink-0 items-center justify-center gap-2 whitespace-nowrap rounded-md font-medium " +
  "transition-colors select-none outline-none focus-visible:ring-2 focus-visible:ring-accent-600 " +
  "focus-visible:ring-offset-2 focus-visible:ring-offset-surface focus-visible:outline-none " +
  "disabled:pointer-events-none disabled:opacity-50 [&_svg]:pointer-events-none [&_svg]:shrink-0";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-accent-700 text-white shadow-xs hover:bg-accent-800 active:bg-accent-900",
  secondary: "bg-muted text-ink hover:bg-border",
  outline: "border border-border-strong bg-surface text-ink shadow-xs hover:bg-subtle",
  ghost: "text-ink-soft hover:bg-muted hover:text-ink",
  danger: "bg-danger-600 text-white shadow-xs hover:bg-danger-700",
};

const sizes: Record<ButtonSize, string> = {
  sm: "h-8 px-3 text-[13px] [&_svg]:size-3.5",
  md: "h-9 px-3.5 text-sm [&_svg]:size-4",
  lg: "h-10 px-5 text-sm [&_svg]:size-4",
  icon: "size-9 [&_svg]:size-[18px]",
  "icon-sm": "size-8 [&_svg]:size-4",
};

/** The classes of a button, for links and other elements that should look like one. */
export function buttonVariants({
  variant = "primary",
  size = "md",
  className,
}: {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
} = {}): string {
  return cn(base, variants[variant], sizes[size], className);
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

export function Button({ variant, size, className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonVariants({ variant, size, className })} {...props} />;
}
