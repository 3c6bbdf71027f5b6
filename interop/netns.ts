/**
 * The interop runner: for each tunnel, two network namespaces joined by a veth pair, a real
 * strongSwan charon (userland ESP via kernel-libipsec) in each, FRR zebra+bgpd in each for BGP
 * tunnels, then IKE, a CHILD_SA rekey, BGP and a ping, with every step bounded in time. Whatever
 * happens, every daemon is stopped by PID and every namespace and temp dir removed.
 *
 * Needs root (namespaces, veth, bind mounts) and the Debian packages strongswan-charon,
 * strongswan-swanctl, libcharon-extra-plugins, libstrongswan-standard-plugins, frr, iproute2,
 * iputils-ping. Reading the daemons' output and naming a failure's cause is interop/diagnose.ts
 * (pure, no root).
 */
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { bgpNotificationOf, bgpSideState, detailLines, diagnose, installed, overlaps, parseListSas } from "./diagnose";
import type { BgpOutcome, BgpSideState, ChildSa, IkeSa, Observed, TunnelResult } from "./diagnose";
import { CHILD, renderBgpdConf, renderStrongswanConf, renderTunnel, type RenderedTunnel } from "./render";
import type { TunnelViews } from "./views";
import type { Side } from "./vocabulary";
import { ended, sleep, until } from "./wait";

export interface RunOptions {
  /** Tunnels run at once (default 4). */
  concurrency?: number;
  /** Bound on `swanctl --initiate` (default 10 s). */
  ikeTimeoutSeconds?: number;
  /** Bound on reaching BGP Established with prefixes learned (default 15 s). */
  bgpTimeoutSeconds?: number;
  /** Progress lines (default: silent). */
  log?: (line: string) => void;
}

// The pure half (parsers, diagnosis, the results table) lives in interop/diagnose.ts; these
// re-exports keep the runner's importers (check.ts, cli.ts, sites.ts, the tests) unchanged.
export { formatResults, parseListSas, parseViciRaw, type BgpResult, type TunnelResult } from "./diagnose";

/** Raised when this machine cannot run the check at all (not root, no netns, packages missing). */
export class InteropEnvironmentError extends Error {}

const CHARON = "/usr/lib/ipsec/charon";
const ZEBRA = "/usr/lib/frr/zebra";
const BGPD = "/usr/lib/frr/bgpd";
const VETH = { aws: "veth-aws", azure: "veth-azure" } as const;
const NEEDS = "the interop check needs root and network namespaces";

// ---------- small process helpers ----------

interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function exec(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<Exec> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: "SIGKILL", env: env ?? process.env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      const code = err ? (typeof err.code === "number" ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) || (err && typeof err.code === "string" ? err.message : ""), timedOut: Boolean(err?.killed) });
    });
  });
}

async function must(cmd: string, args: string[], timeoutMs = 5000, env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await exec(cmd, args, timeoutMs, env);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed${r.timedOut ? " (timed out)" : ""}: ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return r.stdout;
}

/** A daemon run in the foreground as our direct child, so its PID and exit are ours to track. */
class Daemon {
  readonly exited: Promise<void>;
  private done = false;
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = ended(child, () => {
      this.done = true;
    });
  }
  get running(): boolean {
    return !this.done;
  }
  /** SIGTERM, then SIGKILL after a bound. */
  async stop(termMs = 3000): Promise<void> {
    if (this.done) return;
    this.child.kill("SIGTERM");
    await Promise.race([this.exited, sleep(termMs)]);
    if (this.done) return;
    this.child.kill("SIGKILL");
    await Promise.race([this.exited, sleep(2000)]);
  }
  killNow(): void {
    if (!this.done && this.child.pid !== undefined) {
      try {
        process.kill(this.child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }
}

function startDaemon(name: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): Daemon {
  const fd = openSync(logFile, "a");
  try {
    const child = spawn("ip", args, { stdio: ["ignore", fd, fd], env: env ?? process.env });
    return new Daemon(name, child);
  } finally {
    closeSync(fd);
  }
}

// ---------- environment ----------

/** The Debian packages the interop check needs (interop/debian-packages.txt, read by setup-interop.sh too). */
export function interopDebianPackages(): string[] {
  return readFileSync(path.join(__dirname, "debian-packages.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

let environmentChecked: Promise<void> | undefined;
let nsCounter = 0;

/** Throws InteropEnvironmentError with a clear reason when this machine cannot run the check. */
export function assertInteropEnvironment(): Promise<void> {
  environmentChecked ??= (async () => {
    if (process.platform !== "linux") {
      throw new InteropEnvironmentError(`${NEEDS}: it needs Linux network namespaces, and this is ${process.platform}; run it on a Linux machine or VM (the fast suite, npm test, runs anywhere)`);
    }
    if (typeof process.getuid !== "function" || process.getuid() !== 0) {
      throw new InteropEnvironmentError(`${NEEDS}: run it as root, e.g. sudo env "PATH=$PATH" npm run test:interop (uid is ${process.getuid?.() ?? "unknown"})`);
    }
    const missing = [
      ["ip", "/usr/sbin/ip", "iproute2"],
      [CHARON, CHARON, "strongswan-charon"],
      ["swanctl", "/usr/sbin/swanctl", "strongswan-swanctl"],
      ["kernel-libipsec plugin", "/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so", "libcharon-extra-plugins"],
      ["openssl plugin", "/usr/lib/ipsec/plugins/libstrongswan-openssl.so", "libstrongswan-standard-plugins"],
      [ZEBRA, ZEBRA, "frr"],
      [BGPD, BGPD, "frr"],
      ["vtysh", "/usr/bin/vtysh", "frr"],
      ["ping", "/usr/bin/ping", "iputils-ping"],
      ["/dev/net/tun", "/dev/net/tun", "a TUN device (kernel)"],
    ].filter(([, file]) => !existsSync(file!));
    if (missing.length > 0) {
      throw new InteropEnvironmentError(
        `the interop check is missing ${missing.map(([what, , pkg]) => `${what} (${pkg})`).join(", ")}. ` +
          `Install them with: npm run setup:interop (that is: apt-get install -y --no-install-recommends ${interopDebianPackages().join(" ")})`,
      );
    }
    const probe = `aav-${process.pid}-probe`;
    const added = await exec("ip", ["netns", "add", probe], 5000);
    if (added.code !== 0) throw new InteropEnvironmentError(`${NEEDS}: \`ip netns add\` failed: ${added.stderr.trim()}`);
    await exec("ip", ["netns", "del", probe], 5000);
    if ((await exec("id", ["-u", "frr"], 2000)).code !== 0) throw new InteropEnvironmentError("the interop check needs the frr user (package frr)");
  })();
  return environmentChecked;
}

async function frrIds(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await must("id", ["-u", "frr"])).trim());
  const gid = Number((await must("id", ["-g", "frr"])).trim());
  return { uid, gid };
}

// ---------- one tunnel's sandbox ----------

/** Every live sandbox, so an abrupt exit can still kill its daemons and delete its namespaces. */
const live = new Set<Sandbox>();
let signalsInstalled = false;

function cleanupAllSync(): void {
  for (const box of live) box.cleanupSync();
  live.clear();
}
function onSignal(signal: NodeJS.Signals): void {
  cleanupAllSync();
  process.exit(signal === "SIGINT" ? 130 : 143);
}
function track(box: Sandbox): void {
  live.add(box);
  if (!signalsInstalled) {
    signalsInstalled = true;
    process.on("exit", cleanupAllSync);
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
}
function untrack(box: Sandbox): void {
  live.delete(box);
  if (live.size === 0 && signalsInstalled) {
    signalsInstalled = false;
    process.off("exit", cleanupAllSync);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

interface SidePaths {
  dir: string;
  strongswanConf: string;
  swanctlConf: string;
  charonLog: string;
  vici: string;
  frrDir: string;
  frrRun: string;
}

class Sandbox {
  readonly ns: Record<Side, string>;
  readonly namespaces: string[] = [];
  readonly daemons: Daemon[] = [];
  dir = "";
  paths!: Record<Side, SidePaths>;

  constructor(n: number) {
    const base = `aav-${process.pid}-${n}`;
    this.ns = { aws: `${base}-aws`, azure: `${base}-az` };
  }

  async create(): Promise<void> {
    track(this);
    this.dir = await fs.mkdtemp(path.join(os.tmpdir(), `${this.ns.aws.replace(/-aws$/, "")}-`));
    await fs.chmod(this.dir, 0o755); // FRR drops to the frr user and must traverse it
    const make = async (side: Side): Promise<SidePaths> => {
      const dir = path.join(this.dir, side);
      const p: SidePaths = {
        dir,
        strongswanConf: path.join(dir, "strongswan.conf"),
        swanctlConf: path.join(dir, "swanctl.conf"),
        charonLog: path.join(dir, "charon.log"),
        vici: `unix://${path.join(dir, "charon.vici")}`,
        frrDir: path.join(dir, "frr"),
        frrRun: path.join(dir, "frr", "run"),
      };
      await fs.mkdir(path.join(dir, "run"), { recursive: true, mode: 0o755 });
      await fs.chmod(dir, 0o755);
      await fs.writeFile(p.strongswanConf, renderStrongswanConf(dir));
      return p;
    };
    this.paths = { aws: await make("aws"), azure: await make("azure") };
    for (const side of ["aws", "azure"] as const) {
      const r = await exec("ip", ["netns", "add", this.ns[side]], 5000);
      if (r.code !== 0) throw new InteropEnvironmentError(`${NEEDS}: \`ip netns add ${this.ns[side]}\` failed: ${r.stderr.trim()}`);
      this.namespaces.push(this.ns[side]);
    }
  }

  ip(side: Side, ...args: string[]): Promise<string> {
    return must("ip", ["-n", this.ns[side], ...args]);
  }

  swanctlEnv(side: Side): NodeJS.ProcessEnv {
    return { ...process.env, STRONGSWAN_CONF: this.paths[side].strongswanConf };
  }

  swanctl(side: Side, args: string[], timeoutMs: number): Promise<Exec> {
    return exec("swanctl", [...args, "--uri", this.paths[side].vici], timeoutMs, this.swanctlEnv(side));
  }

  startCharon(side: Side): Daemon {
    const p = this.paths[side];
    // Private /run (charon's pid file is fixed at /run/charon.pid); the mount stays in this mount namespace.
    const d = startDaemon(
      `charon(${side})`,
      ["netns", "exec", this.ns[side], "unshare", "-m", "--propagation", "private", "sh", "-c", `mount --bind "$1" /run && exec ${CHARON}`, "sh", path.join(p.dir, "run")],
      path.join(p.dir, "charon.out"),
      this.swanctlEnv(side),
    );
    this.daemons.push(d);
    return d;
  }

  startFrr(side: Side, daemon: "zebra" | "bgpd"): Daemon {
    const p = this.paths[side];
    const bin = daemon === "zebra" ? ZEBRA : BGPD;
    const d = startDaemon(
      `${daemon}(${side})`,
      ["netns", "exec", this.ns[side], bin, "-P", "0", "--vty_socket", p.frrRun, "-f", path.join(p.frrDir, `${daemon}.conf`), "-i", path.join(p.frrRun, `${daemon}.pid`), "-z", path.join(p.frrRun, "zserv.api")],
      path.join(p.frrDir, `${daemon}.out`),
    );
    this.daemons.push(d);
    return d;
  }

  async teardown(): Promise<void> {
    // All at once: a charon needs ~2 s to honour SIGTERM.
    await Promise.all(this.daemons.map((d) => d.stop()));
    for (const ns of this.namespaces) await exec("ip", ["netns", "del", ns], 5000);
    if (this.dir) await fs.rm(this.dir, { recursive: true, force: true });
    untrack(this);
  }

  cleanupSync(): void {
    for (const d of this.daemons) d.killNow();
    for (const ns of this.namespaces) spawnSync("ip", ["netns", "del", ns], { timeout: 5000 });
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------- BGP via vtysh ----------

async function vtyshJson(box: Sandbox, side: Side, command: string): Promise<Record<string, unknown> | undefined> {
  const r = await exec("vtysh", ["--vty_socket", box.paths[side].frrRun, "-c", command], 3000);
  if (r.code !== 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(r.stdout);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function bgpState(box: Sandbox, side: Side, peer: string): Promise<BgpSideState> {
  const [summary, table] = await Promise.all([
    vtyshJson(box, side, "show bgp ipv4 unicast summary json"),
    vtyshJson(box, side, "show ip bgp json"),
  ]);
  return bgpSideState(summary, table, peer);
}

async function bgpNotification(box: Sandbox, side: Side, peer: string): Promise<string | undefined> {
  return bgpNotificationOf(await vtyshJson(box, side, `show bgp neighbors ${peer} json`), peer);
}

// ---------- the run ----------

function hasBgp(r: RenderedTunnel): boolean {
  return r.aws.bgp !== undefined || r.azure.bgp !== undefined;
}

async function setUpNetwork(box: Sandbox, r: RenderedTunnel): Promise<void> {
  await must("ip", ["link", "add", VETH.aws, "netns", box.ns.aws, "type", "veth", "peer", "name", VETH.azure, "netns", box.ns.azure]);
  for (const side of ["aws", "azure"] as const) {
    const s = r[side];
    // Outside addresses may sit in different /24s: /32 plus an explicit route to the peer.
    await box.ip(side, "link", "set", "lo", "up");
    await box.ip(side, "addr", "add", `${s.outsideAddress}/32`, "dev", VETH[side]);
    await box.ip(side, "link", "set", VETH[side], "up");
    await box.ip(side, "route", "add", `${s.remoteOutsideAddress}/32`, "dev", VETH[side]);
    await box.ip(side, "addr", "add", `${s.innerAddress}/32`, "dev", "lo");
  }
}

async function startIpsec(box: Sandbox, r: RenderedTunnel): Promise<void> {
  const sides = ["aws", "azure"] as const;
  for (const side of sides) await fs.writeFile(box.paths[side].swanctlConf, r[side].swanctlConf);
  const daemons = sides.map((side) => box.startCharon(side));
  const ready = await Promise.all(
    sides.map((side, k) => until(5000, 25, async () => (existsSync(box.paths[side].vici.slice("unix://".length)) ? true : daemons[k]!.running ? undefined : false))),
  );
  sides.forEach((side, k) => {
    if (ready[k] !== true) throw new Error(`charon (${side}) did not start: see ${box.paths[side].charonLog}`);
  });
  for (const side of sides) {
    // libipsec routes everything matching the selectors via table 220; drop that rule so only the
    // routes each side declares (static) or learns (BGP) carry traffic into ipsec0.
    await box.ip(side, "rule", "del", "pref", "220", "table", "220");
    const s = r[side];
    if (s.bgp) await box.ip(side, "addr", "add", s.bgp.bgp.localAddress, "peer", s.bgp.bgp.peerAddress, "dev", "ipsec0");
    for (const prefix of s.staticRoutes) {
      // metric 100: a BGP-learned or connected route to the same prefix wins.
      await box.ip(side, "route", "replace", prefix, "dev", "ipsec0", "src", s.innerAddress, "metric", "100");
    }
  }
  const loaded = await Promise.all(sides.map((side) => box.swanctl(side, ["--load-all", "--file", box.paths[side].swanctlConf], 5000)));
  sides.forEach((side, k) => {
    if (loaded[k]!.code !== 0) throw new Error(`swanctl rejected the ${side} config: ${loaded[k]!.stdout.trim()} ${loaded[k]!.stderr.trim()}`);
  });
}

async function listSas(box: Sandbox, side: Side): Promise<IkeSa | undefined> {
  const r = await box.swanctl(side, ["--list-sas", "--raw"], 5000);
  return parseListSas(r.stdout)[0];
}

async function logSince(file: string, offset: number): Promise<string> {
  try {
    const text = await fs.readFile(file, "utf8");
    return text.slice(offset);
  } catch {
    return "";
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.readFile(file, "utf8")).length;
  } catch {
    return 0;
  }
}

/** Rekeys the CHILD_SA from the initiator: a CREATE_CHILD_SA with KE, where PFS must agree. */
async function rekey(box: Sandbox, initiator: Side, before: ChildSa): Promise<{ ok: boolean; child?: ChildSa; note?: string }> {
  const log = box.paths[initiator].charonLog;
  const offset = await fileSize(log);
  await box.swanctl(initiator, ["--rekey", "--child", CHILD], 5000);
  const outcome = await until(5000, 50, async () => {
    const fresh = installed(await listSas(box, initiator));
    if (fresh && fresh.uniqueid > before.uniqueid) return { ok: true, child: fresh };
    const text = await logSince(log, offset);
    if (/CHILD_SA rekeying failed|failed to establish CHILD_SA/.test(text)) return { ok: false, note: "rekey refused by the peer" };
    return undefined;
  });
  return outcome ?? { ok: false, note: "rekey did not complete within 5 s" };
}

async function runBgp(box: Sandbox, r: RenderedTunnel, views: TunnelViews, timeoutMs: number): Promise<BgpOutcome> {
  const sides = ["aws", "azure"] as const;
  const ids = await frrIds();
  for (const side of sides) {
    const p = box.paths[side];
    await fs.mkdir(p.frrRun, { recursive: true });
    await fs.writeFile(path.join(p.frrDir, "zebra.conf"), `hostname ${side}\n`);
    const b = r[side].bgp;
    await fs.writeFile(path.join(p.frrDir, "bgpd.conf"), b ? renderBgpdConf({ ...b, logFile: path.join(p.frrRun, "bgpd.log") }) : `hostname ${side}\n`);
    for (const f of [p.frrDir, p.frrRun, path.join(p.frrDir, "zebra.conf"), path.join(p.frrDir, "bgpd.conf")]) await fs.chown(f, ids.uid, ids.gid);
  }
  const zebras = sides.map((side) => box.startFrr(side, "zebra"));
  await Promise.all(sides.map((side, k) => until(5000, 25, async () => (existsSync(path.join(box.paths[side].frrRun, "zserv.api")) || !zebras[k]!.running ? true : undefined))));
  sides.forEach((side, k) => {
    if (!zebras[k]!.running) throw new Error(`zebra (${side}) exited at start: see ${path.join(box.paths[side].frrDir, "zebra.out")}`);
  });
  sides.forEach((side) => box.startFrr(side, "bgpd"));

  const peerOf = (side: Side): string => views[side].bgp?.peerAddress ?? "";
  const expect = { aws: views.azure.localPrefixes, azure: views.aws.localPrefixes };
  let last: BgpOutcome | undefined;
  const done = await until(timeoutMs, 250, async () => {
    const [aws, azure] = await Promise.all(sides.map((side) => bgpState(box, side, peerOf(side))));
    const now = { aws: aws!, azure: azure! };
    const converged = sides.every((side) => now[side].state === "Established" && expect[side].every((p) => now[side].learned.includes(p)));
    last = { ...now, converged };
    if (converged) return last;
    // A refused OPEN will not fix itself: stop early once it shows.
    const refused = await Promise.all(sides.map(async (side) => (now[side].state === "Established" ? undefined : bgpNotification(box, side, peerOf(side)))));
    return refused.some((n) => n !== undefined && /Bad Peer AS/i.test(n)) ? last : undefined;
  });
  const final: BgpOutcome = done ?? last ?? { aws: { state: "unknown", learned: [] }, azure: { state: "unknown", learned: [] }, converged: false };
  if (final.converged) return final;
  for (const side of sides) {
    if (final[side].state !== "Established" && views[side].bgp) final[side].notification = await bgpNotification(box, side, peerOf(side));
  }
  return final;
}

/** Ping AWS inner -> Azure inner; "bypassed" when it was answered but the CHILD_SA's counters did not move. */
async function ping(box: Sandbox, r: RenderedTunnel): Promise<"ok" | "failed" | "bypassed"> {
  const total = (c: ChildSa | undefined): number => (c ? Math.min(c.packetsIn, c.packetsOut) : 0);
  const before = total(installed(await listSas(box, "aws")));
  const res = await exec("ip", ["netns", "exec", box.ns.aws, "ping", "-c", "2", "-W", "2", "-i", "0.2", "-I", r.aws.innerAddress, r.azure.innerAddress], 8000);
  if (res.code !== 0) return "failed";
  return total(installed(await listSas(box, "aws"))) > before ? "ok" : "bypassed";
}

/** Runs one tunnel end to end. Problems of the tunnel become `cause`; only environment problems throw. */
export async function runTunnel(views: TunnelViews, opts: RunOptions = {}): Promise<TunnelResult> {
  const started = Date.now();
  const base: TunnelResult = {
    stack: views.stack,
    tunnelId: views.tunnelId,
    initiator: "none",
    childSaState: "none",
    rekey: "skipped",
    ping: "skipped",
    ok: false,
    durationMs: 0,
  };
  const finish = (r: TunnelResult): TunnelResult => ({ ...r, durationMs: Date.now() - started });

  let rendered: RenderedTunnel;
  try {
    rendered = renderTunnel(views);
  } catch (e) {
    return finish({ ...base, cause: `cannot render the daemons' configuration: ${(e as Error).message}` });
  }
  if (!rendered.initiator) {
    return finish({ ...base, cause: `neither side initiates: AWS startupAction ${views.aws.startupAction}, Azure connectionMode ${views.azure.connectionMode}` });
  }
  const initiator = rendered.initiator;
  const overlap = overlaps(views.aws.localPrefixes, views.azure.localPrefixes);
  const outsideClash = rendered.aws.outsideAddress === rendered.azure.outsideAddress ? `both ends use the outside address ${rendered.aws.outsideAddress}` : undefined;
  if (outsideClash) return finish({ ...base, initiator, cause: outsideClash });

  await assertInteropEnvironment();
  const box = new Sandbox(++nsCounter);
  const o: Observed = {};
  let result: TunnelResult = { ...base, initiator };
  const log = opts.log ?? ((): void => undefined);
  try {
    await box.create();
    await setUpNetwork(box, rendered);
    await startIpsec(box, rendered);
    log(`${views.stack}/${views.tunnelId}: initiating from ${initiator}`);
    const ikeTimeout = opts.ikeTimeoutSeconds ?? 10;
    o.initiated = await box.swanctl(initiator, ["--initiate", "--child", CHILD, "--timeout", String(ikeTimeout)], (ikeTimeout + 3) * 1000);
    o.ike = await listSas(box, initiator);
    o.child = installed(o.ike);
    result.ikeProposal = o.ike?.state === "ESTABLISHED" ? o.ike.proposal : undefined;
    result.childSaState = o.child ? "INSTALLED" : (o.ike?.children[0]?.state ?? "none");
    result.espProposal = o.child?.proposal;

    if (o.child) {
      const rk = await rekey(box, initiator, o.child);
      result.rekey = rk.ok ? "ok" : "failed";
      if (rk.child) result.espProposal = rk.child.proposal;
      if (!rk.ok) o.rekeyNote = rk.note;
    }

    const tunnelUp = o.child !== undefined && result.rekey === "ok";
    if (hasBgp(rendered)) {
      if (!rendered.aws.bgp || !rendered.azure.bgp) {
        o.bgpSkipped = `only the ${rendered.aws.bgp ? "aws" : "azure"} side declares BGP`;
      } else if (tunnelUp) {
        o.bgp = await runBgp(box, rendered, views, (opts.bgpTimeoutSeconds ?? 15) * 1000);
        result.bgp = {
          awsState: o.bgp.aws.state + (o.bgp.aws.notification ? ` (${o.bgp.aws.notification})` : ""),
          azureState: o.bgp.azure.state + (o.bgp.azure.notification ? ` (${o.bgp.azure.notification})` : ""),
          awsLearned: o.bgp.aws.learned,
          azureLearned: o.bgp.azure.learned,
        };
      }
    }
    // Same inner address on both ends would "answer" locally: only ping when the spaces are disjoint.
    // BGP tunnels route only what BGP learned: no point pinging before it converged.
    if (o.child && !overlap && (!hasBgp(rendered) || o.bgp?.converged)) {
      const p = await ping(box, rendered);
      result.ping = p === "ok" ? "ok" : "failed";
      if (p === "bypassed") o.pingBypassed = true;
    }

    const logs = { aws: await logSince(box.paths.aws.charonLog, 0), azure: await logSince(box.paths.azure.charonLog, 0) };
    const cause = overlap ? `address spaces overlap: ${overlap}` : diagnose(views, rendered, o, logs, result.ping);
    const bgpOk = !hasBgp(rendered) || o.bgp?.converged === true;
    result.ok = cause === undefined && tunnelUp && result.ping === "ok" && bgpOk;
    if (!result.ok) {
      result.cause = cause ?? "failed (no cause recognised; see details)";
      result.details = [...detailLines("aws", logs.aws), ...detailLines("azure", logs.azure)];
    }
  } catch (e) {
    if (e instanceof InteropEnvironmentError) throw e;
    result = { ...result, ok: false, cause: `runner error: ${(e as Error).message}` };
  } finally {
    await box.teardown();
  }
  return finish(result);
}

/** Runs tunnels with bounded parallelism; results keep the input order. */
export async function runTunnels(views: TunnelViews[], opts: RunOptions = {}): Promise<TunnelResult[]> {
  await assertInteropEnvironment();
  const results: TunnelResult[] = new Array(views.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < views.length) {
      const k = next++;
      results[k] = await runTunnel(views[k]!, opts);
      opts.log?.(`${views[k]!.stack}/${views[k]!.tunnelId}: ${results[k]!.ok ? "ok" : `FAILED: ${results[k]!.cause}`} (${results[k]!.durationMs} ms)`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, views.length)) }, worker));
  return results;
}

// ---------- hooks for other interop modules (startup.ts) ----------

/** One tunnel's sandbox, as other interop modules drive it. */
export type TunnelSandbox = Sandbox;

/** A fresh sandbox (namespaces named with this process's pid), the network of one rendered tunnel, and SA queries. */
export const sandboxHooks = {
  newSandbox: (): Sandbox => new Sandbox(++nsCounter),
  setUpNetwork,
  listSas,
  installed,
  logSince,
};
