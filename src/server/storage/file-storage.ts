import { uuidv7 } from "uuidv7";
import { AppError } from "../http/errors";

export interface SignedUrl {
  url: string;
  expiresAt: Date;
}

/**
 * Where user files live: local disk by default, S3 when configured. Keys come from
 * `newStorageKey` and never from user input, so a file name can never choose a path.
 */
export interface FileStorage {
  readonly kind: "local" | "s3";
  readonly maxUploadBytes: number;
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or undefined when there is no such file. The caller's record knows the type. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Removing a missing file is not an error. */
  delete(key: string): Promise<void>;
  /**
   * A URL that downloads the file, as an attachment named `fileName`, without a session,
   * until it expires: presigned for S3, HMAC-signed and served by storage routes locally.
   */
  signedDownloadUrl(key: string, file: { fileName: string; contentType: string }): Promise<SignedUrl>;
}

/** Download links are for clicking now, not for sharing: five minutes. */
export const SIGNED_URL_TTL_SECONDS = 300;

const KEY = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*){1,4}$/;

/** A fresh key under a namespace, e.g. `attachments/<org id>/<uuid>`. */
export function newStorageKey(...namespace: string[]): string {
  const key = [...namespace.map((segment) => segment.toLowerCase()), uuidv7()].join("/");
  assertStorageKey(key);
  return key;
}

export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.length > 300) throw new Error(`not a storage key: ${key}`);
}

/**
 * What may be uploaded: documents, spreadsheets, presentations, images, text and archives.
 * Anything else (HTML, SVG, scripts, executables) is refused; what is accepted is always
 * served as a download, never rendered inline.
 */
export const ALLOWED_CONTENT_TYPES = [
  "application/pdf",
  "application/json",
  "application/zip",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "application/vnd.ms-outlook",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "text/plain",
  "text/csv",
  "text/markdown",
  "message/rfc822",
] as const;

/** The bare media type: "text/csv; charset=utf-8" → "text/csv". */
export function mediaType(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

/**
 * Refuses an upload that is too large (413) or of a type not on the list (415); returns the
 * bare media type to store.
 */
export function checkUpload(
  file: { size: number; type: string },
  limits: { maxBytes: number; allowedTypes?: readonly string[] },
): string {
  if (file.size > limits.maxBytes) {
    throw new AppError("PAYLOAD_TOO_LARGE", {
      message: `Files may be at most ${limits.maxBytes} bytes`,
      details: { max_bytes: limits.maxBytes, size: file.size },
    });
  }
  const type = mediaType(file.type || "application/octet-stream");
  const allowed: readonly string[] = limits.allowedTypes ?? ALLOWED_CONTENT_TYPES;
  if (!allowed.includes(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", {
      message: `Files of type ${type} are not accepted`,
      details: { content_type: type, allowed },
    });
  }
  return type;
}

/** `attachment; filename=…` that survives any file name: ASCII fallback plus RFC 5987 UTF-8. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
