import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertStorageKey, type FileStorage, SIGNED_URL_TTL_SECONDS } from "./file-storage";

/** What a local download token grants: one file, under one name and type, until a time. */
export interface DownloadGrant {
  key: string;
  fileName: string;
  contentType: string;
  expiresAt: number;
}

export type TokenCheck = { ok: true; grant: DownloadGrant } | { ok: false; reason: "invalid" | "expired" };

export interface LocalFileStorage extends FileStorage {
  readonly kind: "local";
  verifyDownloadToken(token: string): TokenCheck;
}

/** The path under which storage routes serve signed local downloads. */
export const LOCAL_DOWNLOAD_PATH = "/api/v1/files";

/**
 * Files on disk under `dir` (DATA_DIR/files). Writes go to a temporary file renamed into place,
 * so a crash never leaves half a file under a real key. Download URLs carry an HMAC over the
 * key, name, type and expiry: the route that serves them needs no session and trusts nothing
 * else in the URL.
 */
export function createLocalFileStorage(options: {
  dir: string;
  /** Signs download tokens; derive it from the instance secret. */
  signingKey: string;
  publicUrl: string;
  maxUploadBytes: number;
  now?: () => number;
}): LocalFileStorage {
  const root = path.resolve(options.dir);
  const now = options.now ?? Date.now;

  function fileOf(key: string): string {
    assertStorageKey(key);
    const file = path.resolve(root, ...key.split("/"));
    if (!file.startsWith(`${root}${path.sep}`)) throw new Error(`storage key escapes the root: ${key}`);
    return file;
  }

  const sign = (payload: string) =>
    createHmac("sha256", options.signingKey).update(payload).digest("base64url");

  return {
    kind: "local",
    maxUploadBytes: options.maxUploadBytes,

    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await writeFile(temporary, body, { flag: "wx" });
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },

    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },

    async delete(key) {
      await rm(fileOf(key), { force: true });
    },

    async signedDownloadUrl(key, file) {
      assertStorageKey(key);
      const expiresAt = now() + SIGNED_URL_TTL_SECONDS * 1000;
      const grant = { k: key, n: file.fileName, t: file.contentType, e: expiresAt };
      const payload = Buffer.from(JSON.stringify(grant)).toString("base64url");
      return {
        url: `${options.publicUrl}${LOCAL_DOWNLOAD_PATH}/${payload}.${sign(payload)}`,
        expiresAt: new Date(expiresAt),
      };
    },

    verifyDownloadToken(token) {
      const [payload, signature, extra] = token.split(".");
      if (!payload || !signature || extra !== undefined) return { ok: false, reason: "invalid" };
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: "invalid" };
      }
      const grant = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
        k: string;
        n: string;
        t: string;
        e: number;
      };
      if (now() > grant.e) return { ok: false, reason: "expired" };
      return {
        ok: true,
        grant: { key: grant.k, fileName: grant.n, contentType: grant.t, expiresAt: grant.e },
      };
    },
  };
}
