/**
 * Negative controls: variants of a working tunnel that must fail, each with the cause the runner
 * must name. If one of these ever passes, the interop check is not testing what it claims.
 */
import { DEFAULT_IPSEC_PROFILE, toAzureIpsecPolicy } from "../infra/ipsec";
import { addIpv4 } from "./ip";
import type { AzureIpsecPolicyView, BgpView, TunnelViews } from "./views";

export interface NegativeControl {
  /** Short name, also appended to the tunnel id. */
  name: string;
  views: TunnelViews;
  /** A substring the result's `cause` must contain. */
  expectedCause: string;
}

/** A control: a copy of the tunnel under the id `<tunnel>~<name>`, changed by `change`. */
function control(v: TunnelViews, name: string, expectedCause: string, change: (copy: TunnelViews) => void): NegativeControl {
  const copy = structuredClone(v);
  copy.tunnelId = `${v.tunnelId}~${name}`;
  copy.aws.tunnelId = copy.tunnelId;
  copy.azure.tunnelId = copy.tunnelId;
  change(copy);
  return { name, views: copy, expectedCause };
}

/** A control that changes Azure's BGP settings, so it needs a BGP tunnel. */
function bgpControl(v: TunnelViews, name: string, expectedCause: string, change: (bgp: BgpView) => void): NegativeControl {
  if (!v.azure.bgp) throw new Error(`${v.tunnelId}: the ${name} control needs a BGP tunnel`);
  return control(v, name, expectedCause, (c) => change(c.azure.bgp!));
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
  return control(v, "keys", "pre-shared keys differ", (c) => {
    c.azure.sharedKey = otherKey(c.aws.presharedKey);
  });
}

/** Azure's policy without PFS: the tunnel comes up, then the first rekey (with KE) is refused. */
export function azurePolicyWithoutPfs(v: TunnelViews): NegativeControl {
  return control(v, "no-pfs", "no common ESP proposal", (c) => {
    c.azure.ipsecPolicy = { ...policyOrDefault(c.azure.ipsecPolicy), pfsGroup: "None" };
  });
}

/** AWS offers only AES128-GCM-16 in phase 2, Azure only GCMAES256. */
export function phase2OnlyOneSide(v: TunnelViews): NegativeControl {
  return control(v, "phase2", "no common ESP proposal", (c) => {
    c.aws.phase2EncryptionAlgorithms = ["AES128-GCM-16"];
    c.azure.ipsecPolicy = { ...policyOrDefault(c.azure.ipsecPolicy), ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256" };
  });
}

/** Azure's local network gateway names AWS's BGP address + 1. Needs a BGP tunnel. */
export function bgpPeerAddressOffByOne(v: TunnelViews): NegativeControl {
  return bgpControl(v, "bgp-peer", "peering address mismatch", (bgp) => {
    bgp.peerAddress = addIpv4(bgp.peerAddress, 1, "azure bgp peerAddress");
  });
}

/** Azure's gateway ASN differs from the one AWS's customer gateway declares. Needs a BGP tunnel. */
export function bgpAsnMismatch(v: TunnelViews): NegativeControl {
  return bgpControl(v, "bgp-asn", "Bad Peer AS", (bgp) => {
    bgp.asn += 1;
  });
}

/**
 * The Azure connection without a custom policy: Azure's documented defaults (DH group 2 in main
 * mode, no GCM offer with PFS) meet no profile that AWS and this project accept.
 */
export function azureWithoutPolicy(v: TunnelViews): NegativeControl {
  return control(v, "no-policy", "no common", (c) => {
    delete c.azure.ipsecPolicy;
  });
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
