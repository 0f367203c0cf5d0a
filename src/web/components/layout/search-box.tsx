import { Button } from "@web/components/ui/button";
import { Kbd } from "@web/components/ui/kbd";
import { cn } from "@web/lib/cn";
import { isApplePlatform } from "@web/lib/platform";
import { Search, X } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";

/**
 * The global search field. Search itself arrives with the Knowledge module; until then the box
 * is focusable (Ctrl/⌘+K), says what it will do, and sends nothing anywhere.
 */
export function SearchBox() {
  const inputRef = useRef<HTMLInputElement>(null);
  const [focused, setFocused] = useState(false);
  const [expanded, setExpanded] = useState(false); // narrow screens: the field overlays the top bar
  const [apple] = useState(isApplePlatform);
  const hintId = useId();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setExpanded(true);
        requestAnimationFrame(() => inputRef.current?.focus());
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  function close() {
    setExpanded(false);
    inputRef.current?.blur();
  }

  return (
    <>
      <Button
        variant="ghost"
        size="icon-sm"
        className="md:hidden"
        aria-label="Search"
        onClick={() => {
          setExpanded(true);
          requestAnimationFrame(() => inputRef.current?.focus());
        }}
      >
        <Search />
      </Button>
      <search
        className={cn(
          "md:relative md:block md:w-[22rem] xl:w-96",
          expanded
            ? "max-md:absolute max-md:inset-x-0 max-md:top-0 max-md:z-10 max-md:flex max-md:h-14 max-md:items-center max-md:gap-2 max-md:bg-surface max-md:px-3"
            : "max-md:hidden",
        )}
      >
        <form className="relative flex-1" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor="global-search" className="sr-only">
            Search
          </label>
          <Search
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-ink-faint"
            aria-hidden="true"
          />
          <input
            ref={inputRef}
            id="global-search"
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder="Search — coming with Knowledge"
            aria-describedby={hintId}
            onFocus={() => setFocused(true)}
            onBlur={() => {
              setFocused(false);
              setExpanded(false);
            }}
            onKeyDown={(event) => event.key === "Escape" && close()}
            className={cn(
              "h-9 w-full rounded-md border border-border-strong bg-surface pr-3 pl-9 text-ink text-sm shadow-xs md:pr-14",
              "outline-none transition-shadow placeholder:text-ink-faint",
              "focus:border-accent-600 focus:ring-3 focus:ring-accent-600/15",
              "[&::-webkit-search-cancel-button]:hidden",
            )}
          />
          <span className="pointer-events-none absolute top-1/2 right-2 hidden -translate-y-1/2 md:flex">
            <Kbd>{apple ? "⌘" : "Ctrl"}</Kbd>
            <Kbd className="ml-0.5">K</Kbd>
          </span>
          <div
            id={hintId}
            role="status"
            className={cn(
              "absolute top-full right-0 left-0 z-20 mt-2 animate-pop-in rounded-lg border border-border bg-surface p-3",
              "text-ink-muted text-xs leading-relaxed shadow-popover",
              !focused && "sr-only",
            )}
          >
            {focused ? (
              <>
                <span className="block font-medium text-ink text-sm">Search is on its way</span>
                One search across objectives, RAID items, articles and conversations arrives with the
                Knowledge module. Nothing you type here is sent anywhere yet.
              </>
            ) : (
              "Search arrives with the Knowledge module."
            )}
          </div>
        </form>
        <Button
          variant="ghost"
          size="icon-sm"
          className={cn("md:hidden", !expanded && "hidden")}
          aria-label="Close search"
          onMouseDown={(event) => event.preventDefault()}
          onClick={close}
        >
          <X />
        </Button>
      </search>
    </>
  );
}
