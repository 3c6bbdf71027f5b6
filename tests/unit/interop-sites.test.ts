// Pure parts of the two-site runner (interop/sites.ts, rotation.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { dpdSettings, longestGap, siteBgpdConf, siteSwanctlConf, tunnelPorts, updownScript } from "../../interop/sitePair";
import { withNewKey } from "../../interop/rotation";
import { renderSwanctlConf } from "../../interop/render";

const conf = renderSwanctlConf({ title: "t", version: 2, localAddress: "192.0.2.1", remoteAddress: "192.0.2.2", presharedKey: "oldkey12", ikeProposals: ["aes256-sha384-ecp384"], espProposals: ["aes256gcm16-ecp384"], localTs: ["0.0.0.0/0"], remoteTs: ["0.0.0.0/0"] });

test("longest run of unanswered pings", () => {
  assert.equal(longestGap([1, 2, 3, 4], 4), 0);
  assert.equal(longestGap([1, 2, 6, 7], 7), 3);
  assert.equal(longestGap([3, 4], 6), 2);
  assert.equal(longestGap([], 5), 5);
});

test("DPD settings add up to the declared timeout (10 s delay, then retransmits)", () => {
  const d = dpdSettings(45);
  assert.equal(d.delaySeconds, 10);
  assert.equal(d.retransmitTimeout * (d.retransmitTries + 1), 35);
});

test("tunnel k's swanctl.conf gets its peer port, DPD, one keying try and the updown script", () => {
  const out = siteSwanctlConf(conf, 2, { delaySeconds: 10, action: "restart" }, "/x/updown.sh");
  assert.equal(tunnelPorts(2).ike, 11004);
  assert.match(out, /remote_port = 11004\n {4}dpd_delay = 10s\n {4}keyingtries = 1/);
  assert.match(out, /dpd_action = restart\n {8}updown = \/x\/updown.sh/);
});

test("the updown script restores routes and inside address on up and flushes them on down", () => {
  const s = updownScript("ipsec1", ["10.0.0.0/16"], "172.10.0.10", 101, { local: "169.254.21.2", peer: "169.254.21.1" });
  assert.match(s, /up-client\) ip addr replace 169.254.21.2 peer 169.254.21.1 dev ipsec1; ip route replace 10.0.0.0\/16 dev ipsec1 metric 101 src 172.10.0.10 ;;/);
  assert.match(s, /down-client\) ip route flush dev ipsec1; ip addr flush dev ipsec1 ;;/);
});

test("a rotated key replaces the hex secret only", () => {
  const out = withNewKey(conf, "newkey34");
  assert.ok(out.includes(`secret = 0x${Buffer.from("newkey34").toString("hex")}`));
  assert.equal(out.replace(/secret = .*/, ""), conf.replace(/secret = .*/, ""));
});

test("one bgpd per site: a neighbor per tunnel with the cloud's timers, ECMP over all", () => {
  const bgp = (n: number): { asn: number; localAddress: string; peerAddress: string; peerAsn: number } => ({ asn: 65010, localAddress: `169.254.21.${n + 1}`, peerAddress: `169.254.21.${n}`, peerAsn: 64512 });
  const out = siteBgpdConf("azure", [bgp(1), bgp(5)], ["172.10.0.0/16"], true, "/l");
  assert.match(out, /neighbor 169.254.21.1 timers 60 180/);
  assert.match(out, /neighbor 169.254.21.5 passive/);
  assert.match(out, /maximum-paths 2/);
  assert.match(siteBgpdConf("aws", [bgp(1)], ["10.0.0.0/16"], false, "/l"), /timers 10 30/);
});
