/**
 * The compiled package (bin/, `npm run build`) for the tests that start the plugin or pack the
 * package: built here when bin/ is missing or older than a source, so a test never runs stale
 * JavaScript. The plugin suite runs two files at once: a lock folder keeps them from building
 * over each other, and the second finds the first's build fresh.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT } from "../../provider/package";

export const BIN = path.join(ROOT, "bin");
/** The build's own files (git-ignored; bin/ is packed whole, so not in there). */
const WORK = path.join(ROOT, ".build");
/** Written after a whole build, dated at its start. */
const STAMP = path.join(WORK, "built");
const LOCK = path.join(WORK, "lock");
/** A lock older than this was left by a killed build. */
const STALE_LOCK_MS = 5 * 60_000;

/** What the build reads: the sources tsconfig.build.json covers, the tsconfigs, package.json. */
function newestSourceMs(): number {
  let newest = 0;
  const visit = (file: string): void => {
    newest = Math.max(newest, statSync(file).mtimeMs);
  };
  for (const dir of ["infra", "provider"]) {
    for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith(".ts")) visit(path.join(entry.parentPath, entry.name));
    }
  }
  for (const file of ["tsconfig.json", "tsconfig.build.json", "package.json"]) visit(path.join(ROOT, file));
  return newest;
}

function fresh(): boolean {
  return existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSourceMs();
}

/** tsc over tsconfig.build.json into a fresh folder, then swapped in whole for bin/. */
function build(): { ms: number } {
  const started = performance.now();
  // The stamp carries the build's start: a source saved during the build leaves bin/ stale.
  const startedAt = new Date();
  const next = path.join(WORK, "bin.next");
  rmSync(next, { recursive: true, force: true });
  const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", next], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) {
    rmSync(next, { recursive: true, force: true });
    throw new Error(`npm run build failed (tsc -p tsconfig.build.json, exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  rmSync(STAMP, { force: true });
  rmSync(BIN, { recursive: true, force: true });
  renameSync(next, BIN);
  writeFileSync(STAMP, "");
  utimesSync(STAMP, startedAt, startedAt);
  return { ms: performance.now() - started };
}

/** bin/ up to date with the sources; `built` says whether this call compiled it, and in how long. */
export async function ensureBuilt(): Promise<{ built: boolean; ms: number }> {
  if (fresh()) return { built: false, ms: 0 };
  mkdirSync(WORK, { recursive: true });
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock !== undefined && (Date.now() - lock.mtimeMs > STALE_LOCK_MS || Date.now() > deadline)) rmSync(LOCK, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  try {
    return fresh() ? { built: false, ms: 0 } : { built: true, ...build() };
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
