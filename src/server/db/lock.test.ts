import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDirectoryLock, DirectoryLockedError } from "./lock";

const freshDir = () => mkdtempSync(path.join(tmpdir(), "cairn-lock-"));

describe("acquireDirectoryLock", () => {
  it("refuses a second holder while the first holds the lock, and allows it after release", () => {
    const dir = freshDir();
    const release = acquireDirectoryLock(dir);
    expect(readFileSync(path.join(dir, "cairn.lock"), "utf8")).toBe(String(process.pid));
    expect(() => acquireDirectoryLock(dir)).toThrow(DirectoryLockedError);
    release();
    expect(existsSync(path.join(dir, "cairn.lock"))).toBe(false);
    acquireDirectoryLock(dir)();
  });

  it("takes over a lock left behind by a process that died", () => {
    const dir = freshDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    writeFileSync(path.join(dir, "cairn.lock"), dead.stdout.toString());
    const release = acquireDirectoryLock(dir);
    expect(readFileSync(path.join(dir, "cairn.lock"), "utf8")).toBe(String(process.pid));
    release();
  });
});
