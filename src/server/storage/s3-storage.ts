import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import {
  assertStorageKey,
  attachmentDisposition,
  type FileStorage,
  SIGNED_URL_TTL_SECONDS,
} from "./file-storage";
import type { S3Settings } from "./storage.config";

/**
 * Files in an S3 bucket (or an S3-compatible store). Downloads are presigned GETs that also
 * fix the response's Content-Disposition and Content-Type, so the bucket never renders a file
 * inline under its own origin.
 */
export function createS3FileStorage(settings: S3Settings, options: { maxUploadBytes: number }): FileStorage {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // Only checksum when S3 demands it: many S3-compatible stores reject the newer
    // flexible-checksum headers and chunked trailers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = settings.bucket;

  return {
    kind: "s3",
    maxUploadBytes: options.maxUploadBytes,

    async put(key, body, contentType) {
      assertStorageKey(key);
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }));
    },

    async get(key) {
      assertStorageKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
        throw error;
      }
    },

    async delete(key) {
      assertStorageKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async signedDownloadUrl(key, file) {
      assertStorageKey(key);
      const command = new GetObjectCommand({
        Bucket,
        Key: key,
        ResponseContentDisposition: attachmentDisposition(file.fileName),
        ResponseContentType: file.contentType,
      });
      const expiresAt = new Date(Date.now() + SIGNED_URL_TTL_SECONDS * 1000);
      const url = await getSignedUrl(client, command, { expiresIn: SIGNED_URL_TTL_SECONDS });
      return { url, expiresAt };
    },
  };
}
