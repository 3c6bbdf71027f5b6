/**
 * Negative controls: variants of a working tunnel that must fail, each with the cause the runner
 * must name. If one of these ever passes, the interop check is not testing what it claims.
 */
import { DEFAULT_IPSEC_PROFILE, toAzureIpsecPolicy } from "../infra/ipsec";
import { addIpv4 } from "./ip";
import type { AzureIpsecPolicyView, TunnelViews } from "./views";

export interface NegativeControl {
  /** Short name, also appended to the tunnel id. */
  name: string;
  views: TunnelViews;
  /** A substring the result's `cause` must contain. */
  expectedCause: string;
}

function variant(v: TunnelViews, name: string, change: (copy: TunnelViews) => void): TunnelViews {
  const copy = structuredClone(v);
  copy.tunnelId = `${v.tunnelId}~${name}`;
  copy.aws.tunnelId = copy.tunnelId;
  copy.azure.tunnelId = copy.tunnelId;
  change(copy);
  return copy;
}

/** Changes the last character within [A-Za-z0-9._], so the key stays valid for both clouds. */
function otherKey(key: string): string {
  const last = key.slice(-1);
  return key.slice(0, -1) + (last === "x" ? "y" : "x");
}

/** The default profile's Azure policy, for views that declare none. */
function policyOrDefault(p: AzureIpsecPolicyView | undefined): AzureIpsecPolicyView {
  return p ?? toAzureIpsecPolicy(DEFAULT_IPSEC_PROFILE);
}

/** Azure's shared key differs from AWS's by one character. */
export function mismatchedKeys(v: TunnelViews): NegativeControl {
  return {
    name: "keys",
    views: variant(v, "keys", (c) => {
      c.azure.sharedKey = otherKey(c.aws.presharedKey);
    }),
    expectedCause: "pre-shared keys differ",
  };
}

/** Azure's policy without PFS: the tunnel comes up, then the first rekey (with KE) is refused. */
export function azurePolicyWithoutPfs(v: TunnelViews): NegativeControl {
  return {
    name: "no-pfs",
    views: variant(v, "no-pfs", (c) => {
      c.azure.ipsecPolicy = { ...policyOrDefault(c.azure.ipsecPolicy), pfsGroup: "None" };
    }),
    expectedCause: "no common ESP proposal",
  };
}

/** AWS offers only AES128-GCM-16 in phase 2, Azure only GCMAES256. */
export function phase2OnlyOneSide(v: TunnelViews): NegativeControl {
  return {
    name: "phase2",
    views: variant(v, "phase2", (c) => {
      c.aws.phase2EncryptionAlgorithms = ["AES128-GCM-16"];
      c.azure.ipsecPolicy = { ...policyOrDefault(c.azure.ipsecPolicy), ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256" };
    }),
    expectedCause: "no common ESP proposal",
  };
}

/** Azure's local network gateway names AWS's BGP address + 1. Needs a BGP tunnel. */
export function bgpPeerAddressOffByOne(v: TunnelViews): NegativeControl {
  if (!v.azure.bgp) throw new Error(`${v.tunnelId}: bgpPeerAddressOffByOne needs a BGP tunnel`);
  return {
    name: "bgp-peer",
    views: variant(v, "bgp-peer", (c) => {
      const bgp = c.azure.bgp!;
      bgp.peerAddress = addIpv4(bgp.peerAddress, 1, "azure bgp peerAddress");
    }),
    expectedCause: "peering address mismatch",
  };
}

/** Azure's gateway ASN differs from the one AWS's customer gateway declares. Needs a BGP tunnel. */
export function bgpAsnMismatch(v: TunnelViews): NegativeControl {
  if (!v.azure.bgp) throw new Error(`${v.tunnelId}: bgpAsnMismatch needs a BGP tunnel`);
  return {
    name: "bgp-asn",
    views: variant(v, "bgp-asn", (c) => {
      c.azure.bgp!.asn += 1;
    }),
    expectedCause: "Bad Peer AS",
  };
}

/**
 * The Azure connection without a custom policy: Azure's documented defaults (DH group 2 in main
 * mode, no GCM offer with PFS) meet no profile that AWS and this project accept.
 */
export function azureWithoutPolicy(v: TunnelViews): NegativeControl {
  return {
    name: "no-policy",
    views: variant(v, "no-policy", (c) => {
      delete c.azure.ipsecPolicy;
    }),
    expectedCause: "no common",
  };
}

/** Every control that applies to this tunnel (the BGP ones only for BGP tunnels). */
export function negativeControls(v: TunnelViews): NegativeControl[] {
  return [
    mismatchedKeys(v),
    azurePolicyWithoutPfs(v),
    phase2OnlyOneSide(v),
    azureWithoutPolicy(v),
    ...(v.azure.bgp ? [bgpPeerAddressOffByOne(v), bgpAsnMismatch(v)] : []),
  ];
}
