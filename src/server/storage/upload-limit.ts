import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../http";
import type { AppEnv } from "../http/context";
import { errorResponse } from "../http/error-handler";

/**
 * Requests that carry a file. They are exempt from the app-wide MAX_BODY_BYTES limit, which is
 * sized for JSON, and apply `uploadBodyLimit` on their route instead: MAX_UPLOAD_BYTES for
 * attachments, the importer's own limit for spreadsheets.
 */
const UPLOAD_ROUTES = [
  /^\/api\/v1\/projects\/[^/]+\/items\/[^/]+\/attachments\/?$/,
  /^\/api\/v1\/projects\/[^/]+\/imports\/?$/,
];

export const isUploadRequest = (method: string, path: string) =>
  method === "POST" && UPLOAD_ROUTES.some((route) => route.test(path));

/** Room for the multipart envelope around the file: boundaries, part headers, a file name. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * The body limit of an upload route: the file may be `maxUploadBytes`, plus its envelope. The
 * exact file size is checked again once the form is read.
 */
export const uploadBodyLimit = (maxUploadBytes: number): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: maxUploadBytes + MULTIPART_OVERHEAD_BYTES,
    onError: (c) =>
      errorResponse(
        c,
        new AppError("PAYLOAD_TOO_LARGE", {
          message: `Files may be at most ${maxUploadBytes} bytes`,
          details: { max_bytes: maxUploadBytes },
        }),
      ),
  });
