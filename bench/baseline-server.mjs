// The bare baseline: Hono's hello world on the same Node adapter Cairn uses, nothing else.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.json({ data: { status: "ok" } }));
serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(process.env.PORT) }, () => {
  process.stdout.write("ready\n");
});
