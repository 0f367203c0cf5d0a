import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Database } from "../db";
import type { TranscriptStorageConfig } from "./ai.config";
import { listTranscriptRetention } from "./ai.queries";

/** One exchange of a conversation, as the user saw it (before sanitising), with its metadata. */
export interface TranscriptEntry {
  id: string;
  orgId: string;
  userId: string | null;
  sessionId: string;
  feature: string;
  task: string;
  provider: string;
  model: string;
  offline: boolean;
  status: "success" | "error" | "aborted";
  startedAt: string;
  finishedAt: string;
  request: { system: string | null; messages: unknown[] };
  response: {
    text: string;
    toolCalls: { toolName: string; input: unknown }[];
    toolResults: { toolName: string; output: unknown }[];
  };
}

/**
 * Where transcripts live: one object per exchange under `<org>/<session>/<time>-<id>.json`,
 * so appending never rewrites an object (S3 cannot append) and retention can purge by the
 * time in the name without reading anything.
 */
export interface TranscriptStore {
  save(entry: TranscriptEntry): Promise<void>;
  listSession(orgId: string, sessionId: string): Promise<TranscriptEntry[]>;
  /** Deletes an org's exchanges that started before `before`; returns how many. */
  purge(orgId: string, before: Date): Promise<number>;
  listOrgIds(): Promise<string[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

function orgSegment(orgId: string): string {
  if (!UUID.test(orgId)) throw new Error(`not an org id: ${orgId}`);
  return orgId.toLowerCase();
}

/** Session ids come from callers: anything unusual is hashed so it can never escape its folder. */
function sessionSegment(sessionId: string): string {
  return SAFE_SEGMENT.test(sessionId)
    ? sessionId
    : `h-${createHash("sha256").update(sessionId).digest("hex").slice(0, 40)}`;
}

/** Zero-padded epoch milliseconds sort the same as text and as time. */
function entryName(entry: TranscriptEntry): string {
  return `${String(Date.parse(entry.startedAt)).padStart(15, "0")}-${entry.id}.json`;
}

function startedAtOf(name: string): number {
  return Number(/^(\d{15})-/.exec(name)?.[1] ?? Number.NaN);
}

export function createDiskTranscriptStore(dir: string): TranscriptStore {
  return {
    async save(entry) {
      const folder = path.join(dir, orgSegment(entry.orgId), sessionSegment(entry.sessionId));
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, entryName(entry));
      // Write then rename: a crash mid-write leaves a temp file, never half a transcript.
      await writeFile(`${file}.tmp`, JSON.stringify(entry), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    },

    async listSession(orgId, sessionId) {
      const folder = path.join(dir, orgSegment(orgId), sessionSegment(sessionId));
      const names = (await readdir(folder).catch(() => [] as string[]))
        .filter((name) => name.endsWith(".json"))
        .sort();
      return Promise.all(
        names.map(
          async (name) => JSON.parse(await readFile(path.join(folder, name), "utf8")) as TranscriptEntry,
        ),
      );
    },

    async purge(orgId, before) {
      const orgDir = path.join(dir, orgSegment(orgId));
      let purged = 0;
      for (const session of await readdir(orgDir).catch(() => [] as string[])) {
        const folder = path.join(orgDir, session);
        const names = await readdir(folder);
        for (const name of names) {
          if (startedAtOf(name) < before.getTime()) {
            await rm(path.join(folder, name), { force: true });
            purged += 1;
          }
        }
        await rmdir(folder).catch(() => {});
      }
      return purged;
    },

    async listOrgIds() {
      return (await readdir(dir).catch(() => [] as string[])).filter((name) => UUID.test(name));
    },
  };
}

const S3_PREFIX = "transcripts/";

export function createS3TranscriptStore(
  config: Extract<TranscriptStorageConfig, { kind: "s3" }>,
): TranscriptStore {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
  });
  const bucket = config.bucket;

  async function listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  return {
    async save(entry) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${S3_PREFIX}${orgSegment(entry.orgId)}/${sessionSegment(entry.sessionId)}/${entryName(entry)}`,
          Body: JSON.stringify(entry),
          ContentType: "application/json",
        }),
      );
    },

    async listSession(orgId, sessionId) {
      const keys = (await listKeys(`${S3_PREFIX}${orgSegment(orgId)}/${sessionSegment(sessionId)}/`)).sort();
      return Promise.all(
        keys.map(async (key) => {
          const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          return JSON.parse((await object.Body?.transformToString("utf8")) ?? "null") as TranscriptEntry;
        }),
      );
    },

    async purge(orgId, before) {
      const expired = (await listKeys(`${S3_PREFIX}${orgSegment(orgId)}/`)).filter(
        (key) => startedAtOf(key.slice(key.lastIndexOf("/") + 1)) < before.getTime(),
      );
      // DeleteObjects takes at most 1000 keys per request.
      for (let start = 0; start < expired.length; start += 1000) {
        const batch = expired.slice(start, start + 1000);
        await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
      }
      return expired.length;
    },

    async listOrgIds() {
      const orgIds: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: S3_PREFIX,
            Delimiter: "/",
            ContinuationToken: token,
          }),
        );
        for (const prefix of page.CommonPrefixes ?? []) {
          const orgId = prefix.Prefix?.slice(S3_PREFIX.length, -1);
          if (orgId && UUID.test(orgId)) orgIds.push(orgId);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return orgIds;
    },
  };
}

export function createTranscriptStore(config: TranscriptStorageConfig): TranscriptStore {
  return config.kind === "s3" ? createS3TranscriptStore(config) : createDiskTranscriptStore(config.dir);
}

/**
 * Retention across all orgs (a scheduled job): each org's own setting, else the instance
 * default. Runs as the database owner because it spans tenants.
 */
export async function purgeExpiredTranscripts(deps: {
  db: Database;
  store: TranscriptStore;
  defaultRetentionDays: number;
  now: Date;
}): Promise<number> {
  const overrides = new Map((await listTranscriptRetention(deps.db)).map((row) => [row.orgId, row.days]));
  let purged = 0;
  for (const orgId of await deps.store.listOrgIds()) {
    const days = overrides.get(orgId) ?? deps.defaultRetentionDays;
    purged += await deps.store.purge(orgId, new Date(deps.now.getTime() - days * 86_400_000));
  }
  return purged;
}
