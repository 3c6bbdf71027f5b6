/**
 * The CLI the engine suite runs (scripts/engine-cli.ts), found once per process. The Automation
 * API runs `<root>/bin/pulumi`: `root` is a folder of ours whose bin/pulumi links to the CLI found.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { findPulumi, type PulumiCli } from "../../scripts/engine-cli";

let found: (PulumiCli & { automationRoot: string }) | undefined;

export function pulumiCli(): PulumiCli & { automationRoot: string } {
  if (found) return found;
  const result = findPulumi();
  if ("problem" in result) throw new Error(result.problem);
  const automationRoot = mkdtempSync(path.join(tmpdir(), "aav-pulumi-cli-"));
  mkdirSync(path.join(automationRoot, "bin"));
  symlinkSync(path.join(result.cli.root, "pulumi"), path.join(automationRoot, "bin", "pulumi"));
  process.on("exit", () => rmSync(automationRoot, { recursive: true, force: true }));
  found = { ...result.cli, automationRoot };
  return found;
}
