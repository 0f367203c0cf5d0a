import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Hono } from "hono";
import type { AppEnv } from "./context";

const require = createRequire(import.meta.url);
const swaggerDir = path.dirname(require.resolve("swagger-ui-dist/package.json"));
const assets: Record<string, { file: string; type: string }> = {
  "swagger-ui.css": { file: "swagger-ui.css", type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { file: "swagger-ui-bundle.js", type: "text/javascript; charset=utf-8" },
};
/** Read on first request, then kept: the files only change with a reinstall. */
const assetContents = new Map<string, string>();

function assetContent(file: string): string {
  let content = assetContents.get(file);
  if (!content) {
    content = readFileSync(path.join(swaggerDir, file), "utf8");
    assetContents.set(file, content);
  }
  return content;
}

const page = (specUrl: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Cairn API reference</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
  <style>body{margin:0} .topbar{display:none}</style>
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/init.js" data-spec="${specUrl}"></script>
</body>
</html>`;

// A separate file rather than an inline script, so the Content-Security-Policy can forbid inline scripts.
const initScript = `const spec = document.currentScript.dataset.spec;
window.ui = SwaggerUIBundle({ url: spec, dom_id: "#docs", deepLinking: true, tryItOutEnabled: true });`;

/** The interactive API reference, served from the installed swagger-ui-dist: no CDN, works offline. */
export function mountApiDocs(app: Hono<AppEnv>, specUrl: string): void {
  app.get("/api/docs", (c) => c.html(page(specUrl)));
  app.get("/api/docs/assets/init.js", (c) => c.body(initScript, 200, { "Content-Type": "text/javascript" }));
  app.get("/api/docs/assets/:name", (c) => {
    const asset = assets[c.req.param("name")];
    if (!asset) return c.notFound();
    return c.body(assetContent(asset.file), 200, {
      "Content-Type": asset.type,
      "Cache-Control": "public, max-age=86400",
    });
  });
}
