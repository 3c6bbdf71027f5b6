/**
 * Failover measured with real peers (issue 10): a ping every 50 ms between the workload prefixes,
 * then the outside path of the tunnel carrying it is cut (its packets dropped between the sites,
 * both directions), and the time until traffic flows again over another tunnel is measured. What
 * detects the loss is what the program configures: the DPD timeout (and action) on each tunnel,
 * and in BGP mode the clouds' BGP hold time (AWS 30 s, the smaller of the two).
 */
import { Pinger, type PingStats, type Sites } from "./sitePair";
import { sleep, until } from "./wait";

export interface FailoverResult {
  stack: string;
  mode: "bgp" | "static";
  /** The cut tunnel: the one carrying the ping. */
  cutTunnelId: string;
  /** The tunnel carrying the ping afterwards (undefined: traffic did not resume). */
  nowTunnelId?: string;
  resumed: boolean;
  /** Time traffic did not flow (the longest run of unanswered pings). */
  outageSeconds: number;
  dpdTimeoutSeconds: number;
  ping: PingStats;
}

export async function measureFailover(sites: Sites, opts: { maxSeconds?: number } = {}): Promise<FailoverResult> {
  const k = await sites.carryingTunnel();
  const pinger = new Pinger(sites);
  pinger.start();
  await sleep(1000);
  const seqAtCut = pinger.lastSeq;
  const cutAt = Date.now();
  await sites.cut(k);
  // Resumed: a reply after a run of unanswered pings; or replies never stopped (no outage).
  const resumed = await until((opts.maxSeconds ?? 100) * 1000, 100, async () => {
    const seqs = pinger.replies.map((r) => r.seq).filter((s) => s >= seqAtCut);
    const gapThenReply = seqs.some((s, i) => i > 0 && s - seqs[i - 1]! > 1);
    const neverStopped = Date.now() - cutAt > 5000 && seqs.length > 0 && seqs.every((s, i) => i === 0 || s - seqs[i - 1]! === 1) && Date.now() - pinger.replies.at(-1)!.at < 200;
    return gapThenReply || neverStopped ? true : undefined;
  });
  await sleep(1000);
  const ping = await pinger.stop();
  const now = resumed ? await sites.carryingTunnel() : undefined;
  return {
    stack: sites.views[0]!.stack,
    mode: sites.bgp ? "bgp" : "static",
    cutTunnelId: sites.views[k]!.tunnelId,
    nowTunnelId: now !== undefined ? sites.views[now]!.tunnelId : undefined,
    resumed: resumed === true,
    outageSeconds: ping.longestGapMs / 1000,
    dpdTimeoutSeconds: sites.views[k]!.aws.dpdTimeoutSeconds,
    ping,
  };
}

export function formatFailover(r: FailoverResult): string {
  return `${r.stack} (${r.mode}): cut ${r.cutTunnelId}'s outside path: ` +
    (r.resumed ? `traffic flowed again after ${r.outageSeconds.toFixed(2)} s over ${r.nowTunnelId}` : "traffic did NOT resume") +
    ` (${r.ping.lost} of ${r.ping.sent} pings lost; DPD timeout ${r.dpdTimeoutSeconds} s)`;
}
