/**
 * The component package's plugin, started as the Node.js language host starts a source plugin
 * (@pulumi/pulumi/cmd/run-plugin with the package folder), in the user's project directory: an
 * empty folder outside the repository, where run-plugin finds no tsconfig.json. The engine suite
 * attaches it to the CLI through PULUMI_DEBUG_PROVIDERS (the CLI sends it the engine's address
 * with Attach), because the CLI would start it through Pulumi's Node.js language host, which is
 * not among the Go modules our registries serve; tests/plugin/ passes a mock engine's address.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PACKAGE_NAME, ROOT } from "../../provider/package";
import { ensureBuilt } from "../plugin/build";
import { pluginPort } from "../pluginPort";

export interface ComponentPlugin {
  port: number;
  /** `azureawsvpn:<port>`: one entry of PULUMI_DEBUG_PROVIDERS. */
  debugProvider: string;
  /** From spawn to the port on stdout. */
  startMs: number;
  /** The plugin's stderr so far (its errors when a Construct fails). */
  stderr(): string;
  /** Stops the plugin; removes the project directory when this module made it. */
  close(): Promise<void>;
}

/** A new user's project directory: empty, outside the repository. */
export function userProjectDir(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), "aav-user-project-")));
  if (dir.startsWith(realpathSync(ROOT) + path.sep)) throw new Error(`${dir} is inside the repository`);
  return dir;
}

/**
 * Builds bin/ when stale, then starts the plugin in `cwd` (default: a new user's project
 * directory), given `engineAddress` or waiting for Attach; resolves once it listens.
 */
export async function startComponentPlugin(options: { engineAddress?: string; cwd?: string } = {}): Promise<ComponentPlugin> {
  await ensureBuilt();
  const cwd = options.cwd ?? userProjectDir();
  const ours = options.cwd === undefined;
  const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [ROOT] });
  const started = performance.now();
  const child = spawn(process.execPath, [runPlugin, ROOT, ...(options.engineAddress ? [options.engineAddress] : [])], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    const port = await pluginPort(child, "the component plugin", 120_000);
    return {
      port,
      debugProvider: `${PACKAGE_NAME}:${port}`,
      startMs: performance.now() - started,
      stderr: () => stderr,
      close: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill();
          await exited;
        }
        if (ours) rmSync(cwd, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child.kill();
    if (ours) rmSync(cwd, { recursive: true, force: true });
    throw err;
  }
}
