import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { setUnauthenticatedHandler } from "./lib/api";
import { queryClient } from "./lib/query";
import { meQueryKey } from "./lib/session";
import { router } from "./router";
import "./styles.css";

// A session that ends mid-visit (signed out elsewhere, expired): forget who was signed in; the
// app shell then sends the visitor to sign-in and back here afterwards.
setUnauthenticatedHandler(() => {
  if (queryClient.getQueryData(meQueryKey)) queryClient.setQueryData(meQueryKey, null);
});

const container = document.getElementById("root");
if (!container) throw new Error("The page has no #root element");

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
