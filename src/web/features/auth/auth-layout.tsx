import { Outlet } from "@tanstack/react-router";
import { LogoMark, Wordmark } from "@web/components/layout/logo";
import { usePageTitle } from "@web/components/layout/top-bar";
import { DATABASE_LABELS, useInstance } from "@web/lib/instance";
import { BookOpen, FolderKanban, type LucideIcon, MessagesSquare, Target } from "lucide-react";
import { type ReactNode, useEffect } from "react";

const MODULES: { icon: LucideIcon; title: string; description: string }[] = [
  { icon: Target, title: "Goals", description: "90-day objectives and key results, with weekly check-ins." },
  { icon: FolderKanban, title: "Projects", description: "RAID logs, timelines and budgets for client work." },
  {
    icon: BookOpen,
    title: "Knowledge",
    description: "Your firm's know-how, searchable, with cited answers.",
  },
  { icon: MessagesSquare, title: "Conversations", description: "Think out loud with AI personas, together." },
];

/** Four stacked stones, drawn large and faint behind the brand panel. */
function Cairn({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <g fill="currentColor">
        <ellipse cx="16" cy="24.4" rx="9.6" ry="3.4" />
        <ellipse cx="15.2" cy="17.3" rx="7" ry="2.9" />
        <ellipse cx="16.6" cy="11.2" rx="4.9" ry="2.4" />
        <ellipse cx="15.8" cy="6.3" rx="2.8" ry="1.8" />
      </g>
    </svg>
  );
}

function BrandPanel() {
  const { data: instance } = useInstance();
  return (
    <aside className="relative hidden w-[42%] max-w-[36rem] shrink-0 flex-col justify-between overflow-hidden bg-accent-900 p-12 text-white lg:flex xl:p-14">
      <div
        className="pointer-events-none absolute inset-0 bg-[radial-gradient(120%_80%_at_0%_0%,oklch(51.1%_0.096_186.391/0.55),transparent_60%)]"
        aria-hidden="true"
      />
      <Cairn className="pointer-events-none absolute -right-20 -bottom-28 size-[22rem] text-white/[0.05]" />
      <div className="relative flex items-center gap-2.5">
        <LogoMark className="size-8 [&_rect]:fill-white/15" />
        <span className="font-semibold text-[17px] tracking-tight">{instance?.name ?? "Cairn"}</span>
      </div>
      <div className="relative">
        <h2 className="max-w-md text-balance font-semibold text-3xl leading-tight tracking-tight">
          Plan the quarter, run the work, keep what you learn.
        </h2>
        <ul className="mt-10 space-y-5">
          {MODULES.map(({ icon: Icon, title, description }) => (
            <li key={title} className="flex gap-3.5">
              <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-white/10 ring-1 ring-white/15">
                <Icon className="size-[18px] text-accent-200" strokeWidth={1.85} aria-hidden="true" />
              </span>
              <span className="min-w-0">
                <span className="block font-medium text-sm">{title}</span>
                <span className="block text-accent-100/75 text-sm leading-relaxed">{description}</span>
              </span>
            </li>
          ))}
        </ul>
      </div>
      <p className="relative text-accent-100/60 text-xs">
        {instance
          ? `Cairn ${instance.version} · self-hosted · ${DATABASE_LABELS[instance.database]}`
          : "Cairn · self-hosted"}
      </p>
    </aside>
  );
}

/** The frame of every page before sign-in: brand panel on wide screens, the form on the right. */
export function AuthLayout() {
  const title = usePageTitle();
  useEffect(() => {
    document.title = `${title} · Cairn`;
  }, [title]);

  return (
    <div className="flex min-h-dvh bg-canvas">
      <BrandPanel />
      <main id="main" className="flex min-w-0 flex-1 flex-col">
        <div className="flex flex-1 flex-col items-center justify-center px-5 py-10 sm:px-8">
          <div className="w-full max-w-[25rem]">
            <div className="mb-8 flex items-center gap-2.5 lg:hidden">
              <LogoMark className="size-8" />
              <Wordmark />
            </div>
            <Outlet />
          </div>
        </div>
        <footer className="flex flex-wrap items-center justify-center gap-x-4 gap-y-1 px-6 pb-6 text-ink-faint text-xs">
          <span>Self-hosted Cairn</span>
          <a href="/api/docs" className="hover:text-ink-muted hover:underline">
            API reference
          </a>
        </footer>
      </main>
    </div>
  );
}

/** The heading of an auth page. */
export function AuthHeader({
  title,
  description,
  icon,
}: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <header className="mb-7">
      {icon ? <div className="mb-5">{icon}</div> : null}
      <h1 className="font-semibold text-2xl text-ink tracking-tight">{title}</h1>
      {description ? <div className="mt-2 text-ink-muted text-sm leading-relaxed">{description}</div> : null}
    </header>
  );
}

/** A round tinted icon above a heading, for confirmation and error screens. */
export function AuthIcon({
  icon: Icon,
  tone = "accent",
}: {
  icon: LucideIcon;
  tone?: "accent" | "danger" | "success";
}) {
  const tones = {
    accent: "border-accent-200 bg-accent-50 text-accent-700",
    danger: "border-danger-600/20 bg-danger-50 text-danger-700",
    success: "border-success-700/20 bg-success-50 text-success-700",
  };
  return (
    <span className={`flex size-12 items-center justify-center rounded-xl border ${tones[tone]}`}>
      <Icon className="size-6" strokeWidth={1.75} aria-hidden="true" />
    </span>
  );
}

/** A quiet line of links under a form ("New here? Create an account"). */
export function AuthFootnote({ children }: { children: ReactNode }) {
  return (
    <p className="mt-8 text-center text-ink-muted text-sm [&_a]:font-medium [&_a]:text-accent-700 [&_a:hover]:underline">
      {children}
    </p>
  );
}
