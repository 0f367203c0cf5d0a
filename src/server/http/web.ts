import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import type { AppEnv } from "./context";

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the built SPA: hashed assets cached forever, every other GET path answered with
 * index.html so client-side routes survive a reload.
 */
export function mountWebApp(app: Hono<AppEnv>, webDir: string): void {
  const indexFile = path.join(webDir, "index.html");
  if (!existsSync(indexFile)) {
    app.get("*", (c) =>
      c.text("The web app is not built. Run `npm run build` (npm start does it for you).", 503),
    );
    return;
  }
  const indexHtml = readFileSync(indexFile, "utf8");
  app.use(
    "/assets/*",
    serveStatic({ root: webDir, onFound: (_path, c) => c.header("Cache-Control", IMMUTABLE) }),
  );
  app.use("*", serveStatic({ root: webDir, index: "__no_directory_index__" }));
  app.get("*", (c) => {
    c.header("Cache-Control", "no-cache");
    return c.html(indexHtml);
  });
}
