// Builds the web app (Vite) and the server bundle (esbuild) into dist/.
// With --if-stale it does nothing when dist/ is newer than every source file, so
// `npm start` after the first run starts in about a second.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ifStale = process.argv.includes("--if-stale");
const outputs = [path.join(root, "dist/web/index.html"), path.join(root, "dist/server/main.js")];
const inputs = ["src", "package.json", "package-lock.json", "vite.config.ts", "tsconfig.json"];

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function isStale() {
  if (!outputs.every(existsSync)) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return Math.max(...inputs.map(newestMtime)) > built;
}

if (ifStale && !isStale()) process.exit(0);

const started = Date.now();
const vite = spawnSync(
  process.execPath,
  [path.join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
if (vite.status !== 0) process.exit(vite.status ?? 1);

await build({
  entryPoints: [path.join(root, "src/server/main.ts")],
  outfile: path.join(root, "dist/server/main.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log(`Built Cairn in ${((Date.now() - started) / 1000).toFixed(1)}s`);
