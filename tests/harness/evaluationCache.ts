/**
 * Evaluations kept on disk between test processes and runs, for the test worker
 * (tests/harness/workerMain.ts). An evaluation under the mocks is a pure function of its options and of
 * the code and data it runs, so one stored under a key of both is the evaluation the program would
 * give again. The key:
 * - the **source fingerprint**: path and content of every file under `infra/` (the program),
 *   `offline/` (the evaluator and its mocks) and `tests/harness/` (the worker and this cache),
 *   `package-lock.json` (the SDKs' and providers'
 *   versions), Node's version and platform. Editing any of them starts a new, empty cache; editing
 *   a test or a script does not. The worker checks that it loaded nothing of the repository
 *   outside those folders (outsideFingerprint), or it does not use the cache.
 * - the **options**, as canonical JSON, plus the text of the stack file and `Pulumi.yaml` they read
 *   when they carry no config of their own (from `root` when given: its path is not in the key,
 *   the files' text is). The worker keys its memo and this cache by keyedOptions: the config as
 *   the evaluation reads it, so that one config named in different ways is evaluated once.
 * An evaluation whose program is a module of a test's own (`program: { module, export }`) has that
 * module's text in its key, and is stored only when everything else the module imports is inside
 * the fingerprint or installed (uncoveredImports).
 *
 * Where: `node_modules/.cache/azure-aws-vpn/evaluations/<fingerprint>/` (`npm ci` empties it). Off
 * with `AZURE_AWS_VPN_EVALUATION_CACHE=off`. Entries are written to a temporary name and renamed,
 * so two test processes never read half an entry; a run that finds another fingerprint's entries
 * deletes them.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { deserialize, serialize } from "node:v8";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { EncryptedValue, type RawConfig } from "../../infra/config";
import { normaliseRawConfig } from "../../infra/stackFile";
import { EVALUATION_TIMEOUT, type EvaluateOptions } from "../../offline/evaluation";
import { readStackConfig } from "../../offline/stackConfig";
import { CACHE_SWITCH, switchedOff } from "./protocol";

export { CACHE_SWITCH };

const SOURCE_FILE = /\.(ts|js|cjs|mjs|json|ya?ml)$/;
/** The folders whose every file counts: the program (infra/), the evaluator with its mocks (offline/) and this harness. */
export const FINGERPRINTED_DIRS = ["infra", "offline", "tests/harness"] as const;

function filesUnder(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE_FILE.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/**
 * The hash of everything an evaluation's result depends on besides its options: every file under
 * FINGERPRINTED_DIRS (path and content), package-lock.json (the SDKs' and providers' versions) and
 * Node's version and platform.
 */
export function sourceFingerprint(root: string): string {
  const hash = createHash("sha256").update(`node ${process.version} ${process.platform} ${process.arch}\n`);
  const files = [...FINGERPRINTED_DIRS.flatMap((dir) => filesUnder(root, dir)), "package-lock.json"].sort();
  for (const file of files) {
    const full = path.join(root, file);
    hash.update(`${file}\n`).update(existsSync(full) ? readFileSync(full) : "(none)").update("\n");
  }
  return hash.digest("hex").slice(0, 24);
}

/**
 * Of the modules a process loaded (absolute paths), those of the repository outside
 * FINGERPRINTED_DIRS and node_modules. The evaluation worker checks its own at start: should the
 * program ever import from another folder, the cache turns itself off instead of serving stale
 * evaluations.
 */
export function outsideFingerprint(root: string, loaded: readonly string[]): string[] {
  const inside = (relative: string): boolean => FINGERPRINTED_DIRS.some((dir) => relative.startsWith(`${dir}/`));
  return loaded
    .filter((file) => file.startsWith(root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`))
    .map((file) => path.relative(root, file).split(path.sep).join("/"))
    .filter((relative) => !inside(relative));
}

/**
 * The files of the repository a loaded module imports, directly or through others, that lie
 * outside FINGERPRINTED_DIRS and node_modules (the module itself left out), or undefined when the
 * module is not loaded. An evaluation of a test's own program may be stored only when this is empty.
 */
export function uncoveredImports(root: string, module: string): string[] | undefined {
  const start = require.cache[module];
  if (start === undefined) return undefined;
  const seen = new Set<string>();
  const pending: NodeJS.Module[] = [start];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next.filename)) continue;
    seen.add(next.filename);
    pending.push(...next.children);
  }
  seen.delete(module);
  return outsideFingerprint(root, [...seen]);
}

/** JSON with every object's keys sorted: one config written in two key orders is one evaluation. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * The options with their config as the evaluation reads it (offline/evaluate.ts: the stack file
 * when no raw is given, normalised) and no `root`: the same for tests that name one config in
 * different ways (`{ stack }`, the stack file's config passed as raw, a setting changed to the
 * value it has). Kept as they are when the stack file does not read, or when the config holds a
 * secret's ciphertext (its JSON hides which one).
 */
export function keyedOptions(options: Omit<EvaluateOptions, "delayFor">): Omit<EvaluateOptions, "delayFor"> {
  const { root, raw, ...rest } = options;
  let config: RawConfig;
  try {
    config = normaliseRawConfig(raw ?? readStackConfig(options.stack, root));
  } catch {
    return options;
  }
  return Object.values(config).some((value) => value instanceof EncryptedValue) ? options : { ...rest, raw: config };
}

/** The folder of the cache (one subfolder per source fingerprint). */
export function cacheDir(root: string): string {
  return path.join(root, "node_modules", ".cache", "azure-aws-vpn", "evaluations");
}

export class EvaluationCache<T> {
  private readonly dir: string;

  constructor(
    private readonly root: string,
    fingerprint: string = sourceFingerprint(root),
  ) {
    const base = cacheDir(root);
    this.dir = path.join(base, fingerprint);
    mkdirSync(this.dir, { recursive: true });
    // Entries of other fingerprints can never be read again.
    for (const other of readdirSync(base)) if (other !== fingerprint) rmSync(path.join(base, other), { recursive: true, force: true });
  }

  /** The cache of this repository, or undefined when it is switched off or its folder cannot be written. */
  static open<T>(root: string): EvaluationCache<T> | undefined {
    if (switchedOff(CACHE_SWITCH)) return undefined;
    try {
      return new EvaluationCache<T>(root);
    } catch (err) {
      // e.g. node_modules owned by another user: evaluate everything, as with the cache off
      process.stderr.write(`the evaluation cache is off: ${err instanceof Error ? err.message : String(err)}\n`);
      return undefined;
    }
  }

  /** The key of these options, or undefined when an evaluation with them is never stored. */
  keyOf(options: Omit<EvaluateOptions, "delayFor">): string | undefined {
    // Where the stack file lies is no part of the key (tests write them to fresh temporary
    // folders); what it says is (below).
    const { root, ...rest } = options;
    const hash = createHash("sha256").update(canonicalJson(rest));
    if (options.program !== undefined) {
      // A function cannot be keyed; a module is keyed by its text (its imports: uncoveredImports).
      if (typeof options.program === "function" || !existsSync(options.program.module)) return undefined;
      hash.update("\nprogram module\n").update(readFileSync(options.program.module));
    }
    if (options.raw === undefined) {
      // The config comes from the stack file (and the project's name from Pulumi.yaml) under root.
      for (const name of [`Pulumi.${options.stack}.yaml`, "Pulumi.yaml"]) {
        const file = path.join(root ?? this.root, name);
        hash.update(`\n${name}\n`).update(existsSync(file) ? readFileSync(file) : "(none)");
      }
    }
    return hash.digest("hex").slice(0, 32);
  }

  /**
   * Whether an evaluation with these options that ended with this error (if any) may be stored: a
   * test's own program only when all it imports is covered by the key or the fingerprint, and
   * never a timeout (it depends on the machine's load as much as on the program).
   */
  storable(options: Omit<EvaluateOptions, "delayFor">, errorName?: string): boolean {
    if (errorName === EVALUATION_TIMEOUT) return false;
    const program = options.program;
    return program === undefined || (typeof program !== "function" && uncoveredImports(this.root, program.module)?.length === 0);
  }

  get(key: string): T | undefined {
    const file = path.join(this.dir, key);
    if (!existsSync(file)) return undefined;
    try {
      return deserialize(inflateRawSync(readFileSync(file))) as T;
    } catch {
      return undefined; // unreadable (e.g. a disk that filled up): evaluate again
    }
  }

  put(key: string, value: T): void {
    const file = path.join(this.dir, key);
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      writeFileSync(partial, deflateRawSync(serialize(value), { level: 1 }));
      renameSync(partial, file);
    } catch {
      rmSync(partial, { force: true }); // a cache that cannot write only costs time
    }
  }
}
