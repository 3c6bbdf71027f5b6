/**
 * The interop runner's pure half: parsers of the daemons' output (`swanctl --list-sas --raw`,
 * vtysh's BGP JSON, charon's logs), the diagnosis of why a tunnel or BGP session failed, and the
 * results table. No root, no processes: unit-tested on canned output in
 * tests/unit/interop-diagnose.test.ts. interop/netns.ts (the sandbox and the daemons) feeds it.
 */
import { cidrContains, parseCidr, parseIpv4 } from "./ip";
import { CHILD, type RenderedTunnel } from "./render";
import type { TunnelViews } from "./views";
import type { Side } from "./vocabulary";

export interface BgpResult {
  awsState: string;
  azureState: string;
  awsLearned: string[];
  azureLearned: string[];
}

export interface TunnelResult {
  stack: string;
  tunnelId: string;
  /** Which end started IKE ("none": neither would). */
  initiator: Side | "none";
  /** Chosen IKE proposal, strongSwan notation, e.g. AES_CBC-256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384. */
  ikeProposal?: string;
  /** Chosen ESP proposal after the rekey (so it shows the PFS group), e.g. AES_GCM_16-256/ECP_384. */
  espProposal?: string;
  /** CHILD_SA state on the initiator: INSTALLED, or "none". */
  childSaState: string;
  /** The first CHILD_SA rekey, which (unlike IKE_AUTH) runs a DH exchange: PFS is only tested here. */
  rekey: "ok" | "failed" | "skipped";
  ping: "ok" | "failed" | "skipped";
  bgp?: BgpResult;
  ok: boolean;
  cause?: string;
  /** Relevant charon/bgpd log lines when something failed. */
  details?: string[];
  durationMs: number;
}

// ---------- swanctl --list-sas --raw ----------

export interface ViciSection {
  [key: string]: string | string[] | ViciSection;
}

/** Parses one vici message as `swanctl --raw` prints it: `{k=v k=[a b] k {..}}`. */
export function parseViciRaw(text: string): ViciSection {
  let i = text.indexOf("{");
  if (i < 0) return {};
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < text.length && !/[\s{}=[\]]/.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  const section = (): ViciSection => {
    const out: ViciSection = {};
    i++; // "{"
    for (;;) {
      ws();
      if (i >= text.length) return out;
      if (text[i] === "}") {
        i++;
        return out;
      }
      const key = token();
      ws();
      if (text[i] === "{") out[key] = section();
      else if (text[i] === "=") {
        i++;
        if (text[i] === "[") {
          const end = text.indexOf("]", i);
          out[key] = text.slice(i + 1, end < 0 ? text.length : end).split(/\s+/).filter(Boolean);
          i = end < 0 ? text.length : end + 1;
        } else out[key] = token();
      } else if (key === "") i++; // skip a stray character
    }
  };
  return section();
}

export interface ChildSa {
  uniqueid: number;
  state: string;
  proposal: string;
  packetsIn: number;
  packetsOut: number;
}
export interface IkeSa {
  state: string;
  proposal: string;
  children: ChildSa[];
}

function str(v: ViciSection[string] | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function proposalOf(s: ViciSection): string {
  const enc = str(s["encr-alg"]);
  const size = str(s["encr-keysize"]);
  return [enc && size ? `${enc}-${size}` : enc, str(s["integ-alg"]), str(s["prf-alg"]), str(s["dh-group"])].filter(Boolean).join("/");
}

/** The IKE SAs (with their CHILD_SAs named CHILD) in `swanctl --list-sas --raw` output. */
export function parseListSas(raw: string): IkeSa[] {
  const out: IkeSa[] = [];
  for (const line of raw.split("\n")) {
    if (!line.startsWith("list-sa event")) continue;
    for (const ike of Object.values(parseViciRaw(line))) {
      if (typeof ike !== "object" || Array.isArray(ike)) continue;
      const childSas = ike["child-sas"];
      const children: ChildSa[] = [];
      if (childSas && typeof childSas === "object" && !Array.isArray(childSas)) {
        for (const c of Object.values(childSas)) {
          if (typeof c !== "object" || Array.isArray(c) || str(c["name"]) !== CHILD) continue;
          children.push({
            uniqueid: Number(str(c["uniqueid"]) ?? 0),
            state: str(c["state"]) ?? "?",
            proposal: proposalOf(c),
            packetsIn: Number(str(c["packets-in"]) ?? 0),
            packetsOut: Number(str(c["packets-out"]) ?? 0),
          });
        }
      }
      out.push({ state: str(ike["state"]) ?? "?", proposal: proposalOf(ike), children });
    }
  }
  return out;
}

export interface BgpSideState {
  state: string;
  learned: string[];
  notification?: string;
}

/** An object, or an empty one for anything else (vtysh's JSON read defensively). */
function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** What the runner observed of one tunnel, for diagnose. */
/**
 * One side's BGP state from vtysh's `show bgp ipv4 unicast summary json` and `show ip bgp json`
 * (undefined: bgpd did not answer): the session state with `peer`, and the prefixes learned from
 * a peer (not originated locally).
 */
export function bgpSideState(summary: Record<string, unknown> | undefined, table: Record<string, unknown> | undefined, peer: string): BgpSideState {
  const peers = rec(summary?.["peers"]);
  const p = rec(peers[peer]);
  const state = summary === undefined ? "bgpd not answering" : typeof p["state"] === "string" ? p["state"] : `no neighbor ${peer}`;
  const learned = Object.entries(rec(table?.["routes"]))
    .filter(([, paths]) => Array.isArray(paths) && paths.some((x) => rec(x)["peerId"] !== "(unspec)"))
    .map(([prefix]) => prefix)
    .sort();
  return { state, learned };
}

/** Why the session with `peer` last went down, from vtysh's `show bgp neighbors PEER json`. */
export function bgpNotificationOf(neighbors: Record<string, unknown> | undefined, peer: string): string | undefined {
  const n = rec(neighbors?.[peer]);
  const notification = n["lastNotificationReason"];
  const reset = n["lastResetDueTo"];
  if (typeof notification === "string") return typeof reset === "string" ? `${notification}, ${reset}` : notification;
  // Code 30 ("No AFI/SAFI activated") is FRR's placeholder before any session: not a reason.
  return typeof reset === "string" && n["lastResetCode"] !== 30 ? reset : undefined;
}

export interface Observed {
  /** The `swanctl --initiate` run (timed out or not). */
  initiated?: { timedOut: boolean };
  ike?: IkeSa;
  child?: ChildSa;
  rekeyNote?: string;
  bgp?: BgpOutcome;
  bgpSkipped?: string;
  pingBypassed?: boolean;
}

/** The newest INSTALLED CHILD_SA of an IKE SA. */
export function installed(ike: IkeSa | undefined): ChildSa | undefined {
  return ike?.children.filter((c) => c.state === "INSTALLED").sort((a, b) => b.uniqueid - a.uniqueid)[0];
}

export interface BgpOutcome {
  aws: BgpSideState;
  azure: BgpSideState;
  /** Both Established and each side learned every prefix the other announces. */
  converged: boolean;
}

/** The first overlap between AWS's and Azure's local prefixes, in words. */
export function overlaps(a: string[], b: string[]): string | undefined {
  for (const x of a) {
    for (const y of b) {
      const cx = parseCidr(x, "prefix");
      const cy = parseCidr(y, "prefix");
      if (cidrContains(cx, cy.network) || cidrContains(cy, cx.network)) return `${x} (aws) overlaps ${y} (azure)`;
    }
  }
  return undefined;
}

const DETAIL = /NO_PROP|AUTH_FAILED|AUTHENTICATION_FAILED|TS_UNACCEPT|INVALID_KE|no acceptable proposal|received proposals|configured proposals|giving up|MAC mismatch|no IKE config|no matching peer config|failed|retransmit/;

/** The log lines that explain a failure (at most 12 per side), prefixed with the side. */
export function detailLines(side: Side, log: string): string[] {
  return log
    .split("\n")
    .filter((l) => DETAIL.test(l))
    .slice(0, 12)
    .map((l) => `${side}: ${l.replace(/^\d+\[\w+\] /, "")}`);
}

/** The responder's last "received/configured proposals" lines of this kind. */
function proposalLines(log: string, kind: "IKE" | "ESP"): { received: string; configured: string } | undefined {
  const last = (what: string): string | undefined => [...log.matchAll(new RegExp(`${what} proposals: (${kind}:[^\\n]*)`, "g"))].pop()?.[1];
  const received = last("received");
  const configured = last("configured");
  return received && configured ? { received, configured } : undefined;
}

function proposalsIn(log: string, kind: "IKE" | "ESP"): string | undefined {
  const p = proposalLines(log, kind);
  return p ? `offered ${p.received}; accepted ${p.configured}` : undefined;
}

const DH_TOKEN = /^(MODP|ECP|CURVE|NONE)/;

/** Says whether only PFS separates the two sides' ESP proposals, then the proposals themselves. */
function espHint(responderLog: string): string {
  const p = proposalLines(responderLog, "ESP");
  if (!p) return " (e.g. PFS missing on one side)";
  const split = (line: string): string[][] => line.split(/,\s*/).map((x) => x.replace(/^ESP:/, "").split("/").filter((t) => t !== "NO_EXT_SEQ" && t !== "EXT_SEQ"));
  const withoutDh = (ts: string[]): string => ts.filter((t) => !DH_TOKEN.test(t)).join("/");
  const offered = split(p.received);
  const accepted = split(p.configured);
  const sameCipher = offered.some((o) => accepted.some((a) => withoutDh(o) === withoutDh(a)));
  const hasDh = (list: string[][]): boolean => list.some((ts) => ts.some((t) => DH_TOKEN.test(t)));
  let why = "ciphers/integrity differ";
  if (sameCipher) why = hasDh(offered) !== hasDh(accepted) ? "PFS missing on one side" : "PFS groups differ";
  return ` (${why}): offered ${p.received}; accepted ${p.configured}`;
}

/** Names the cause of a failure from the logs, the views, and what was observed. */
export function diagnose(views: TunnelViews, r: RenderedTunnel, o: Observed, logs: Record<Side, string>, pingResult: TunnelResult["ping"]): string | undefined {
  const both = logs.aws + "\n" + logs.azure;
  const responder: Side = r.initiator === "azure" ? "aws" : "azure";
  const addressHints: string[] = [];
  if (views.aws.customerGatewayAddress !== views.azure.outsideAddress) {
    addressHints.push(`AWS's customer gateway is ${views.aws.customerGatewayAddress} but the Azure gateway speaks from ${views.azure.outsideAddress}`);
  }
  if (views.azure.peerAddress !== views.aws.outsideAddress) {
    addressHints.push(`Azure's local network gateway points at ${views.azure.peerAddress} but the AWS tunnel is at ${views.aws.outsideAddress}`);
  }
  const awsVersions = views.aws.ikeVersions.length ? views.aws.ikeVersions : ["ikev1", "ikev2"];
  if (!awsVersions.includes(views.azure.connectionProtocol.toLowerCase())) {
    addressHints.push(`IKE versions differ: AWS ${awsVersions.join("/")}, Azure ${views.azure.connectionProtocol}`);
  }

  if (o.ike?.state !== "ESTABLISHED") {
    if (/AUTHENTICATION_FAILED|AUTH_FAILED|MAC mismatched/.test(both)) return "pre-shared keys differ (AUTHENTICATION_FAILED)";
    // Before NO_PROPOSAL_CHOSEN: charon also answers an unknown peer with that notify.
    if (/no IKE config found|no matching peer config/.test(both)) return `the responder has no matching connection${addressHints.length ? `: ${addressHints.join("; ")}` : " (addresses or identities disagree)"}`;
    if (/IKE_SA_INIT response 0 \[ N\(NO_PROP\) \]|NO_PROPOSAL_CHOSEN/.test(both) || /received proposals: IKE:/.test(logs[responder]) && /no acceptable proposal found/.test(logs[responder])) {
      const d = proposalsIn(logs[responder], "IKE");
      return `no common IKE proposal (NO_PROPOSAL_CHOSEN in IKE_SA_INIT)${d ? `: ${d}` : ""}`;
    }
    if (/INVALID_KE_PAYLOAD/.test(both)) return "no common IKE proposal (no common DH group)";
    if (/giving up after|retransmit/.test(both) || o.initiated?.timedOut) {
      return `no answer from the peer${addressHints.length ? `: ${addressHints.join("; ")}` : ""}`;
    }
    return `IKE SA not established${addressHints.length ? `: ${addressHints.join("; ")}` : ""}`;
  }
  if (!o.child) {
    if (/TS_UNACCEPTABLE/.test(both)) {
      return `traffic selectors disagree (TS_UNACCEPTABLE): aws ${r.aws.localTs.join(",")} <-> ${r.aws.remoteTs.join(",")}, azure ${r.azure.localTs.join(",")} <-> ${r.azure.remoteTs.join(",")}`;
    }
    return `no common ESP proposal for the CHILD_SA${espHint(logs[responder])}`;
  }
  if (o.rekeyNote) {
    return `no common ESP proposal at the first CHILD_SA rekey, the first exchange with PFS (${o.rekeyNote})${espHint(logs[responder])}`;
  }
  if (o.bgpSkipped) return o.bgpSkipped;
  if (o.bgp) {
    const a = views.aws.bgp;
    const z = views.azure.bgp;
    const established = o.bgp.aws.state === "Established" && o.bgp.azure.state === "Established";
    if (!established) {
      const reasons: string[] = [];
      if (a && z && a.peerAddress !== z.localAddress) reasons.push(`peering address mismatch: AWS expects its BGP peer at ${a.peerAddress} but Azure's inside address is ${z.localAddress}`);
      if (a && z && z.peerAddress !== a.localAddress) reasons.push(`peering address mismatch: Azure expects its BGP peer at ${z.peerAddress} but AWS's inside address is ${a.localAddress}`);
      const badAs = [o.bgp.aws.notification, o.bgp.azure.notification].some((n) => n && /Bad Peer AS/i.test(n));
      if (a && z && a.peerAsn !== z.asn) reasons.push(`ASN mismatch${badAs ? " (Bad Peer AS)" : ""}: AWS expects peer AS ${a.peerAsn} but Azure is AS ${z.asn}`);
      if (a && z && z.peerAsn !== a.asn) reasons.push(`ASN mismatch${badAs ? " (Bad Peer AS)" : ""}: Azure expects peer AS ${z.peerAsn} but AWS is AS ${a.asn}`);
      if (reasons.length === 0 && badAs) reasons.push("Bad Peer AS");
      return `BGP never Established (aws ${o.bgp.aws.state}, azure ${o.bgp.azure.state})${reasons.length ? `: ${reasons.join("; ")}` : ""}`;
    }
    const missing = (["aws", "azure"] as const).flatMap((side) => {
      const other = side === "aws" ? views.azure : views.aws;
      const lacks = other.localPrefixes.filter((p) => !o.bgp![side].learned.includes(p));
      return lacks.length ? [`${side} did not learn ${lacks.join(", ")}`] : [];
    });
    if (missing.length) return `BGP Established but ${missing.join("; ")}`;
  }
  if (o.pingBypassed) return "the ping was answered without passing through the CHILD_SA (ESP counters did not move)";
  if (pingResult === "failed") {
    const hints: string[] = [];
    const covers = (prefixes: string[], ip: string): boolean => prefixes.some((p) => cidrContains(parseCidr(p, "prefix"), parseIpv4(ip, "address")));
    if (!o.bgp && !covers(r.aws.staticRoutes, r.azure.innerAddress)) hints.push(`AWS routes nothing to ${r.azure.innerAddress}`);
    if (!o.bgp && !covers(r.azure.staticRoutes, r.aws.innerAddress)) hints.push(`Azure routes nothing to ${r.aws.innerAddress}`);
    return `ping ${r.aws.innerAddress} -> ${r.azure.innerAddress} through the tunnel failed${hints.length ? `: ${hints.join("; ")}` : ""}`;
  }
  return undefined;
}

/**
 * A plain-text table: one row per tunnel, then the causes (and, on request, the log lines behind
 * them). `expectedCauses` names the negative controls (tunnel id -> the cause it must fail with):
 * a control that fails for that reason reads "failed as expected", not FAILED.
 */
export function formatResults(results: TunnelResult[], opts: { details?: boolean; expectedCauses?: ReadonlyMap<string, string> } = {}): string {
  const verdict = (r: TunnelResult): string => {
    const expected = opts.expectedCauses?.get(r.tunnelId);
    if (expected === undefined) return r.ok ? "ok" : "FAILED";
    if (r.ok) return "UNEXPECTEDLY PASSED";
    return (r.cause ?? "").includes(expected) ? "failed as expected" : "FAILED FOR ANOTHER REASON";
  };
  const header = ["stack", "tunnel", "IKE proposal", "ESP proposal", "CHILD_SA", "rekey", "ping", "BGP aws/azure", "learned aws | azure", "result"];
  const rows = results.map((r) => [
    r.stack,
    r.tunnelId,
    r.ikeProposal ?? "-",
    r.espProposal ?? "-",
    r.childSaState,
    r.rekey,
    r.ping,
    r.bgp ? `${r.bgp.awsState}/${r.bgp.azureState}` : "-",
    r.bgp ? `${r.bgp.awsLearned.join(",") || "-"} | ${r.bgp.azureLearned.join(",") || "-"}` : "-",
    verdict(r),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k]!.length)));
  const line = (cells: string[]): string => cells.map((c, k) => c.padEnd(widths[k]!)).join("  ").trimEnd();
  const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    out.push("", "causes:");
    for (const r of failed) {
      out.push(`  ${r.stack}/${r.tunnelId}: ${r.cause ?? "unknown"}`);
      if (opts.details) for (const d of r.details ?? []) out.push(`      ${d}`);
    }
  }
  return out.join("\n");
}
