import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../app";
import { createRouter } from "../http";
import { AppError } from "../http/errors";
import { silentLogger, testConfig } from "../testing/test-app";
import {
  checkUpload,
  createFileStorage,
  createLocalFileStorage,
  createS3FileStorage,
  type FileStorage,
  loadStorageConfig,
  newStorageKey,
  SIGNED_URL_TTL_SECONDS,
  StorageConfigError,
  storageRoutes,
} from "./index";
import { type FakeS3, startFakeS3 } from "./testing/fake-s3";

const PUBLIC_URL = "http://localhost:3000";
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : data);

describe("storage configuration", () => {
  it("defaults to local disk and 25 MiB uploads", () => {
    expect(loadStorageConfig({})).toEqual({ s3: null, maxUploadBytes: 25 * 1024 * 1024 });
  });

  it("reads an S3-compatible store", () => {
    expect(
      loadStorageConfig({
        S3_BUCKET: "cairn-files",
        S3_ENDPOINT: "http://127.0.0.1:9000",
        S3_ACCESS_KEY_ID: "id",
        S3_SECRET_ACCESS_KEY: "secret",
        S3_FORCE_PATH_STYLE: "true",
        MAX_UPLOAD_BYTES: "1048576",
        S3_REGION: "",
      }),
    ).toEqual({
      maxUploadBytes: 1_048_576,
      s3: {
        bucket: "cairn-files",
        region: "us-east-1",
        endpoint: "http://127.0.0.1:9000",
        credentials: { accessKeyId: "id", secretAccessKey: "secret" },
        forcePathStyle: true,
      },
    });
  });

  it.each([
    [{ S3_BUCKET: "b-1", S3_ACCESS_KEY_ID: "id" }, /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/],
    [{ S3_ENDPOINT: "http://127.0.0.1:9000" }, /S3_BUCKET: is required/],
    [{ S3_ENDPOINT: "not a url", S3_BUCKET: "b-1" }, /S3_ENDPOINT/],
    [{ MAX_UPLOAD_BYTES: "lots" }, /MAX_UPLOAD_BYTES/],
    [{ MAX_UPLOAD_BYTES: "10" }, /MAX_UPLOAD_BYTES: must be at least 1024/],
    [{ S3_FORCE_PATH_STYLE: "maybe", S3_BUCKET: "b-1" }, /S3_FORCE_PATH_STYLE/],
  ])("refuses %j", (env, message) => {
    expect(() => loadStorageConfig(env)).toThrow(StorageConfigError);
    expect(() => loadStorageConfig(env)).toThrow(message);
  });
});

describe("upload limits", () => {
  it("accepts listed types at the size limit and returns the bare media type", () => {
    expect(checkUpload({ size: 100, type: "text/csv; charset=utf-8" }, { maxBytes: 100 })).toBe("text/csv");
    expect(checkUpload({ size: 1, type: "application/PDF" }, { maxBytes: 100 })).toBe("application/pdf");
  });

  it("refuses one byte over the limit with 413", () => {
    const refusal = (() => {
      try {
        checkUpload({ size: 101, type: "text/csv" }, { maxBytes: 100 });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { max_bytes: 100, size: 101 } });
  });

  it.each(["text/html", "image/svg+xml", "application/javascript", "application/x-msdownload", ""])(
    "refuses %j with 415",
    (type) => {
      expect(() => checkUpload({ size: 1, type }, { maxBytes: 100 })).toThrow(
        expect.objectContaining({ code: "UNSUPPORTED_MEDIA_TYPE" }),
      );
    },
  );
});

describe("storage keys", () => {
  it("are generated, namespaced and unique", () => {
    const key = newStorageKey("attachments", "0193E0A4-6F8B-7C2E-9D41-2A5F1B7C8E90");
    expect(key).toMatch(/^attachments\/0193e0a4-6f8b-7c2e-9d41-2a5f1b7c8e90\/[0-9a-f-]{36}$/);
    expect(newStorageKey("attachments")).not.toBe(newStorageKey("attachments"));
  });

  it("refuse names that could leave the namespace", () => {
    expect(() => newStorageKey("../etc")).toThrow();
    expect(() => newStorageKey("a/b/c/d/e")).toThrow();
  });
});

/** The behaviour every FileStorage must have, run against each implementation. */
function storageContract(name: string, make: () => FileStorage) {
  describe(`${name}: the FileStorage contract`, () => {
    it("stores, reads back and deletes a file", async () => {
      const storage = make();
      const key = newStorageKey("contract", "org");
      await storage.put(key, bytes("hello, storage"), "text/plain");
      expect(text(await storage.get(key))).toBe("hello, storage");
      await storage.delete(key);
      expect(await storage.get(key)).toBeUndefined();
    });

    it("answers undefined for a missing file and deletes missing files quietly", async () => {
      const storage = make();
      const key = newStorageKey("contract", "org");
      expect(await storage.get(key)).toBeUndefined();
      await expect(storage.delete(key)).resolves.toBeUndefined();
    });

    it("refuses keys it did not generate", async () => {
      const storage = make();
      await expect(storage.put("../outside", bytes("x"), "text/plain")).rejects.toThrow(/storage key/);
      await expect(storage.get("/etc/passwd")).rejects.toThrow(/storage key/);
    });

    it("signs a download link that expires in five minutes", async () => {
      const storage = make();
      const key = newStorageKey("contract", "org");
      await storage.put(key, bytes("report body"), "application/pdf");
      const before = Date.now();
      const { url, expiresAt } = await storage.signedDownloadUrl(key, {
        fileName: "Status report – März.pdf",
        contentType: "application/pdf",
      });
      expect(expiresAt.getTime() - before).toBeGreaterThanOrEqual(SIGNED_URL_TTL_SECONDS * 1000 - 1000);
      expect(expiresAt.getTime() - before).toBeLessThanOrEqual(SIGNED_URL_TTL_SECONDS * 1000 + 1000);
      expect(url).toMatch(/^http/);
    });
  });
}

describe("local disk storage", () => {
  let dir: string;
  let now = Date.now();
  const make = () =>
    createLocalFileStorage({
      dir,
      signingKey: "k".repeat(32),
      publicUrl: PUBLIC_URL,
      maxUploadBytes: 1024,
      now: () => now,
    });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "cairn-storage-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  storageContract("local", make);

  it("writes under the directory by key, leaving no temporary files", async () => {
    const storage = make();
    const key = newStorageKey("attachments", "org-a");
    await storage.put(key, bytes("on disk"), "text/plain");
    const folder = path.join(dir, "attachments", "org-a");
    expect(readdirSync(folder)).toEqual([key.split("/").at(-1)]);
  });

  describe("signed download links, served by the storage route", () => {
    const app = createHttpApp({ config: testConfig, logger: silentLogger() });
    let storage: ReturnType<typeof make>;
    let key: string;
    const download = (url: string) => app.request(url.replace(PUBLIC_URL, ""));

    beforeAll(async () => {
      storage = make();
      app.route("/api/v1", createRouter().route("/", storageRoutes(storage)));
      key = newStorageKey("attachments", "org-a");
      await storage.put(key, bytes("col1,col2\n1,2\n"), "text/csv");
    });

    it("downloads the file as an attachment with its name and type", async () => {
      const { url } = await storage.signedDownloadUrl(key, {
        fileName: "Risks – Q3.csv",
        contentType: "text/csv",
      });
      const response = await download(url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv");
      expect(response.headers.get("content-disposition")).toBe(
        `attachment; filename="Risks _ Q3.csv"; filename*=UTF-8''Risks%20%E2%80%93%20Q3.csv`,
      );
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(await response.text()).toBe("col1,col2\n1,2\n");
    });

    it("answers 404 to a tampered link, revealing nothing", async () => {
      const { url } = await storage.signedDownloadUrl(key, { fileName: "a.csv", contentType: "text/csv" });
      const [payload, signature] = url.split("/").at(-1)!.split(".") as [string, string];
      const grant = JSON.parse(Buffer.from(payload, "base64url").toString());
      const forged = Buffer.from(JSON.stringify({ ...grant, t: "text/html" })).toString("base64url");
      for (const token of [`${forged}.${signature}`, `${payload}.${signature.slice(1)}x`, payload, "x.y.z"]) {
        const response = await app.request(`/api/v1/files/${token}`);
        expect(response.status, token).toBe(404);
        expect((await response.json()).error).toBe("NOT_FOUND");
      }
    });

    it("answers 410 once the link has expired", async () => {
      const { url } = await storage.signedDownloadUrl(key, { fileName: "a.csv", contentType: "text/csv" });
      now += SIGNED_URL_TTL_SECONDS * 1000 + 1;
      const response = await download(url);
      expect(response.status).toBe(410);
      expect((await response.json()).error).toBe("GONE");
    });

    it("answers 404 when the file is gone", async () => {
      const { url } = await storage.signedDownloadUrl(key, { fileName: "a.csv", contentType: "text/csv" });
      await storage.delete(key);
      expect((await download(url)).status).toBe(404);
    });
  });
});

describe("S3 storage against a local fake S3", () => {
  let s3: FakeS3;
  const make = () =>
    createS3FileStorage(
      {
        bucket: s3.bucket,
        region: "eu-west-1",
        endpoint: s3.endpoint,
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        forcePathStyle: true,
      },
      { maxUploadBytes: 1024 },
    );

  beforeAll(async () => {
    s3 = await startFakeS3();
  });
  afterAll(() => s3.close());

  storageContract("s3", make);

  it("puts objects with their content type, through signed requests", async () => {
    const key = newStorageKey("attachments", "org-b");
    await make().put(key, bytes("%PDF-1.7"), "application/pdf");
    expect(s3.objects.get(key)).toEqual({ body: Buffer.from("%PDF-1.7"), contentType: "application/pdf" });
    expect(s3.requests).toContain(`PUT /${s3.bucket}/${key}`);
  });

  it("presigns a GET that downloads as an attachment with the stored name and type", async () => {
    const storage = make();
    const key = newStorageKey("attachments", "org-b");
    await storage.put(key, bytes("minutes"), "text/plain");
    const { url } = await storage.signedDownloadUrl(key, {
      fileName: "Minutes – März.txt",
      contentType: "text/plain",
    });
    expect(url).toContain("X-Amz-Expires=300");
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("minutes");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Minutes _ M_rz.txt"; filename*=UTF-8''Minutes%20%E2%80%93%20M%C3%A4rz.txt`,
    );
  });

  it("fails loudly when the store refuses the credentials", async () => {
    const wrong = createS3FileStorage(
      {
        bucket: s3.bucket,
        region: "eu-west-1",
        endpoint: s3.endpoint,
        credentials: { accessKeyId: "SOMEONEELSE", secretAccessKey: "nope" },
        forcePathStyle: true,
      },
      { maxUploadBytes: 1024 },
    );
    await expect(
      wrong.put(newStorageKey("attachments", "org-b"), bytes("x"), "text/plain"),
    ).rejects.toThrow();
  });

  it("is what createFileStorage builds when S3 is configured, local disk otherwise", () => {
    const common = { dataDir: tmpdir(), authSecret: "s".repeat(40), publicUrl: PUBLIC_URL };
    const configured = loadStorageConfig({
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(createFileStorage({ config: configured, ...common }).kind).toBe("s3");
    expect(createFileStorage({ config: loadStorageConfig({}), ...common }).kind).toBe("local");
    expect(existsSync(path.join(tmpdir(), "files"))).toBe(false);
  });
});
