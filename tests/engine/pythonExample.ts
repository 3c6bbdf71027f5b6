/**
 * examples/python for the engine suite (tests/engine/examples-python.test.ts): its virtual
 * environment (exactly requirements.txt's pins), the package's Python SDK generated where `pulumi
 * package add ../..` puts it (sdks/azureawsvpn, the path requirements.txt's last line installs),
 * its pytest run, and its deployment through deploy_inline.py (an Automation API inline program).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../offline/stackConfig";
import { generateSdk } from "../../scripts/sdk-gen";

export const PYTHON_EXAMPLE = path.join(REPO_ROOT, "examples", "python");
/** Git-ignored (examples/python/.gitignore); the same folder Pulumi.yaml's `virtualenv` names. */
export const VENV = path.join(PYTHON_EXAMPLE, ".venv");
export const VENV_PYTHON = path.join(VENV, "bin", "python");
/** Where `pulumi package add ../..` writes the SDK for a Python project (sdks/<package name>). */
export const SDK_DIR = path.join(PYTHON_EXAMPLE, "sdks", "azureawsvpn");
/** The SDK's distribution name, which pip freeze lists and requirements.txt installs by path. */
const SDK_DISTRIBUTION = "pulumi_azureawsvpn";

/** Why the example cannot run here (no python3, or no venv/ensurepip: Debian's python3-venv), or undefined. */
export function pythonProblem(): string | undefined {
  const probe = spawnSync("python3", ["-c", "import sys, venv, ensurepip; print(sys.version.split()[0])"], { encoding: "utf8" });
  if (probe.error) return `python3 is not on PATH (${probe.error.message}); install Python 3.11 or later with its venv module (Debian: python3 python3-venv)`;
  if (probe.status !== 0) return `python3 has no venv/ensurepip module (Debian: apt-get install python3-venv): ${probe.stderr.trim().split("\n").pop()}`;
  return undefined;
}

/** requirements.txt's pinned lines (`name==version`), comments and the SDK's path left out. */
export function pinnedRequirements(): string[] {
  return readFileSync(path.join(PYTHON_EXAMPLE, "requirements.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#") && line.includes("=="));
}

function runIn(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `pip freeze` of the venv without the SDK: must equal requirements.txt's pins. */
export function frozen(): string[] {
  const result = runIn(PYTHON_EXAMPLE, VENV_PYTHON, ["-m", "pip", "freeze", "--disable-pip-version-check", "--exclude", SDK_DISTRIBUTION]);
  if (result.status !== 0) throw new Error(`pip freeze failed: ${result.stderr}`);
  return result.stdout.split("\n").map((line) => line.trim()).filter((line) => line !== "");
}

export interface VenvSetup {
  /** Seconds to create the venv (0 when it existed). */
  createSeconds: number;
  /** Seconds of `pip install -r requirements.txt` (the SDK built and installed from its folder). */
  installSeconds: number;
  sdkSeconds: number;
  created: boolean;
}

/**
 * Generates the SDK into sdks/azureawsvpn, creates the venv when missing (or when it holds
 * anything but the pins), then `pip install -r requirements.txt`: the pinned packages and the SDK
 * from its folder. The SDK's build runs setuptools in pip's isolated build environment, pinned by
 * build-constraints.txt (PIP_CONSTRAINT reaches that environment's pip too).
 */
export function setUpVenv(): VenvSetup {
  const sdk = generateSdk({ language: "python", out: SDK_DIR });
  let created = false;
  let createSeconds = 0;
  const create = (): void => {
    rmSync(VENV, { recursive: true, force: true });
    const started = performance.now();
    const result = runIn(PYTHON_EXAMPLE, "python3", ["-m", "venv", VENV]);
    if (result.status !== 0) throw new Error(`python3 -m venv failed: ${result.stderr}`);
    createSeconds = (performance.now() - started) / 1000;
    created = true;
  };
  if (!existsSync(VENV_PYTHON)) create();
  const env = { ...process.env, PIP_CONSTRAINT: path.join(PYTHON_EXAMPLE, "build-constraints.txt"), PIP_DISABLE_PIP_VERSION_CHECK: "1" };
  const install = (): number => {
    const started = performance.now();
    const result = runIn(PYTHON_EXAMPLE, VENV_PYTHON, ["-m", "pip", "install", "--quiet", "-r", "requirements.txt"], env);
    if (result.status !== 0) throw new Error(`pip install -r requirements.txt failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    return (performance.now() - started) / 1000;
  };
  let installSeconds = install();
  // Left over from older pins: start again from an empty venv, once.
  if (!created && frozen().join("\n") !== pinnedRequirements().join("\n")) {
    create();
    installSeconds = install();
  }
  return { createSeconds, installSeconds, sdkSeconds: sdk.seconds, created };
}

export interface PytestRun {
  status: number | null;
  output: string;
  passed: number;
  failed: number;
  seconds: number;
}

/** `python -m pytest` in examples/python, as a user runs it. */
export function runPytest(): PytestRun {
  const started = performance.now();
  const result = runIn(PYTHON_EXAMPLE, VENV_PYTHON, ["-m", "pytest", "-q", "-p", "no:cacheprovider"]);
  const seconds = (performance.now() - started) / 1000;
  const output = `${result.stdout}${result.stderr}`;
  const count = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(output)?.[1] ?? 0);
  return { status: result.status, output, passed: count("passed"), failed: count("failed"), seconds };
}

export interface InlineDeployment {
  ok: boolean;
  outputs: Record<string, unknown>;
  steps: { op: string; urn: string; type: string }[];
  errors: string[];
  /** The driver's own measure of the operation (the Automation API's create_or_select_stack and up). */
  seconds: number;
  /** The driver's exit and its stderr (the Automation API's errors, Python tracebacks). */
  exitCode: number | null;
  stderr: string;
}

export interface InlineJob {
  workDir: string;
  project: string;
  stack: string;
  pulumiHome: string;
  cliRoot: string;
  operation: "up" | "preview" | "destroy";
  /** The CLI's variables (passphrase, PULUMI_DEBUG_PROVIDERS, PATH...). */
  env: Record<string, string>;
  resultFile: string;
}

/** Runs examples/python/deploy_inline.py on the venv's Python. */
export async function deployInline(job: InlineJob): Promise<InlineDeployment> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...job.env,
    AAV_WORK_DIR: job.workDir,
    AAV_PROJECT: job.project,
    AAV_STACK: job.stack,
    AAV_PULUMI_HOME: job.pulumiHome,
    AAV_CLI_ROOT: job.cliRoot,
    AAV_OPERATION: job.operation,
    AAV_RESULT: job.resultFile,
    PYTHONUNBUFFERED: "1",
  };
  let stderr = "";
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(VENV_PYTHON, [path.join(PYTHON_EXAMPLE, "deploy_inline.py")], { cwd: PYTHON_EXAMPLE, env, stdio: ["ignore", "inherit", "pipe"] });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code));
  });
  if (!existsSync(job.resultFile)) {
    return { ok: false, outputs: {}, steps: [], errors: [`deploy_inline.py exited ${exitCode} without a result`], seconds: 0, exitCode, stderr };
  }
  const result = JSON.parse(readFileSync(job.resultFile, "utf8")) as Omit<InlineDeployment, "exitCode" | "stderr">;
  rmSync(job.resultFile, { force: true });
  return { ...result, exitCode, stderr };
}
