import { Outlet } from "@tanstack/react-router";
import { Toaster } from "@web/components/ui/toast";

/** Above every page, signed in or not: the routed page and the toasts. */
export function RootLayout() {
  return (
    <>
      <Outlet />
      <Toaster />
    </>
  );
}
