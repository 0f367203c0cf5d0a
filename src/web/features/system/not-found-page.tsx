import { Link } from "@tanstack/react-router";
import { LogoMark } from "@web/components/layout/logo";
import { Button, buttonVariants } from "@web/components/ui/button";
import { ArrowLeft } from "lucide-react";
import { useEffect } from "react";

export function NotFoundPage() {
  return (
    <section className="flex flex-col items-center px-4 py-16 text-center sm:py-24">
      <LogoMark className="size-12 opacity-90" />
      <p className="mt-6 font-medium text-accent-700 text-sm">404</p>
      <h1 className="mt-2 font-semibold text-2xl text-ink tracking-tight sm:text-3xl">Page not found</h1>
      <p className="mt-3 max-w-md text-ink-muted text-sm leading-relaxed">
        No cairn marks this trail. The page may have moved, or the link may have a typo in it.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-2">
        <Link to="/" className={buttonVariants()}>
          Go to Goals
        </Link>
        <Button variant="outline" onClick={() => window.history.back()}>
          <ArrowLeft aria-hidden="true" />
          Go back
        </Button>
      </div>
    </section>
  );
}

/** The 404 for addresses outside the app shell: the same message, centered on the page. */
export function StandaloneNotFoundPage() {
  useEffect(() => {
    document.title = "Page not found · Cairn";
  }, []);
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center bg-canvas">
      <NotFoundPage />
    </main>
  );
}
