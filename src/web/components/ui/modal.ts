import { type RefObject, useLayoutEffect, useSyncExternalStore } from "react";

/**
 * Open modal <dialog>s, innermost last. While one is open the browser makes everything outside
 * it inert, so whatever must stay usable above it (toasts with an Undo) renders inside the top one.
 */
let openModals: readonly HTMLDialogElement[] = [];
const listeners = new Set<() => void>();

function setOpenModals(next: readonly HTMLDialogElement[]) {
  openModals = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Shows the dialog as a modal for as long as the component is mounted, and gives focus back to
 * the control that opened it when it goes.
 */
export function useModal(ref: RefObject<HTMLDialogElement | null>) {
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    setOpenModals([...openModals, dialog]);
    return () => {
      setOpenModals(openModals.filter((open) => open !== dialog));
      if (dialog.open) dialog.close();
      if (opener?.isConnected) requestAnimationFrame(() => opener.focus());
    };
  }, [ref]);
}

/** The innermost open modal dialog, or null when none is open. */
export function useTopModal(): HTMLDialogElement | null {
  return useSyncExternalStore(
    subscribe,
    () => openModals.at(-1) ?? null,
    () => null,
  );
}
