/**
 * The interop runner's pure half on canned daemon output: charon log lines, `swanctl --list-sas
 * --raw`, vtysh's BGP JSON. No root, no daemons: the diagnosis that names why a tunnel or a BGP
 * session failed is checked here, in the fast suite.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bgpNotificationOf,
  bgpSideState,
  detailLines,
  diagnose,
  installed,
  overlaps,
  parseListSas,
  type BgpSideState,
  type Observed,
} from "../../interop/diagnose";
import { renderTunnel } from "../../interop/render";
import type { TunnelViews } from "../../interop/views";
import { bgpTunnel, staticTunnel } from "./interop-fixtures";

const IKE_UP = "list-sa event {tunnel {uniqueid=1 version=2 state=ESTABLISHED encr-alg=AES_CBC encr-keysize=256 integ-alg=HMAC_SHA2_384_192 prf-alg=PRF_HMAC_SHA2_384 dh-group=ECP_384 child-sas {net-1 {name=net uniqueid=1 state=INSTALLED encr-alg=AES_GCM_16 encr-keysize=256 packets-in=0 packets-out=0} net-3 {name=net uniqueid=3 state=INSTALLED encr-alg=AES_GCM_16 encr-keysize=256 dh-group=ECP_384 packets-in=4 packets-out=4} other-9 {name=other uniqueid=9 state=INSTALLED}}}}\n";
const IKE_ONLY = "list-sa event {tunnel {uniqueid=1 version=2 state=ESTABLISHED encr-alg=AES_CBC encr-keysize=256 integ-alg=HMAC_SHA2_384_192 prf-alg=PRF_HMAC_SHA2_384 dh-group=ECP_384 child-sas {}}}\n";
const noLogs = { aws: "", azure: "" };

/** What the runner observed, from canned `swanctl --list-sas --raw` output. */
function observed(raw: string, extra: Partial<Observed> = {}): Observed {
  const ike = parseListSas(raw)[0];
  return { ike, child: installed(ike), ...extra };
}

function cause(views: TunnelViews, o: Observed, logs: { aws: string; azure: string } = noLogs, ping: "ok" | "failed" | "skipped" = "ok"): string | undefined {
  return diagnose(views, renderTunnel(views), o, logs, ping);
}

const up = (learned: string[]): BgpSideState => ({ state: "Established", learned });

describe("interop diagnosis on canned output (no root)", () => {
  it("list-sas: the newest INSTALLED CHILD_SA of our child, with its proposal and counters", () => {
    const child = installed(parseListSas(IKE_UP)[0]);
    assert.deepEqual(child, { uniqueid: 3, state: "INSTALLED", proposal: "AES_GCM_16-256/ECP_384", packetsIn: 4, packetsOut: 4 });
    assert.equal(installed(parseListSas(IKE_ONLY)[0]), undefined);
    assert.deepEqual(parseListSas("list-sas reply {}\n"), []);
  });

  it("a healthy tunnel has no cause", () => {
    assert.equal(cause(staticTunnel(), observed(IKE_UP)), undefined);
  });

  it("AUTHENTICATION_FAILED in either log: the pre-shared keys differ", () => {
    const logs = { aws: "", azure: "07[IKE] received AUTHENTICATION_FAILED notify error\n" };
    assert.equal(cause(staticTunnel(), {}, logs), "pre-shared keys differ (AUTHENTICATION_FAILED)");
  });

  it("no common IKE proposal: names the responder's offered and accepted proposals", () => {
    const responder = [
      "09[CFG] received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
      "09[CFG] configured proposals: IKE:AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384",
      "09[IKE] no acceptable proposal found",
      "09[ENC] generating IKE_SA_INIT response 0 [ N(NO_PROP) ]",
    ].join("\n");
    const views = staticTunnel();
    const r = renderTunnel(views);
    const logs = r.initiator === "azure" ? { aws: responder, azure: "" } : { aws: "", azure: responder };
    assert.equal(
      cause(views, {}, logs),
      "no common IKE proposal (NO_PROPOSAL_CHOSEN in IKE_SA_INIT): offered IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048; accepted IKE:AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384",
    );
  });

  it("no answer: retransmits, with the outside-address mismatch that explains them", () => {
    const views = staticTunnel();
    views.aws.customerGatewayAddress = "198.51.100.99";
    const logs = { aws: "", azure: "12[IKE] giving up after 5 retransmits\n" };
    assert.equal(cause(views, {}, logs), "no answer from the peer: AWS's customer gateway is 198.51.100.99 but the Azure gateway speaks from 198.51.100.20");
    assert.equal(cause(staticTunnel(), { initiated: { timedOut: true } }), "no answer from the peer");
  });

  it("an unknown peer: the responder has no matching connection, before NO_PROPOSAL_CHOSEN", () => {
    const logs = { aws: "05[CFG] no IKE config found for 203.0.113.11...198.51.100.20, sending NO_PROPOSAL_CHOSEN\n", azure: "" };
    assert.equal(cause(staticTunnel(), {}, logs), "the responder has no matching connection (addresses or identities disagree)");
  });

  it("IKE up, no CHILD_SA: traffic selectors, or ESP proposals with the PFS hint", () => {
    const views = staticTunnel();
    const ts = cause(views, observed(IKE_ONLY), { aws: "11[IKE] received TS_UNACCEPTABLE notify, no CHILD_SA built\n", azure: "" });
    assert.match(ts ?? "", /^traffic selectors disagree \(TS_UNACCEPTABLE\): aws .+ <-> .+, azure .+ <-> .+$/);
    const responder = [
      "13[CFG] received proposals: ESP:AES_GCM_16_256/NO_EXT_SEQ",
      "13[CFG] configured proposals: ESP:AES_GCM_16_256/ECP_384/NO_EXT_SEQ",
      "13[IKE] no acceptable proposal found",
    ].join("\n");
    const r = renderTunnel(views);
    const logs = r.initiator === "azure" ? { aws: responder, azure: "" } : { aws: "", azure: responder };
    assert.equal(
      cause(views, observed(IKE_ONLY), logs),
      "no common ESP proposal for the CHILD_SA (PFS missing on one side): offered ESP:AES_GCM_16_256/NO_EXT_SEQ; accepted ESP:AES_GCM_16_256/ECP_384/NO_EXT_SEQ",
    );
    assert.equal(cause(views, observed(IKE_ONLY)), "no common ESP proposal for the CHILD_SA (e.g. PFS missing on one side)");
  });

  it("BGP: an ASN mismatch with Bad Peer AS, and a prefix not learned", () => {
    const views = bgpTunnel();
    views.azure.bgp!.peerAsn = 64999;
    const down: Observed = { ...observed(IKE_UP), bgp: { aws: { state: "Active", learned: [] }, azure: { state: "Active", learned: [], notification: "OPEN Message Error/Bad Peer AS" }, converged: false } };
    assert.equal(cause(views, down), "BGP never Established (aws Active, azure Active): ASN mismatch (Bad Peer AS): Azure expects peer AS 64999 but AWS is AS 64512");
    const partial: Observed = { ...observed(IKE_UP), bgp: { aws: up(["172.10.0.0/16"]), azure: up([]), converged: false } };
    assert.equal(cause(bgpTunnel(), partial), "BGP Established but azure did not learn 10.0.0.0/16");
  });

  it("ping: bypassed the CHILD_SA, or failed with the missing static routes", () => {
    assert.equal(cause(staticTunnel(), observed(IKE_UP, { pingBypassed: true })), "the ping was answered without passing through the CHILD_SA (ESP counters did not move)");
    const failed = cause(staticTunnel(), observed(IKE_UP), noLogs, "failed");
    assert.match(failed ?? "", /^ping \S+ -> \S+ through the tunnel failed/);
  });

  it("detail lines: only the lines that explain a failure, prefixed with the side, thread prefix dropped", () => {
    const log = ["06[NET] sending packet: from 203.0.113.11[500]", "07[IKE] received AUTHENTICATION_FAILED notify error", "08[IKE] giving up after 5 retransmits"].join("\n");
    assert.deepEqual(detailLines("aws", log), ["aws: received AUTHENTICATION_FAILED notify error", "aws: giving up after 5 retransmits"]);
  });

  it("overlapping address spaces are named", () => {
    assert.equal(overlaps(["10.0.0.0/16"], ["10.0.128.0/17"]), "10.0.0.0/16 (aws) overlaps 10.0.128.0/17 (azure)");
    assert.equal(overlaps(["10.0.0.0/16"], ["172.10.0.0/16"]), undefined);
  });

  it("vtysh JSON: session state, learned prefixes (not our own), and the last reset's reason", () => {
    const summary = { peers: { "169.254.21.2": { state: "Established" } } };
    const table = { routes: { "10.0.0.0/16": [{ peerId: "(unspec)" }], "172.10.0.0/16": [{ peerId: "169.254.21.2" }] } };
    assert.deepEqual(bgpSideState(summary, table, "169.254.21.2"), { state: "Established", learned: ["172.10.0.0/16"] });
    assert.equal(bgpSideState(summary, table, "169.254.21.6").state, "no neighbor 169.254.21.6");
    assert.equal(bgpSideState(undefined, undefined, "169.254.21.2").state, "bgpd not answering");
    const peer = "169.254.21.2";
    assert.equal(bgpNotificationOf({ [peer]: { lastNotificationReason: "OPEN Message Error/Bad Peer AS", lastResetDueTo: "BGP Notification send" } }, peer), "OPEN Message Error/Bad Peer AS, BGP Notification send");
    assert.equal(bgpNotificationOf({ [peer]: { lastResetDueTo: "No AFI/SAFI activated for peer", lastResetCode: 30 } }, peer), undefined);
    assert.equal(bgpNotificationOf({ [peer]: { lastResetDueTo: "Peer closed the session", lastResetCode: 8 } }, peer), "Peer closed the session");
    assert.equal(bgpNotificationOf(undefined, peer), undefined);
  });
});
