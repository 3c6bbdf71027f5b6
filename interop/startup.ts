/**
 * Who starts the tunnels on the first deploy (issue 10, finding 6): the AWS VPN connection exists
 * 30-45 minutes before the Azure connection. Here the "AWS" peer comes up first and the "Azure"
 * peer a configurable delay later, each configured from its own view of the declared resources,
 * with the strongSwan options that model each cloud's documented behaviour
 * (docs/constraints.md, "Who starts the tunnels"):
 * - AWS startup action `start`: AWS initiates IKE when the tunnel is created. AWS documents no
 *   retrying when the peer does not answer, so the model initiates once (charon's bounded
 *   retransmits, `keyingtries = 1`) and then gives up: the worst case.
 * - AWS startup action `add`: AWS only answers.
 * - Azure connection mode `Default` or `InitiatorOnly`: Azure dials once its connection exists
 *   (`start_action = start`); `ResponderOnly`: Azure only answers.
 */
import { existsSync } from "node:fs";
import * as fs from "node:fs/promises";
import { execFile } from "node:child_process";
import { assertInteropEnvironment, InteropEnvironmentError, sandboxHooks, type TunnelSandbox } from "./netns";
import { renderTunnel, type RenderedSide, type RenderedTunnel } from "./render";
import type { TunnelViews } from "./views";
import type { Side } from "./vocabulary";
import { sleep, until } from "./wait";

export interface StartupOptions {
  /** Seconds between the "AWS" peer and the "Azure" peer coming up. */
  delaySeconds: number;
  /** How long to wait for the tunnel once the Azure peer is up (default 20 s). */
  upTimeoutSeconds?: number;
  log?: (line: string) => void;
}

export interface StartupResult {
  stack: string;
  tunnelId: string;
  awsStartupAction: string;
  azureConnectionMode: string;
  delaySeconds: number;
  /** Seconds after its start at which the AWS peer gave up initiating (undefined: it did not initiate). */
  awsGaveUpAfterSeconds?: number;
  /** Seconds from the Azure peer's start to the CHILD_SA installed on both ends. */
  upAfterAzureSeconds?: number;
  /** Who brought the tunnel up: the side whose IKE SA is the initiator. */
  initiatedBy?: Side;
  up: boolean;
  ping: "ok" | "failed" | "skipped";
  cause?: string;
}

/** The strongSwan options that model one cloud's startup behaviour, added to the rendered swanctl.conf. */
export function withStartupBehaviour(conf: string, initiates: boolean): string {
  let out = conf.replace(/^(\s*version = \d+)$/m, "$1\n    keyingtries = 1");
  if (initiates) out = out.replace(/^(\s*mode = tunnel)$/m, "$1\n        start_action = start");
  return out;
}

/** Whether each cloud initiates on its own, from its view (the documented behaviour of the option). */
export function startupInitiators(views: TunnelViews): Record<Side, boolean> {
  return {
    aws: views.aws.startupAction === "start",
    azure: views.azure.connectionMode === "Default" || views.azure.connectionMode === "InitiatorOnly",
  };
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: "SIGKILL" }, (error) => {
      const code = (error as (NodeJS.ErrnoException & { code?: number | string }) | null)?.code;
      resolve(error ? (typeof code === "number" ? code : null) : 0);
    });
  });
}

/** Starts one side's charon with its config loaded, as netns.ts does for both at once. */
async function startSide(box: TunnelSandbox, side: Side, s: RenderedSide, conf: string): Promise<void> {
  await fs.writeFile(box.paths[side].swanctlConf, conf);
  const daemon = box.startCharon(side);
  const vici = box.paths[side].vici.slice("unix://".length);
  const ready = await until(5000, 25, async () => (existsSync(vici) ? true : daemon.running ? undefined : false));
  if (ready !== true) throw new Error(`charon (${side}) did not start: see ${box.paths[side].charonLog}`);
  // As netns.ts: only declared routes carry traffic into ipsec0.
  await box.ip(side, "rule", "del", "pref", "220", "table", "220");
  for (const prefix of s.staticRoutes) await box.ip(side, "route", "replace", prefix, "dev", "ipsec0", "src", s.innerAddress, "metric", "100");
  const loaded = await box.swanctl(side, ["--load-all", "--file", box.paths[side].swanctlConf], 5000);
  if (loaded.code !== 0) throw new Error(`swanctl rejected the ${side} config: ${loaded.stdout.trim()} ${loaded.stderr.trim()}`);
}

/**
 * Brings the AWS end of one static tunnel up, waits `delaySeconds`, brings the Azure end up, and
 * reports whether (and after how long) the tunnel came up by itself. Nobody calls --initiate.
 */
export async function runDelayedStartup(views: TunnelViews, opts: StartupOptions): Promise<StartupResult> {
  const result: StartupResult = {
    stack: views.stack,
    tunnelId: views.tunnelId,
    awsStartupAction: views.aws.startupAction,
    azureConnectionMode: views.azure.connectionMode,
    delaySeconds: opts.delaySeconds,
    up: false,
    ping: "skipped",
  };
  const rendered: RenderedTunnel = renderTunnel(views);
  if (rendered.aws.bgp || rendered.azure.bgp) throw new Error("runDelayedStartup takes a static tunnel (the ping must not wait for BGP)");
  const initiates = startupInitiators(views);
  await assertInteropEnvironment();
  const box = sandboxHooks.newSandbox();
  const log = opts.log ?? ((): void => undefined);
  try {
    await box.create();
    await sandboxHooks.setUpNetwork(box, rendered);
    const awsStarted = Date.now();
    await startSide(box, "aws", rendered.aws, withStartupBehaviour(rendered.aws.swanctlConf, initiates.aws));
    log(`${views.stack}/${views.tunnelId}: AWS peer up (startup action ${views.aws.startupAction}); Azure peer in ${opts.delaySeconds} s`);
    // The AWS peer initiates into silence: note when it gives up (the log's "giving up" line).
    const gaveUp = initiates.aws
      ? until(opts.delaySeconds * 1000, 200, async () => (/giving up after/.test(await sandboxHooks.logSince(box.paths.aws.charonLog, 0)) ? Date.now() : undefined))
      : Promise.resolve(undefined);
    const [gaveUpAt] = await Promise.all([gaveUp, sleep(opts.delaySeconds * 1000)]);
    if (gaveUpAt !== undefined) result.awsGaveUpAfterSeconds = (gaveUpAt - awsStarted) / 1000;

    const azureStarted = Date.now();
    await startSide(box, "azure", rendered.azure, withStartupBehaviour(rendered.azure.swanctlConf, initiates.azure));
    log(`${views.stack}/${views.tunnelId}: Azure peer up (connection mode ${views.azure.connectionMode})`);
    const upAt = await until((opts.upTimeoutSeconds ?? 20) * 1000, 100, async () => {
      const [a, z] = await Promise.all([sandboxHooks.listSas(box, "aws"), sandboxHooks.listSas(box, "azure")]);
      return sandboxHooks.installed(a) && sandboxHooks.installed(z) ? Date.now() : undefined;
    });
    if (upAt === undefined) {
      result.cause = `no CHILD_SA within ${opts.upTimeoutSeconds ?? 20} s of the Azure peer's start: ${initiates.azure ? "Azure dialed but failed" : "Azure only answers and AWS no longer initiates"}`;
      return result;
    }
    result.up = true;
    result.upAfterAzureSeconds = (upAt - azureStarted) / 1000;
    const azureLog = await sandboxHooks.logSince(box.paths.azure.charonLog, 0);
    result.initiatedBy = /initiating IKE_SA/.test(azureLog) ? "azure" : "aws";
    const ping = await run("ip", ["netns", "exec", box.ns.aws, "ping", "-c", "2", "-W", "2", "-i", "0.2", "-I", rendered.aws.innerAddress, rendered.azure.innerAddress], 8000);
    result.ping = ping === 0 ? "ok" : "failed";
    if (result.ping !== "ok") result.cause = "the tunnel came up but the ping through it failed";
  } catch (e) {
    if (e instanceof InteropEnvironmentError) throw e;
    result.cause = `runner error: ${(e as Error).message}`;
  } finally {
    await box.teardown();
  }
  return result;
}

export function formatStartup(results: StartupResult[]): string {
  const lines = ["Startup with the Azure peer late (nobody calls --initiate; AWS initiates once, as the worst case of its undocumented retrying):"];
  for (const r of results) {
    const gave = r.awsGaveUpAfterSeconds !== undefined ? `AWS gave up after ${r.awsGaveUpAfterSeconds.toFixed(1)} s` : "AWS did not initiate";
    const up = r.up ? `up ${r.upAfterAzureSeconds!.toFixed(1)} s after the Azure peer started (initiated by ${r.initiatedBy}), ping ${r.ping}` : `DOWN: ${r.cause ?? "?"}`;
    lines.push(`  ${r.stack}/${r.tunnelId}: AWS ${r.awsStartupAction}, Azure ${r.azureConnectionMode}, Azure ${r.delaySeconds} s late: ${gave}; ${up}`);
  }
  return lines.join("\n");
}

/** `npm run interop` hook: the first static tunnel declared, its Azure peer `delaySeconds` late; prints the figures. */
export async function startupCheck(views: TunnelViews[], delaySeconds: number): Promise<boolean> {
  if (!Number.isFinite(delaySeconds) || delaySeconds < 0) throw new Error(`--startup-delay: ${delaySeconds} is not a number of seconds`);
  const tunnel = views.find((v) => v.aws.bgp === undefined && v.azure.bgp === undefined);
  if (!tunnel) {
    console.log("\nStartup check skipped: no static tunnel among the stacks checked.");
    return true;
  }
  const result = await runDelayedStartup(tunnel, { delaySeconds });
  console.log(`\n${formatStartup([result])}`);
  return result.up && result.ping === "ok";
}
