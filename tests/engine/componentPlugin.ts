/**
 * The component package's plugin for an engine run of a program in another language: started as
 * the Node.js language host starts a source plugin (@pulumi/pulumi/cmd/run-plugin with the package
 * folder), in an empty folder outside the repository (the user's project directory, where
 * run-plugin finds no tsconfig.json), and attached to the CLI through PULUMI_DEBUG_PROVIDERS (the
 * CLI sends it the engine's address with Attach). The CLI would start it through Pulumi's Node.js
 * language host, which is not among the Go modules our registries serve.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PACKAGE_NAME, ROOT } from "../../provider/package";
import { ensureBuilt } from "../plugin/build";
import { pluginPort } from "../pluginPort";

export interface ComponentPlugin {
  /** `azureawsvpn:<port>`: one entry of PULUMI_DEBUG_PROVIDERS. */
  debugProvider: string;
  /** The plugin's stderr so far (its errors when a Construct fails). */
  stderr(): string;
  close(): Promise<void>;
}

/** Builds bin/ when stale, then starts the plugin; resolves once it listens. */
export async function startComponentPlugin(): Promise<ComponentPlugin> {
  await ensureBuilt();
  const cwd = realpathSync(mkdtempSync(path.join(tmpdir(), "aav-user-project-")));
  if (cwd.startsWith(realpathSync(ROOT) + path.sep)) throw new Error(`${cwd} is inside the repository`);
  const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [ROOT] });
  const child = spawn(process.execPath, [runPlugin, ROOT], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    const port = await pluginPort(child, "the component plugin", 120_000);
    return {
      debugProvider: `${PACKAGE_NAME}:${port}`,
      stderr: () => stderr,
      close: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill();
          await exited;
        }
        rmSync(cwd, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child.kill();
    rmSync(cwd, { recursive: true, force: true });
    throw err;
  }
}
