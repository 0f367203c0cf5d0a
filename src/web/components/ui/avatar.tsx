import { cn } from "@web/lib/cn";

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const letters = words.length > 1 ? `${words[0]![0]}${words[words.length - 1]![0]}` : words[0]!.slice(0, 2);
  return letters.toUpperCase();
}

const TINTS = [
  "bg-accent-100 text-accent-900",
  "bg-[oklch(94%_0.04_60)] text-[oklch(42%_0.09_55)]",
  "bg-[oklch(94%_0.035_280)] text-[oklch(42%_0.1_280)]",
  "bg-[oklch(94%_0.04_140)] text-[oklch(40%_0.08_145)]",
  "bg-[oklch(94%_0.03_20)] text-[oklch(45%_0.1_20)]",
  "bg-muted text-ink-soft",
];

function tintFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return TINTS[hash % TINTS.length]!;
}

/** A person's initials on a tint derived from a stable seed (their id or email). */
export function Avatar({
  name,
  seed,
  size = "md",
  className,
}: {
  name: string;
  seed?: string;
  size?: "sm" | "md" | "lg";
  className?: string;
}) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold",
        size === "sm" && "size-7 text-[11px]",
        size === "md" && "size-8 text-xs",
        size === "lg" && "size-11 text-sm",
        tintFor(seed ?? name),
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
