import type { ReactNode } from "react";

/**
 * Wraps a disabled control so its "Coming soon" hint still shows on hover: browsers send no
 * pointer events to a disabled button, so the title lives on the wrapper too.
 */
export function ComingSoon({ children, label = "Coming soon" }: { children: ReactNode; label?: string }) {
  return (
    <span title={label} className="inline-flex cursor-not-allowed">
      {children}
    </span>
  );
}
