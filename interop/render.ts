/**
 * Renders, for one tunnel, what each end's daemons get: swanctl.conf for charon and bgpd.conf for
 * FRR. Each end is rendered from its OWN view only (its addresses, key, proposals, prefixes, BGP),
 * so any disagreement between the two declarations shows up as a real IKE or BGP failure.
 */
import { parseCidr, parseIpv4, testHost } from "./ip";
import type { BgpView, TunnelViews } from "./views";
import {
  awsEspProposals,
  awsIkeProposals,
  awsIkeVersion,
  azureEspProposals,
  azureIkeProposals,
  azureIkeVersion,
  VocabularyError,
  type Side,
} from "./vocabulary";

export const CONNECTION = "tunnel";
export const CHILD = "net";
/** Short BGP timers so a test converges in seconds (Azure's real ones are fixed at 60/180). */
export const TEST_BGP_TIMERS = { keepalive: 3, hold: 9, connect: 2 } as const;

export class RenderError extends Error {}

export interface SwanctlInput {
  title: string;
  version: number;
  localAddress: string;
  remoteAddress: string;
  presharedKey: string;
  ikeProposals: string[];
  espProposals: string[];
  localTs: string[];
  remoteTs: string[];
  ikeRekeySeconds?: number;
  childRekeySeconds?: number;
}

export interface BgpdInput {
  title: string;
  hostname: string;
  bgp: BgpView;
  networks: string[];
  /** Azure does not initiate BGP to APIPA peers: it only listens. */
  passive: boolean;
  logFile?: string;
}

/** One end, ready for the runner. */
export interface RenderedSide {
  side: Side;
  outsideAddress: string;
  remoteOutsideAddress: string;
  swanctlConf: string;
  ikeProposals: string[];
  espProposals: string[];
  localTs: string[];
  remoteTs: string[];
  /** Host address put on `lo`, source/target of the ping. */
  innerAddress: string;
  /** Prefixes this side statically routes into the tunnel. */
  staticRoutes: string[];
  bgp?: BgpdInput;
}

export interface RenderedTunnel {
  aws: RenderedSide;
  azure: RenderedSide;
  /** Who starts IKE; undefined when neither side would. */
  initiator: Side | undefined;
}

const ANY = "0.0.0.0/0";

function positive(n: number): number | undefined {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

/** The PSK as hex: no quoting problem whatever characters the key holds. */
function hexSecret(key: string): string {
  return `0x${Buffer.from(key, "utf8").toString("hex")}`;
}

export function renderSwanctlConf(c: SwanctlInput): string {
  const lines = [
    `# ${c.title}`,
    "connections {",
    `  ${CONNECTION} {`,
    `    version = ${c.version}`,
    `    local_addrs = ${c.localAddress}`,
    `    remote_addrs = ${c.remoteAddress}`,
    `    proposals = ${c.ikeProposals.join(", ")}`,
    ...(c.ikeRekeySeconds ? [`    rekey_time = ${c.ikeRekeySeconds}s`] : []),
    "    local {",
    "      auth = psk",
    `      id = ${c.localAddress}`,
    "    }",
    "    remote {",
    "      auth = psk",
    `      id = ${c.remoteAddress}`,
    "    }",
    "    children {",
    `      ${CHILD} {`,
    `        local_ts = ${c.localTs.join(", ")}`,
    `        remote_ts = ${c.remoteTs.join(", ")}`,
    `        esp_proposals = ${c.espProposals.join(", ")}`,
    ...(c.childRekeySeconds ? [`        rekey_time = ${c.childRekeySeconds}s`] : []),
    "        mode = tunnel",
    // No start_action: the runner initiates explicitly, so the moment is known and bounded.
    "      }",
    "    }",
    "  }",
    "}",
    "secrets {",
    `  ike-${CONNECTION} {`,
    `    id-local = ${c.localAddress}`,
    `    id-remote = ${c.remoteAddress}`,
    `    secret = ${hexSecret(c.presharedKey)}`,
    "  }",
    "}",
    "",
  ];
  return lines.join("\n");
}

export function renderBgpdConf(b: BgpdInput): string {
  const { bgp } = b;
  const n = bgp.peerAddress;
  const t = TEST_BGP_TIMERS;
  return [
    `! ${b.title}`,
    `hostname ${b.hostname}`,
    ...(b.logFile ? [`log file ${b.logFile}`] : []),
    `router bgp ${bgp.asn}`,
    ` bgp router-id ${bgp.localAddress}`,
    // Without this FRR (eBGP, RFC 8212) exchanges no prefixes at all.
    " no bgp ebgp-requires-policy",
    // Announce the prefixes although nothing in the namespace routes them.
    " no bgp network import-check",
    ` neighbor ${n} remote-as ${bgp.peerAsn}`,
    ` neighbor ${n} timers ${t.keepalive} ${t.hold}`,
    ` neighbor ${n} timers connect ${t.connect}`,
    ...(b.passive ? [` neighbor ${n} passive`] : []),
    " address-family ipv4 unicast",
    ...b.networks.map((p) => `  network ${p}`),
    " exit-address-family",
    "",
  ].join("\n");
}

function checkBgp(side: Side, bgp: BgpView): void {
  const where = `${side} bgp`;
  parseIpv4(bgp.localAddress, `${where} localAddress`);
  parseIpv4(bgp.peerAddress, `${where} peerAddress`);
  for (const [k, v] of [["asn", bgp.asn], ["peerAsn", bgp.peerAsn]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 4294967295) throw new RenderError(`${where} ${k}: ${v} is not an ASN`);
  }
}

/**
 * Traffic selectors. Both clouds' route-based gateways really negotiate 0.0.0.0/0 <-> 0.0.0.0/0
 * and route by table. Static mode narrows to the declared prefixes so that a prefix disagreement
 * fails in IKE (TS_UNACCEPTABLE) instead of silently black-holing. BGP mode must stay 0.0.0.0/0:
 * the remote prefixes are only learned at run time, and 0/0 also covers the inside /30 the BGP
 * session runs on (the runner routes by table, never by these selectors).
 */
function selectors(side: Side, local: string[], remote: string[], bgp: boolean): { localTs: string[]; remoteTs: string[] } {
  if (bgp) return { localTs: [ANY], remoteTs: [ANY] };
  if (local.length === 0) throw new RenderError(`${side} declares no local prefixes`);
  if (remote.length === 0) {
    throw new RenderError(`${side} declares neither BGP nor remote prefixes: nothing would be routed into the tunnel`);
  }
  return { localTs: local, remoteTs: remote };
}

function sideOf(
  side: Side,
  title: string,
  v: {
    outsideAddress: string;
    remoteOutsideAddress: string;
    key: string;
    version: number;
    ike: string[];
    esp: string[];
    localPrefixes: string[];
    remotePrefixes: string[];
    bgp?: BgpView;
    ikeRekeySeconds?: number;
    childRekeySeconds?: number;
  },
): RenderedSide {
  parseIpv4(v.outsideAddress, `${side} outside address`);
  parseIpv4(v.remoteOutsideAddress, `${side} peer outside address`);
  v.localPrefixes.forEach((p) => parseCidr(p, `${side} local prefix`));
  v.remotePrefixes.forEach((p) => parseCidr(p, `${side} remote prefix`));
  if (v.localPrefixes.length === 0) throw new RenderError(`${side} declares no local prefixes`);
  if (v.bgp) checkBgp(side, v.bgp);
  const ts = selectors(side, v.localPrefixes, v.remotePrefixes, v.bgp !== undefined);
  const rendered: RenderedSide = {
    side,
    outsideAddress: v.outsideAddress,
    remoteOutsideAddress: v.remoteOutsideAddress,
    ikeProposals: v.ike,
    espProposals: v.esp,
    ...ts,
    innerAddress: testHost(v.localPrefixes[0]!, `${side} first local prefix`),
    staticRoutes: v.remotePrefixes,
    swanctlConf: renderSwanctlConf({
      title,
      version: v.version,
      localAddress: v.outsideAddress,
      remoteAddress: v.remoteOutsideAddress,
      presharedKey: v.key,
      ikeProposals: v.ike,
      espProposals: v.esp,
      ...ts,
      ikeRekeySeconds: v.ikeRekeySeconds,
      childRekeySeconds: v.childRekeySeconds,
    }),
  };
  if (v.bgp) {
    // Azure never opens the session to an APIPA peer; AWS must.
    const apipa = parseCidr("169.254.0.0/16", "APIPA");
    const passive = side === "azure" && (parseIpv4(v.bgp.localAddress, "azure bgp localAddress") & 0xffff0000) >>> 0 === apipa.network;
    rendered.bgp = { title, hostname: side, bgp: v.bgp, networks: v.localPrefixes, passive };
  }
  return rendered;
}

const STARTUP_ACTIONS = new Set(["start", "add"]);
const CONNECTION_MODES = new Set(["Default", "InitiatorOnly", "ResponderOnly"]);

/** AWS starts when its startup action is "start" (and Azure accepts); otherwise Azure, unless ResponderOnly. */
export function chooseInitiator(views: TunnelViews): Side | undefined {
  const { startupAction } = views.aws;
  const { connectionMode } = views.azure;
  if (!STARTUP_ACTIONS.has(startupAction)) throw new VocabularyError("aws", "startupAction", startupAction);
  if (!CONNECTION_MODES.has(connectionMode)) throw new VocabularyError("azure", "connectionMode", connectionMode);
  if (startupAction === "start" && connectionMode !== "InitiatorOnly") return "aws";
  if (connectionMode !== "ResponderOnly") return "azure";
  return undefined;
}

/** Both ends of one tunnel. Throws (RenderError, VocabularyError, AddressError) on an unusable view. */
export function renderTunnel(views: TunnelViews): RenderedTunnel {
  const { aws, azure } = views;
  const name = `${views.stack}/${views.tunnelId}`;
  return {
    initiator: chooseInitiator(views),
    aws: sideOf("aws", `AWS end of ${name}, from the AWS view`, {
      outsideAddress: aws.outsideAddress,
      remoteOutsideAddress: aws.customerGatewayAddress,
      key: aws.presharedKey,
      version: awsIkeVersion(aws),
      ike: awsIkeProposals(aws),
      esp: awsEspProposals(aws),
      localPrefixes: aws.localPrefixes,
      remotePrefixes: aws.remotePrefixes,
      bgp: aws.bgp,
      ikeRekeySeconds: positive(aws.phase1LifetimeSeconds),
      childRekeySeconds: positive(aws.phase2LifetimeSeconds),
    }),
    azure: sideOf("azure", `Azure end of ${name}, from the Azure view`, {
      outsideAddress: azure.outsideAddress,
      remoteOutsideAddress: azure.peerAddress,
      key: azure.sharedKey,
      version: azureIkeVersion(azure),
      ike: azureIkeProposals(azure),
      esp: azureEspProposals(azure),
      localPrefixes: azure.localPrefixes,
      remotePrefixes: azure.remotePrefixes,
      bgp: azure.bgp,
      // Azure's IKE SA lifetime is fixed; its quick mode default is 27,000 s.
      ikeRekeySeconds: 28800,
      childRekeySeconds: positive(azure.ipsecPolicy?.saLifeTimeSeconds ?? 27000),
    }),
  };
}

/** strongswan.conf for one daemon: own vici socket and log, userland ESP (the kernel has none). */
export function renderStrongswanConf(dir: string): string {
  return [
    "charon {",
    "  load_modular = no",
    "  load = random nonce aes sha1 sha2 md5 hmac gmp gcm openssl kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici updown",
    // Bounded: a peer that never answers fails in ~5 s instead of ~165 s.
    "  retransmit_tries = 2",
    "  retransmit_timeout = 1.0",
    "  retransmit_base = 1.5",
    "  filelog {",
    "    main {",
    `      path = ${dir}/charon.log`,
    "      flush_line = yes",
    "      default = 1",
    "    }",
    "  }",
    "  plugins {",
    "    vici {",
    `      socket = unix://${dir}/charon.vici`,
    "    }",
    "  }",
    "}",
    "swanctl {",
    "  load = pem pkcs1 pkcs8 x509 pubkey random nonce",
    `  socket = unix://${dir}/charon.vici`,
    "}",
    "",
  ].join("\n");
}
