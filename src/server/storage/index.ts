import { createHmac } from "node:crypto";
import path from "node:path";
import type { FileStorage } from "./file-storage";
import { createLocalFileStorage } from "./local-storage";
import { createS3FileStorage } from "./s3-storage";
import type { StorageConfig } from "./storage.config";

export {
  ALLOWED_CONTENT_TYPES,
  attachmentDisposition,
  checkUpload,
  type FileStorage,
  mediaType,
  newStorageKey,
  SIGNED_URL_TTL_SECONDS,
  type SignedUrl,
} from "./file-storage";
export { createLocalFileStorage, type LocalFileStorage } from "./local-storage";
export { createS3FileStorage } from "./s3-storage";
export { loadStorageConfig, type StorageConfig, StorageConfigError } from "./storage.config";
export { storageRoutes } from "./storage.routes";
export { isUploadRequest, uploadBodyLimit } from "./upload-limit";

/** S3 when configured, else DATA_DIR/files with download links signed by a key derived from AUTH_SECRET. */
export function createFileStorage(options: {
  config: StorageConfig;
  dataDir: string;
  authSecret: string;
  publicUrl: string;
}): FileStorage {
  const { config } = options;
  if (config.s3) return createS3FileStorage(config.s3, { maxUploadBytes: config.maxUploadBytes });
  return createLocalFileStorage({
    dir: path.join(options.dataDir, "files"),
    // A separate key per purpose: a leaked download link reveals nothing about session signing.
    signingKey: createHmac("sha256", options.authSecret)
      .update("cairn:file-download-links")
      .digest("base64url"),
    publicUrl: options.publicUrl,
    maxUploadBytes: config.maxUploadBytes,
  });
}
