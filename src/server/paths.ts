import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(): string {
  // Works from src/ (tsx, tests) and from the bundled dist/server/main.js alike.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "cairn") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("Cannot find Cairn's package.json above the running code");
    dir = parent;
  }
}

export const projectRoot = findProjectRoot();
export const migrationsDir = path.join(projectRoot, "src/server/db/migrations");
/** Where `npm run build` puts the web app; CAIRN_WEB_DIR (config.ts) may point elsewhere. */
export const webDistDir = path.join(projectRoot, "dist/web");
export const appVersion: string = JSON.parse(
  readFileSync(path.join(projectRoot, "package.json"), "utf8"),
).version;
