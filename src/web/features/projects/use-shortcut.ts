import { useEffect, useRef } from "react";

/** Whether a key press belongs to a field (or an open dialog) rather than to the page. */
function typingOrModal(event: KeyboardEvent): boolean {
  if (event.metaKey || event.ctrlKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (target?.closest("input, textarea, select, [contenteditable='true'], [role='menu']")) return true;
  return document.querySelector("dialog[open]") !== null;
}

/**
 * A single-key shortcut for the page (`/`, `n`, `j`…), ignored while typing in a field or while a
 * dialog is open. The handler may return false to let the key through.
 */
export function useShortcut(key: string | string[], handler: (event: KeyboardEvent) => unknown) {
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  const keys = Array.isArray(key) ? key.join("|") : key;
  useEffect(() => {
    const wanted = keys.split("|");
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || !wanted.includes(event.key) || typingOrModal(event)) return;
      if (handlerRef.current(event) === false) return;
      event.preventDefault();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [keys]);
}

/** Focuses the element with this id (for shortcuts that jump to a search box). */
export function focusById(id: string) {
  const element = document.getElementById(id);
  element?.focus();
  if (element instanceof HTMLInputElement) element.select();
}
