/**
 * Two sites instead of one tunnel: every tunnel of a stack between one "AWS" namespace and one
 * "Azure" namespace, so traffic between the two workload prefixes can move from tunnel to tunnel
 * (rotation.ts, failover.ts, which import this module; sites.ts runs both on one pair of sites). Each end of each tunnel is its own charon (kernel-libipsec, its own
 * TUN device `ipsecN`, its own IKE ports), configured from that side's view of the declared
 * resources (derive.ts, render.ts), with the DPD behaviour each cloud documents:
 * - AWS: DPD timeout from the declared tunnel option, action from the declared option
 *   (restart/clear); Azure: the declared connection DPD timeout, action clear.
 * - A tunnel that goes down takes its routes with it (a cloud routes only over an up tunnel): the
 *   updown script removes the tunnel's routes and inside address when its CHILD_SA goes (the BGP
 *   session over it loses its connected peer) and puts them back when it is up again.
 * - BGP: one FRR per site with every tunnel's neighbor, ECMP over them (Azure active-active, AWS
 *   transit gateway with ECMP), AWS's timers 10/30 s and Azure's fixed 60/180 s (the session
 *   negotiates the smaller hold time, 30 s). docs/constraints.md, "Rotation and failover".
 */
import { spawn, spawnSync, execFile, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, rmSync } from "node:fs";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { assertInteropEnvironment, parseListSas } from "./netns";
import { CHILD, renderStrongswanConf, renderTunnel, type RenderedTunnel } from "./render";
import type { BgpView, TunnelViews } from "./views";
import type { Side } from "./vocabulary";
import { ended, sleep, until } from "./wait";

const CHARON = "/usr/lib/ipsec/charon";
const ZEBRA = "/usr/lib/frr/zebra";
const BGPD = "/usr/lib/frr/bgpd";
const SIDES = ["aws", "azure"] as const;
/** IKE ports of tunnel k (both ends use the same pair; they are in different namespaces). */
export const tunnelPorts = (k: number): { ike: number; natt: number } => ({ ike: 11000 + 2 * k, natt: 11001 + 2 * k });
/** BGP timers as the clouds set them: AWS keepalive 10 s / hold 30 s; Azure 60/180 s, fixed. */
export const CLOUD_BGP_TIMERS: Record<Side, { keepalive: number; hold: number }> = { aws: { keepalive: 10, hold: 30 }, azure: { keepalive: 60, hold: 180 } };

export interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function exec(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<Exec> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: "SIGKILL", env: env ?? process.env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as (NodeJS.ErrnoException & { code?: number | string }) | null)?.code;
      resolve({ code: error ? (typeof code === "number" ? code : null) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function must(cmd: string, args: string[], timeoutMs = 5000): Promise<string> {
  const r = await exec(cmd, args, timeoutMs);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** strongSwan settings that make charon's dead-peer detection last `timeoutSeconds` in total. */
export function dpdSettings(timeoutSeconds: number): { delaySeconds: number; retransmitTries: number; retransmitTimeout: number } {
  // AWS: "a DPD timeout of 40 seconds means that the VPN endpoint will consider the peer dead 30
  // seconds after the first failed keep-alive"; keep-alives go out after 10 s without traffic.
  const delaySeconds = 10;
  const rest = Math.max(5, timeoutSeconds - delaySeconds);
  const retransmitTries = 4;
  return { delaySeconds, retransmitTries, retransmitTimeout: rest / (retransmitTries + 1) };
}

/** One side's swanctl.conf for tunnel k of a site: the rendered one plus ports, DPD and updown. */
export function siteSwanctlConf(conf: string, k: number, dpd: { delaySeconds: number; action: string }, updown: string): string {
  const { ike } = tunnelPorts(k);
  return conf
    .replace(/^(\s*remote_addrs = .*)$/m, `$1\n    remote_port = ${ike}\n    dpd_delay = ${dpd.delaySeconds}s\n    keyingtries = 1`)
    .replace(/^(\s*mode = tunnel)$/m, `$1\n        dpd_action = ${dpd.action}\n        updown = ${updown}`);
}

/** The updown script: the tunnel's routes (static prefixes, BGP inside address) follow its CHILD_SA. */
export function updownScript(device: string, prefixes: string[], innerAddress: string, metric: number, inside?: { local: string; peer: string }): string {
  const up = [
    ...(inside ? [`ip addr replace ${inside.local} peer ${inside.peer} dev ${device}`] : []),
    ...prefixes.map((p) => `ip route replace ${p} dev ${device} metric ${metric} src ${innerAddress}`),
  ];
  return [
    "#!/bin/sh",
    'case "$PLUTO_VERB" in',
    `  up-client) ${up.length ? up.join("; ") : "true"} ;;`,
    `  down-client) ip route flush dev ${device}; ip addr flush dev ${device} ;;`,
    "esac",
    "exit 0",
    "",
  ].join("\n");
}

/** bgpd.conf for one site: one neighbor per tunnel, ECMP, the cloud's timers. */
export function siteBgpdConf(side: Side, bgps: BgpView[], networks: string[], passive: boolean, logFile: string): string {
  const first = bgps[0]!;
  const t = CLOUD_BGP_TIMERS[side];
  return [
    `hostname ${side}`,
    `log file ${logFile}`,
    `router bgp ${first.asn}`,
    ` bgp router-id ${first.localAddress}`,
    " no bgp ebgp-requires-policy",
    " no bgp network import-check",
    ...bgps.flatMap((b) => [
      ` neighbor ${b.peerAddress} remote-as ${b.peerAsn}`,
      ` neighbor ${b.peerAddress} timers ${t.keepalive} ${t.hold}`,
      ` neighbor ${b.peerAddress} timers connect 2`,
      ...(passive ? [` neighbor ${b.peerAddress} passive`] : []),
    ]),
    " address-family ipv4 unicast",
    ...networks.map((p) => `  network ${p}`),
    `  maximum-paths ${Math.max(1, bgps.length)}`,
    " exit-address-family",
    "",
  ].join("\n");
}

interface Proc {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  done: boolean;
}

interface TunnelEnd {
  dir: string;
  strongswanConf: string;
  swanctlConf: string;
  vici: string;
  log: string;
  device: string;
}

/** Both sites of one stack, every tunnel up; `cleanup()` always. */
export class Sites {
  readonly ns: Record<Side, string>;
  readonly rendered: RenderedTunnel[];
  readonly ends: Record<Side, TunnelEnd[]> = { aws: [], azure: [] };
  readonly bgp: boolean;
  private readonly procs: Proc[] = [];
  private namespaces: string[] = [];
  private dir = "";

  constructor(readonly views: TunnelViews[], tag: string) {
    this.ns = { aws: `aav-${process.pid}-${tag}-aws`, azure: `aav-${process.pid}-${tag}-az` };
    this.rendered = views.map((v) => renderTunnel(v));
    this.bgp = this.rendered.some((r) => r.aws.bgp !== undefined);
  }

  get inner(): Record<Side, string> {
    return { aws: this.rendered[0]!.aws.innerAddress, azure: this.rendered[0]!.azure.innerAddress };
  }

  private start(name: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): Proc {
    const fd = openSync(logFile, "a");
    let child: ChildProcess;
    try {
      child = spawn("ip", args, { stdio: ["ignore", fd, fd], env: env ?? process.env });
    } finally {
      closeSync(fd);
    }
    const proc: Proc = { name, child, done: false, exited: Promise.resolve() };
    proc.exited = ended(child, () => {
      proc.done = true;
    });
    this.procs.push(proc);
    return proc;
  }

  swanctl(side: Side, k: number, args: string[], timeoutMs: number): Promise<Exec> {
    const end = this.ends[side][k]!;
    return exec("swanctl", [...args, "--uri", end.vici], timeoutMs, { ...process.env, STRONGSWAN_CONF: end.strongswanConf });
  }

  ip(side: Side, ...args: string[]): Promise<string> {
    return must("ip", ["-n", this.ns[side], ...args]);
  }

  /** Creates both namespaces, every tunnel (initiated from its declared initiator), and BGP. */
  async up(): Promise<void> {
    await assertInteropEnvironment();
    process.on("exit", this.cleanupSync);
    this.dir = await fs.mkdtemp(path.join(os.tmpdir(), `aav-sites-${process.pid}-`));
    await fs.chmod(this.dir, 0o755);
    for (const side of SIDES) {
      await must("ip", ["netns", "add", this.ns[side]]);
      this.namespaces.push(this.ns[side]);
    }
    await must("ip", ["link", "add", "veth-aws", "netns", this.ns.aws, "type", "veth", "peer", "name", "veth-azure", "netns", this.ns.azure]);
    for (const side of SIDES) {
      const other: Side = side === "aws" ? "azure" : "aws";
      await this.ip(side, "link", "set", "lo", "up");
      await this.ip(side, "link", "set", `veth-${side}`, "up");
      for (const a of new Set(this.rendered.map((r) => r[side].outsideAddress))) await this.ip(side, "addr", "add", `${a}/32`, "dev", `veth-${side}`);
      for (const a of new Set(this.rendered.map((r) => r[other].outsideAddress))) await this.ip(side, "route", "add", `${a}/32`, "dev", `veth-${side}`);
      await this.ip(side, "addr", "add", `${this.inner[side]}/32`, "dev", "lo");
    }
    // One charon per tunnel end, started one after the other so each TUN device is known.
    for (let k = 0; k < this.rendered.length; k++) {
      for (const side of SIDES) await this.startEnd(side, k);
    }
    const initiated = await Promise.all(
      this.rendered.map((r, k) => this.swanctl(r.initiator ?? "aws", k, ["--initiate", "--child", CHILD, "--timeout", "15"], 20_000)),
    );
    initiated.forEach((r, k) => {
      if (r.code !== 0) throw new Error(`tunnel ${this.views[k]!.tunnelId} did not come up: ${r.stdout.split("\n").slice(-4).join(" ")}`);
    });
    if (this.bgp) await this.startBgp();
  }

  private async startEnd(side: Side, k: number): Promise<void> {
    const dir = path.join(this.dir, `${side}-${k}`);
    await fs.mkdir(path.join(dir, "run"), { recursive: true, mode: 0o755 });
    const d = dpdSettings(side === "aws" ? this.views[k]!.aws.dpdTimeoutSeconds : this.views[k]!.azure.dpdTimeoutSeconds);
    const { ike, natt } = tunnelPorts(k);
    const base = renderStrongswanConf(dir)
      .replace("  retransmit_tries = 2\n", `  retransmit_tries = ${d.retransmitTries}\n`)
      .replace("  retransmit_timeout = 1.0\n", `  retransmit_timeout = ${d.retransmitTimeout.toFixed(1)}\n`)
      .replace("  retransmit_base = 1.5\n", "  retransmit_base = 1.0\n")
      .replace("charon {\n", `charon {\n  port = ${ike}\n  port_nat_t = ${natt}\n`);
    const end: TunnelEnd = {
      dir,
      strongswanConf: path.join(dir, "strongswan.conf"),
      swanctlConf: path.join(dir, "swanctl.conf"),
      vici: `unix://${path.join(dir, "charon.vici")}`,
      log: path.join(dir, "charon.log"),
      device: "",
    };
    await fs.writeFile(end.strongswanConf, base);
    this.ends[side][k] = end;
    const env = { ...process.env, STRONGSWAN_CONF: end.strongswanConf };
    const proc = this.start(`charon(${side}-${k})`, ["netns", "exec", this.ns[side], "unshare", "-m", "--propagation", "private", "sh", "-c", `mount --bind "$1" /run && exec ${CHARON}`, "sh", path.join(dir, "run")], path.join(dir, "charon.out"), env);
    const device = await until(8000, 25, async () => {
      if (proc.done) return "";
      if (!existsSync(end.vici.slice("unix://".length))) return undefined;
      const m = /created TUN device: (\S+)/.exec(await fs.readFile(end.log, "utf8").catch(() => ""));
      return m?.[1];
    });
    if (!device) throw new Error(`charon (${side}-${k}) did not start: see ${end.log}`);
    end.device = device;
    const r = this.rendered[k]![side];
    const metric = 100 + k;
    const updown = path.join(dir, "updown.sh");
    // kernel-libipsec routes every CHILD_SA's selectors into table 220 (install_routes does not
    // apply to it): drop the rule, so only the routes this module puts in the main table count.
    await exec("ip", ["-n", this.ns[side], "rule", "del", "pref", "220", "table", "220"], 5000);
    const inside = r.bgp ? { local: r.bgp.bgp.localAddress, peer: r.bgp.bgp.peerAddress } : undefined;
    await fs.writeFile(updown, updownScript(device, r.staticRoutes, r.innerAddress, metric, inside), { mode: 0o755 });
    if (r.bgp) await this.ip(side, "addr", "add", r.bgp.bgp.localAddress, "peer", r.bgp.bgp.peerAddress, "dev", device);
    // Azure's DPD action is not configurable: it clears.
    const action = side === "aws" ? dpdActionOf(this.views[k]!) : "clear";
    await fs.writeFile(end.swanctlConf, siteSwanctlConf(r.swanctlConf, k, { delaySeconds: d.delaySeconds, action }, updown));
    const loaded = await this.swanctl(side, k, ["--load-all", "--file", end.swanctlConf], 5000);
    if (loaded.code !== 0) throw new Error(`swanctl rejected the ${side}-${k} config: ${loaded.stdout.trim()} ${loaded.stderr.trim()}`);
  }

  private async startBgp(): Promise<void> {
    const uid = Number((await must("id", ["-u", "frr"])).trim());
    const gid = Number((await must("id", ["-g", "frr"])).trim());
    for (const side of SIDES) {
      const frr = path.join(this.dir, `frr-${side}`);
      const run = path.join(frr, "run");
      await fs.mkdir(run, { recursive: true });
      const bgps = this.rendered.map((r) => r[side].bgp!.bgp);
      const passive = this.rendered[0]![side].bgp!.passive;
      await fs.writeFile(path.join(frr, "zebra.conf"), `hostname ${side}\n`);
      await fs.writeFile(path.join(frr, "bgpd.conf"), siteBgpdConf(side, bgps, this.rendered[0]![side].bgp!.networks, passive, path.join(run, "bgpd.log")));
      for (const f of [frr, run, path.join(frr, "zebra.conf"), path.join(frr, "bgpd.conf")]) await fs.chown(f, uid, gid);
      const args = (bin: string, name: string): string[] => ["netns", "exec", this.ns[side], bin, "-P", "0", "--vty_socket", run, "-f", path.join(frr, `${name}.conf`), "-i", path.join(run, `${name}.pid`), "-z", path.join(run, "zserv.api")];
      this.start(`zebra(${side})`, args(ZEBRA, "zebra"), path.join(frr, "zebra.out"));
      await until(5000, 25, async () => (existsSync(path.join(run, "zserv.api")) ? true : undefined));
      this.start(`bgpd(${side})`, args(BGPD, "bgpd"), path.join(frr, "bgpd.out"));
    }
    // Every session Established and the other site's prefix learned over every tunnel.
    const ok = await until(40_000, 250, async () => {
      const states = await Promise.all(SIDES.map((side) => this.vtysh(side, "show bgp ipv4 unicast summary json")));
      const all = states.every((s) => {
        const peers = (s?.["ipv4Unicast"] as { peers?: Record<string, { state?: string }> } | undefined)?.peers ?? (s?.["peers"] as Record<string, { state?: string }> | undefined) ?? {};
        const list = Object.values(peers);
        return list.length === this.rendered.length && list.every((p) => p.state === "Established");
      });
      return all ? true : undefined;
    });
    if (!ok) throw new Error("BGP did not establish on every tunnel within 40 s");
    await sleep(2000); // prefixes follow the sessions by about a second
  }

  vtysh(side: Side, command: string): Promise<Record<string, unknown> | undefined> {
    return exec("vtysh", ["--vty_socket", path.join(this.dir, `frr-${side}`, "run"), "-c", command], 3000).then((r) => {
      try {
        return r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined;
      } catch {
        return undefined;
      }
    });
  }

  /** Packets out of each tunnel's CHILD_SA on one side (its counters). */
  async packetsOut(side: Side): Promise<number[]> {
    return Promise.all(this.ends[side].map(async (_, k) => {
      const r = await this.swanctl(side, k, ["--list-sas", "--raw"], 5000);
      return parseListSas(r.stdout).flatMap((ike) => ike.children).filter((c) => c.state === "INSTALLED").reduce((n, c) => n + c.packetsOut, 0);
    }));
  }

  /** Which tunnel carries a short ping from the AWS site now (largest counter increase). */
  async carryingTunnel(): Promise<number> {
    const before = await this.packetsOut("aws");
    await exec("ip", ["netns", "exec", this.ns.aws, "ping", "-c", "10", "-i", "0.05", "-W", "1", "-I", this.inner.aws, this.inner.azure], 5000);
    const after = await this.packetsOut("aws");
    const deltas = after.map((n, k) => n - (before[k] ?? 0));
    return deltas.indexOf(Math.max(...deltas));
  }

  /** Drops tunnel k's outside packets between the two sites, both directions. */
  async cut(k: number): Promise<void> {
    const r = this.rendered[k]!;
    await this.ip("aws", "rule", "add", "pref", "90", "from", r.aws.outsideAddress, "to", r.azure.outsideAddress, "blackhole");
    await this.ip("azure", "rule", "add", "pref", "90", "from", r.azure.outsideAddress, "to", r.aws.outsideAddress, "blackhole");
  }

  readonly cleanupSync = (): void => {
    for (const p of this.procs) if (!p.done && p.child.pid !== undefined) try {
      process.kill(p.child.pid, "SIGKILL");
    } catch {
      /* gone */
    }
    for (const ns of this.namespaces) spawnSync("ip", ["netns", "del", ns], { timeout: 5000 });
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  };

  async cleanup(): Promise<void> {
    await Promise.all(this.procs.map(async (p) => {
      if (p.done) return;
      p.child.kill("SIGTERM");
      await Promise.race([p.exited, sleep(3000)]);
      if (!p.done) p.child.kill("SIGKILL");
      await Promise.race([p.exited, sleep(2000)]);
    }));
    for (const ns of this.namespaces) await exec("ip", ["netns", "del", ns], 5000);
    this.namespaces = [];
    if (this.dir && process.env["AAV_SITES_KEEP"] === undefined) await fs.rm(this.dir, { recursive: true, force: true });
    process.off("exit", this.cleanupSync);
  }
}

/** strongSwan's dpd_action for the declared AWS DPD timeout action (AWS's default is clear). */
function dpdActionOf(v: TunnelViews): string {
  const action = v.aws.dpdTimeoutAction;
  return action === "restart" ? "restart" : action === "none" ? "none" : "clear";
}

/** A ping every 50 ms from the AWS site to the Azure site, with the sequence numbers answered. */
export class Pinger {
  readonly intervalMs = 50;
  private child?: ChildProcess;
  private buffer = "";
  readonly replies: { seq: number; at: number }[] = [];
  private summary = "";
  private exited?: Promise<void>;

  constructor(private readonly sites: Sites) {}

  start(): void {
    const { ns, inner } = this.sites;
    this.child = spawn("ip", ["netns", "exec", ns.aws, "ping", "-n", "-i", String(this.intervalMs / 1000), "-W", "1", "-I", inner.aws, inner.azure], { stdio: ["ignore", "pipe", "ignore"] });
    this.exited = new Promise((resolve) => this.child!.once("exit", () => resolve()));
    this.child.stdout!.on("data", (chunk: Buffer) => {
      this.buffer += chunk.toString();
      let i: number;
      while ((i = this.buffer.indexOf("\n")) >= 0) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 1);
        const m = /icmp_seq=(\d+) /.exec(line);
        if (m) this.replies.push({ seq: Number(m[1]), at: Date.now() });
        if (/packets transmitted/.test(line)) this.summary = line;
      }
    });
  }

  get lastSeq(): number {
    return this.replies.at(-1)?.seq ?? 0;
  }

  async stop(): Promise<PingStats> {
    this.child?.kill("SIGINT");
    await Promise.race([this.exited, sleep(3000)]);
    const m = /(\d+) packets transmitted, (\d+) received/.exec(this.summary);
    const seqs = [...new Set(this.replies.map((r) => r.seq))].sort((a, b) => a - b);
    const sent = m ? Number(m[1]) : (seqs.at(-1) ?? 0);
    const received = m ? Number(m[2]) : seqs.length;
    return { sent, received, lost: sent - received, longestGapMs: longestGap(seqs, sent) * this.intervalMs };
  }
}

export interface PingStats {
  sent: number;
  received: number;
  lost: number;
  /** The longest run of unanswered pings, in ms (the time traffic did not flow). */
  longestGapMs: number;
}

/** The longest run of missing sequence numbers among 1..sent. */
export function longestGap(seqs: number[], sent: number): number {
  let longest = 0;
  let previous = 0;
  for (const s of [...seqs, sent + 1]) {
    longest = Math.max(longest, s - previous - 1);
    previous = s;
  }
  return longest;
}
