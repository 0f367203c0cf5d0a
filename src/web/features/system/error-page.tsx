import { type ErrorComponentProps, useRouter } from "@tanstack/react-router";
import { Button } from "@web/components/ui/button";
import { isApiError } from "@web/lib/api";
import { TriangleAlert } from "lucide-react";

/** Shown when a page throws while loading or rendering. */
export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const correlationId = isApiError(error) ? error.correlationId : null;
  return (
    <section className="flex flex-col items-center px-4 py-16 text-center sm:py-24">
      <div className="flex size-12 items-center justify-center rounded-xl border border-danger-600/20 bg-danger-50 text-danger-700">
        <TriangleAlert className="size-6" strokeWidth={1.75} aria-hidden="true" />
      </div>
      <h1 className="mt-6 font-semibold text-2xl text-ink tracking-tight">Something went wrong</h1>
      <p className="mt-3 max-w-md text-ink-muted text-sm leading-relaxed">
        {error instanceof Error && error.message ? error.message : "This page could not be shown."}
      </p>
      {correlationId ? (
        <p className="mt-3 text-ink-faint text-xs">
          Reference{" "}
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-ink-soft">{correlationId}</code>
        </p>
      ) : null}
      <Button
        className="mt-8"
        variant="outline"
        onClick={() => {
          reset();
          void router.invalidate();
        }}
      >
        Try again
      </Button>
    </section>
  );
}
