import { createRoute, z } from "@hono/zod-openapi";
import { commonErrorResponses, createRouter } from "../http";
import { AppError } from "../http/errors";
import { attachmentDisposition, type FileStorage } from "./file-storage";
import type { LocalFileStorage } from "./local-storage";

const download = createRoute({
  method: "get",
  path: "/files/{token}",
  tags: ["Files"],
  summary: "Download a file through a signed link (local storage); no session needed",
  description:
    "Links come from endpoints such as an attachment's download and expire after a few minutes. " +
    "With S3 storage, links point at the bucket instead and this endpoint answers 404.",
  request: {
    params: z.object({
      token: z
        .string()
        .min(1)
        .max(4096)
        .openapi({ param: { name: "token", in: "path" } }),
    }),
  },
  responses: {
    200: {
      description: "The file, as an attachment",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    404: commonErrorResponses[404],
    410: { ...commonErrorResponses[404], description: "The link has expired" },
  },
});

const isLocal = (storage: FileStorage): storage is LocalFileStorage => storage.kind === "local";

/** Serves signed local download links. */
export function storageRoutes(storage: FileStorage) {
  return createRouter().openapi(download, async (c) => {
    if (!isLocal(storage)) throw new AppError("NOT_FOUND");
    const check = storage.verifyDownloadToken(c.req.valid("param").token);
    if (!check.ok) {
      throw check.reason === "expired"
        ? new AppError("GONE", { message: "This download link has expired; ask for a new one" })
        : new AppError("NOT_FOUND");
    }
    const body = await storage.get(check.grant.key);
    if (!body) throw new AppError("NOT_FOUND");
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": check.grant.contentType,
      "Content-Disposition": attachmentDisposition(check.grant.fileName),
      "Content-Length": String(body.byteLength),
      "Cache-Control": "private, no-store",
    });
  });
}
