/**
 * The real Pulumi CLI reading a stack file: `pulumi config --json --show-secrets` in a scratch
 * project (Pulumi.yaml with our project name and no config block, a file backend, a private
 * PULUMI_HOME, passphrase secrets), one stack whose Pulumi.<stack>.yaml each call replaces.
 * Every CLI call is synchronous (spawnSync): a call takes a fraction of a second.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT } from "../../infra/config";
import { findPulumi } from "../../scripts/engine-cli";

export const PASSPHRASE = "stack-files-passphrase";

/** One entry of `pulumi config --json` (pkg/cmd/pulumi/config/config.go, configValueJSON). */
export interface CliConfigValue {
  value?: string;
  objectValue?: unknown;
  secret: boolean;
}

export type CliReading = { ok: true; values: Record<string, CliConfigValue>; stderr: string } | { ok: false; error: string };

export interface Scratch {
  root: string;
  project: string;
  stack: string;
  binary: string;
  version: string;
  /** The `encryptionsalt:` line `pulumi stack init` wrote (the passphrase provider's). */
  salt: string;
}

function env(scratch: Pick<Scratch, "root">): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PULUMI_HOME: path.join(scratch.root, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_BACKEND_URL: "",
    PULUMI_ACCESS_TOKEN: "",
    NO_COLOR: "1",
  };
}

/** Runs the CLI in the scratch project; throws with its output when it fails and `mustSucceed`. */
export function pulumi(scratch: Scratch, args: string[], mustSucceed = true): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(scratch.binary, ["--non-interactive", "--color=never", ...args], { cwd: scratch.project, env: env(scratch), encoding: "utf8", timeout: 60_000 });
  const out = { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  if (mustSucceed && out.status !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${out.status}: ${out.stderr}${out.stdout}`);
  return out;
}

/** A scratch project with one stack (passphrase secrets); `close` removes it. */
export function newScratch(stack = "probe"): Scratch {
  const found = findPulumi();
  if ("problem" in found) throw new Error(found.problem);
  const root = mkdtempSync(path.join(tmpdir(), "aav-stack-files-"));
  const project = path.join(root, "project");
  for (const dir of [project, path.join(root, "backend"), path.join(root, "home")]) mkdirSync(dir);
  writeFileSync(path.join(project, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nbackend:\n  url: file://${path.join(root, "backend")}\n`);
  const scratch: Scratch = { root, project, stack, binary: path.join(found.cli.root, "pulumi"), version: found.cli.version, salt: "" };
  try {
    pulumi(scratch, ["stack", "init", stack, "--secrets-provider", "passphrase"]);
    const salt = /^encryptionsalt: .*$/m.exec(readFileSync(stackFile(scratch), "utf8"))?.[0];
    if (!salt) throw new Error(`pulumi stack init wrote no encryptionsalt to ${stackFile(scratch)}`);
    scratch.salt = salt;
  } catch (error) {
    closeScratch(scratch);
    throw error;
  }
  return scratch;
}

export function closeScratch(scratch: Scratch): void {
  rmSync(scratch.root, { recursive: true, force: true });
}

export const stackFile = (scratch: Scratch): string => path.join(scratch.project, `Pulumi.${scratch.stack}.yaml`);

/**
 * The stack file's text with the stack's encryption salt first when it holds `secure:` values (the
 * CLI asks for the secrets provider only then), unless it carries a salt of its own.
 */
function withSalt(scratch: Scratch, text: string): string {
  return !/secure/.test(text) || /^encryptionsalt:/m.test(text) ? text : `${scratch.salt}\n${text}`;
}

/**
 * The ciphertext `pulumi config set --secret` stores for each plaintext (under the stack's salt),
 * keyed like `plaintexts`. The stack file is emptied before and after.
 */
export function encryptWithCli(scratch: Scratch, plaintexts: Record<string, string>): Record<string, string> {
  writeFileSync(stackFile(scratch), `${scratch.salt}\n`);
  const names = Object.keys(plaintexts);
  names.forEach((name, i) => pulumi(scratch, ["config", "set", "--secret", "--stack", scratch.stack, `${PROJECT}:secret${i}`, "--", plaintexts[name]!]));
  const written = parse(readFileSync(stackFile(scratch), "utf8")) as { config?: Record<string, { secure?: unknown }> };
  writeFileSync(stackFile(scratch), `${scratch.salt}\n`);
  return Object.fromEntries(
    names.map((name, i) => {
      const secure = written.config?.[`${PROJECT}:secret${i}`]?.secure;
      if (typeof secure !== "string") throw new Error(`pulumi config set --secret stored no ciphertext for ${name}`);
      return [name, secure];
    }),
  );
}

/** `pulumi config --json --show-secrets` for `text` as the stack's file. */
export function cliReading(scratch: Scratch, text: string): CliReading {
  writeFileSync(stackFile(scratch), withSalt(scratch, text));
  const result = pulumi(scratch, ["config", "--json", "--show-secrets", "--stack", scratch.stack], false);
  if (result.status !== 0) return { ok: false, error: `${result.stderr}${result.stdout}`.trim() };
  return { ok: true, values: JSON.parse(result.stdout) as Record<string, CliConfigValue>, stderr: result.stderr };
}
