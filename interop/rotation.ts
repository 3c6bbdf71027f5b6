/**
 * A key rotation as the clouds do it, measured with a ping every 50 ms between the workload
 * prefixes (issue 10). AWS first: ModifyVpnTunnelOptions replaces the tunnel endpoint, so the
 * tunnel goes down (its SAs deleted) and, with startup action `start`, AWS initiates again with
 * the new key, which Azure, still on the old key, refuses. A little later Azure updates the
 * connection's shared key and the connection renegotiates (Azure dials: connection mode Default).
 * The other tunnels are left alone: in BGP mode they carry the traffic meanwhile.
 */
import * as fs from "node:fs/promises";
import { CHILD } from "./render";
import { Pinger, type PingStats, type Sites } from "./sitePair";
import { sleep, until } from "./wait";

export interface RotationResult {
  stack: string;
  mode: "bgp" | "static";
  /** The rotated tunnel: the one carrying the ping when the rotation started. */
  tunnelId: string;
  /** Seconds between AWS's change and Azure's. */
  azureLagSeconds: number;
  /** AWS's own initiation with the new key, refused while Azure has the old one. */
  awsRetryRefused: boolean;
  /** The rotated tunnel came back with the new key on both sides. */
  tunnelBack: boolean;
  ping: PingStats;
}

/** The rendered swanctl.conf's secret replaced by a new key (hex, as render.ts writes it). */
export function withNewKey(conf: string, key: string): string {
  return conf.replace(/^(\s*secret = )0x[0-9a-f]+$/m, `$10x${Buffer.from(key, "utf8").toString("hex")}`);
}

async function loadKey(sites: Sites, side: "aws" | "azure", k: number, key: string): Promise<void> {
  const end = sites.ends[side][k]!;
  await fs.writeFile(end.swanctlConf, withNewKey(await fs.readFile(end.swanctlConf, "utf8"), key));
  const r = await sites.swanctl(side, k, ["--load-creds", "--clear", "--file", end.swanctlConf], 5000);
  if (r.code !== 0) throw new Error(`${side}-${k}: new key not loaded: ${r.stdout.trim()} ${r.stderr.trim()}`);
}

export async function measureRotation(sites: Sites, opts: { azureLagSeconds?: number; newKey?: string } = {}): Promise<RotationResult> {
  const lag = opts.azureLagSeconds ?? 5;
  const newKey = opts.newKey ?? "rotated.Key_0123456789";
  const k = await sites.carryingTunnel();
  const pinger = new Pinger(sites);
  pinger.start();
  await sleep(1000);
  // AWS: new key, endpoint replaced (SAs deleted), then AWS initiates with the new key.
  await loadKey(sites, "aws", k, newKey);
  await sites.swanctl("aws", k, ["--terminate", "--ike", "tunnel", "--timeout", "5"], 8000);
  const awsRetry = await sites.swanctl("aws", k, ["--initiate", "--child", CHILD, "--timeout", "5"], 8000);
  await sleep(Math.max(0, lag * 1000 - 500));
  // Azure: the connection's shared key updated; the connection renegotiates, Azure dialing.
  await loadKey(sites, "azure", k, newKey);
  const back = await sites.swanctl("azure", k, ["--initiate", "--child", CHILD, "--timeout", "10"], 15_000);
  // Let the traffic settle on whichever tunnel it ends on.
  await until(3000, 100, async () => undefined);
  const ping = await pinger.stop();
  return {
    stack: sites.views[0]!.stack,
    mode: sites.bgp ? "bgp" : "static",
    tunnelId: sites.views[k]!.tunnelId,
    azureLagSeconds: lag,
    awsRetryRefused: awsRetry.code !== 0,
    tunnelBack: back.code === 0,
    ping,
  };
}

export function formatRotation(r: RotationResult): string {
  return `${r.stack} (${r.mode}): rotated ${r.tunnelId}'s key, AWS first, Azure ${r.azureLagSeconds} s later: ` +
    `${r.ping.lost} of ${r.ping.sent} pings lost (longest gap ${r.ping.longestGapMs} ms); AWS's own retry ${r.awsRetryRefused ? "refused (old key at Azure)" : "accepted"}; tunnel ${r.tunnelBack ? "back with the new key" : "NOT back"}`;
}
