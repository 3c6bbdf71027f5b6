/** Fast, unprivileged tests: vocabulary mapping, config rendering, negative controls, parsing. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AddressError, testHost } from "../../interop/ip";
import { azurePolicyWithoutPfs, bgpPeerAddressOffByOne, mismatchedKeys, negativeControls, phase2OnlyOneSide } from "../../interop/negative";
import { formatResults, parseListSas, type TunnelResult } from "../../interop/netns";
import { chooseInitiator, renderBgpdConf, RenderError, renderTunnel } from "../../interop/render";
import {
  AZURE_DEFAULT_ESP_RESPONDER_PROPOSALS,
  awsCipher,
  awsDhGroup,
  awsEspProposals,
  awsIkeProposals,
  awsIntegrity,
  azureCipher,
  azureDhGroup,
  azureEspProposals,
  azureIkeProposals,
  azureIntegrity,
  azurePfsGroup,
  espProposals,
  ikeProposals,
  VocabularyError,
} from "../../interop/vocabulary";
import { AZURE_POLICY, bgpTunnel, KEY, staticTunnel } from "./interop-fixtures";

describe("vocabulary", () => {
  test("AWS values map to strongSwan keywords", () => {
    assert.deepEqual(awsCipher("AES256-GCM-16"), { keyword: "aes256gcm16", aead: true });
    assert.deepEqual(awsCipher("AES128"), { keyword: "aes128", aead: false });
    assert.equal(awsIntegrity("SHA2-384"), "sha384");
    assert.equal(awsIntegrity("SHA2-256"), "sha256");
    const dh: Array<[number, string]> = [[14, "modp2048"], [19, "ecp256"], [20, "ecp384"], [24, "modp2048s256"], [2, "modp1024"], [1, "modp768"]];
    for (const [n, k] of dh) assert.equal(awsDhGroup(n), k);
  });

  test("Azure values map to the same keywords", () => {
    assert.deepEqual(azureCipher("GCMAES256"), { keyword: "aes256gcm16", aead: true });
    assert.equal(azureIntegrity("SHA384"), "sha384");
    const dh: Array<[string, string]> = [["DHGroup14", "modp2048"], ["DHGroup2048", "modp2048"], ["ECP256", "ecp256"], ["ECP384", "ecp384"], ["DHGroup24", "modp2048s256"], ["DHGroup2", "modp1024"], ["DHGroup1", "modp768"]];
    for (const [v, k] of dh) assert.equal(azureDhGroup(v), k);
    const pfs: Array<[string, string | undefined]> = [["PFS2048", "modp2048"], ["PFS14", "modp2048"], ["ECP384", "ecp384"], ["PFS24", "modp2048s256"], ["PFS2", "modp1024"], ["PFS1", "modp768"], ["None", undefined]];
    for (const [v, k] of pfs) assert.equal(azurePfsGroup(v, "ECP384"), k);
    assert.equal(azurePfsGroup("PFSMM", "ECP256"), "ecp256");
  });

  test("an unknown value throws, naming the value and the side", () => {
    assert.throws(() => awsCipher("AES512"), (e: unknown) => e instanceof VocabularyError && /aws/.test(e.message) && /AES512/.test(e.message));
    assert.throws(() => awsDhGroup(13), /aws .*"13"/);
    assert.throws(() => azureDhGroup("DHGroup5"), /azure .*DHGroup5/);
    assert.throws(() => azurePfsGroup("PFS5", "ECP384"), /azure .*PFS5/);
    assert.throws(() => azureDhGroup("None"), /azure .*None/);
  });

  test("GCM: no integrity keyword in ESP, a PRF in IKE", () => {
    assert.deepEqual(espProposals([awsCipher("AES256-GCM-16")], ["sha256"], ["ecp384"]), ["aes256gcm16-ecp384"]);
    assert.deepEqual(ikeProposals([awsCipher("AES256-GCM-16")], ["sha384"], ["ecp384"]), ["aes256gcm16-prfsha384-ecp384"]);
    // AEAD and classic ciphers never share a proposal.
    assert.deepEqual(espProposals([awsCipher("AES256-GCM-16"), awsCipher("AES256")], ["sha256"], ["modp2048"]), ["aes256gcm16-modp2048", "aes256-sha256-modp2048"]);
  });

  test("the project profile renders identically on both sides", () => {
    const v = staticTunnel();
    assert.deepEqual(awsIkeProposals(v.aws), ["aes256-sha384-ecp384"]);
    assert.deepEqual(azureIkeProposals(v.azure), ["aes256-sha384-ecp384"]);
    assert.deepEqual(awsEspProposals(v.aws), ["aes256gcm16-ecp384"]);
    assert.deepEqual(azureEspProposals(v.azure), ["aes256gcm16-ecp384"]);
  });

  test("PFS None leaves the DH group out of the ESP proposal", () => {
    const v = staticTunnel();
    v.azure.ipsecPolicy = { ...AZURE_POLICY, pfsGroup: "None" };
    assert.deepEqual(azureEspProposals(v.azure), ["aes256gcm16"]);
  });

  test("undeclared AWS options mean AWS's defaults, with PFS", () => {
    const v = staticTunnel();
    v.aws.phase2EncryptionAlgorithms = [];
    v.aws.phase2IntegrityAlgorithms = [];
    v.aws.phase2DhGroupNumbers = [];
    const esp = awsEspProposals(v.aws);
    assert.equal(esp.length, 2);
    assert.ok(esp.every((p) => p.includes("modp2048") && p.includes("ecp384")));
  });

  test("no Azure policy: Azure's documented defaults, whose GCM offer has no PFS", () => {
    const v = staticTunnel();
    delete v.azure.ipsecPolicy;
    assert.ok(azureIkeProposals(v.azure).every((p) => p.endsWith("-modp1024")));
    assert.deepEqual(azureEspProposals(v.azure), [...AZURE_DEFAULT_ESP_RESPONDER_PROPOSALS]);
    assert.ok(azureEspProposals(v.azure).includes("aes256gcm16"));
    assert.ok(!azureEspProposals(v.azure).some((p) => p.startsWith("aes256gcm16-")));
  });

  test("Azure GCM integrity must repeat the GCM cipher", () => {
    const v = staticTunnel();
    v.azure.ipsecPolicy = { ...AZURE_POLICY, ipsecIntegrity: "SHA256" };
    assert.throws(() => azureEspProposals(v.azure), /ipsecIntegrity SHA256 must equal ipsecEncryption GCMAES256/);
  });
});

describe("render", () => {
  test("static tunnel: each side from its own view", () => {
    const v = staticTunnel();
    v.azure.sharedKey = `${KEY}Z`;
    const r = renderTunnel(v);
    assert.equal(r.initiator, "aws");
    const a = r.aws.swanctlConf;
    assert.match(a, /local_addrs = 203\.0\.113\.11\n/);
    assert.match(a, /remote_addrs = 198\.51\.100\.20\n/);
    assert.match(a, /id = 203\.0\.113\.11\n/);
    assert.match(a, /proposals = aes256-sha384-ecp384\n/);
    assert.match(a, /esp_proposals = aes256gcm16-ecp384\n/);
    assert.match(a, /local_ts = 10\.0\.0\.0\/16\n\s+remote_ts = 172\.10\.0\.0\/16\n/);
    assert.match(a, /rekey_time = 28800s/);
    assert.match(a, new RegExp(`secret = 0x${Buffer.from(KEY).toString("hex")}\\n`));
    const z = r.azure.swanctlConf;
    assert.match(z, /local_addrs = 198\.51\.100\.20\n/);
    assert.match(z, /local_ts = 172\.10\.0\.0\/16\n\s+remote_ts = 10\.0\.0\.0\/16\n/);
    assert.match(z, new RegExp(`secret = 0x${Buffer.from(`${KEY}Z`).toString("hex")}\\n`));
    assert.doesNotMatch(a + z, /start_action/);
    assert.equal(r.aws.innerAddress, "10.0.0.10");
    assert.equal(r.azure.innerAddress, "172.10.0.10");
    assert.equal(r.aws.bgp, undefined);
  });

  test("BGP tunnel: 0.0.0.0/0 selectors and a bgpd.conf per side", () => {
    const r = renderTunnel(bgpTunnel());
    for (const side of [r.aws, r.azure]) {
      assert.match(side.swanctlConf, /local_ts = 0\.0\.0\.0\/0\n\s+remote_ts = 0\.0\.0\.0\/0\n/);
    }
    assert.ok(r.aws.bgp && r.azure.bgp);
    assert.equal(r.aws.bgp.passive, false);
    assert.equal(r.azure.bgp.passive, true);
    const aws = renderBgpdConf(r.aws.bgp);
    for (const line of [
      "router bgp 64512",
      " bgp router-id 169.254.21.1",
      " no bgp ebgp-requires-policy",
      " no bgp network import-check",
      " neighbor 169.254.21.2 remote-as 65000",
      " neighbor 169.254.21.2 timers 3 9",
      "  network 10.0.0.0/16",
    ]) {
      assert.ok(aws.split("\n").includes(line), `missing ${JSON.stringify(line)} in\n${aws}`);
    }
    const azure = renderBgpdConf(r.azure.bgp);
    assert.ok(azure.includes(" neighbor 169.254.21.1 remote-as 64512\n"));
    assert.ok(azure.includes(" neighbor 169.254.21.1 passive\n"));
    assert.ok(azure.includes("  network 172.10.0.0/16\n"));
  });

  test("who initiates", () => {
    const v = staticTunnel();
    assert.equal(chooseInitiator(v), "aws");
    v.aws.startupAction = "add";
    assert.equal(chooseInitiator(v), undefined);
    v.azure.connectionMode = "Default";
    assert.equal(chooseInitiator(v), "azure");
    v.azure.connectionMode = "Sometimes";
    assert.throws(() => chooseInitiator(v), /azure connectionMode.*Sometimes/);
  });

  test("unusable views are refused with a reason", () => {
    const noRoutes = staticTunnel();
    noRoutes.aws.remotePrefixes = [];
    assert.throws(() => renderTunnel(noRoutes), (e: unknown) => e instanceof RenderError && /aws declares neither BGP nor remote prefixes/.test(e.message));
    const badAddress = staticTunnel();
    badAddress.azure.outsideAddress = "";
    assert.throws(() => renderTunnel(badAddress), (e: unknown) => e instanceof AddressError && /azure outside address/.test(e.message));
    assert.equal(testHost("10.1.2.0/30", "p"), "10.1.2.1");
  });
});

describe("negative controls", () => {
  test("each changes one thing and names the expected cause", () => {
    const s = staticTunnel();
    const keys = mismatchedKeys(s);
    assert.notEqual(keys.views.azure.sharedKey, keys.views.aws.presharedKey);
    assert.match(keys.views.azure.sharedKey, /^[A-Za-z0-9._]{32,}$/);
    assert.equal(keys.expectedCause, "pre-shared keys differ");
    assert.equal(azurePolicyWithoutPfs(s).views.azure.ipsecPolicy?.pfsGroup, "None");
    const p2 = phase2OnlyOneSide(s).views;
    assert.deepEqual(p2.aws.phase2EncryptionAlgorithms, ["AES128-GCM-16"]);
    assert.equal(p2.azure.ipsecPolicy?.ipsecEncryption, "GCMAES256");
    assert.equal(bgpPeerAddressOffByOne(bgpTunnel()).views.azure.bgp?.peerAddress, "169.254.21.2");
    assert.throws(() => bgpPeerAddressOffByOne(s), /needs a BGP tunnel/);
    assert.equal(s.azure.sharedKey, KEY, "the original is untouched");
    const ids = negativeControls(bgpTunnel()).map((c) => c.views.tunnelId);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe("runner helpers (no root)", () => {
  test("parses swanctl --list-sas --raw", () => {
    const raw =
      "list-sa event {tunnel {uniqueid=1 version=2 state=ESTABLISHED local-host=203.0.113.10 encr-alg=AES_CBC encr-keysize=256 integ-alg=HMAC_SHA2_384_192 prf-alg=PRF_HMAC_SHA2_384 dh-group=ECP_384 child-sas {net-2 {name=net uniqueid=2 reqid=1 state=INSTALLED mode=TUNNEL protocol=ESP encap=yes encr-alg=AES_GCM_16 encr-keysize=256 dh-group=ECP_384 packets-in=2 packets-out=3 local-ts=[10.0.0.0/16] remote-ts=[172.10.0.0/16 169.254.21.0/30]}}}}\nlist-sas reply {}\n";
    const [ike] = parseListSas(raw);
    assert.equal(ike?.state, "ESTABLISHED");
    assert.equal(ike?.proposal, "AES_CBC-256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384");
    assert.deepEqual(ike?.children, [{ uniqueid: 2, state: "INSTALLED", proposal: "AES_GCM_16-256/ECP_384", packetsIn: 2, packetsOut: 3 }]);
  });

  test("formats a results table with causes", () => {
    const ok: TunnelResult = { stack: "dev", tunnelId: "a", initiator: "aws", childSaState: "INSTALLED", rekey: "ok", ping: "ok", ok: true, durationMs: 1, ikeProposal: "I", espProposal: "E" };
    const bad: TunnelResult = { ...ok, tunnelId: "b", ok: false, cause: "pre-shared keys differ", bgp: { awsState: "Idle", azureState: "Active", awsLearned: [], azureLearned: ["10.0.0.0/16"] } };
    const text = formatResults([ok, bad]);
    assert.match(text, /^stack\s+tunnel\s+IKE proposal/);
    assert.match(text, /Idle\/Active/);
    assert.match(text, /dev\/b: pre-shared keys differ/);
  });

  test("labels a negative control that fails for its stated reason as expected, and one that passes as unexpected", () => {
    const ok: TunnelResult = { stack: "dev", tunnelId: "a~keys", initiator: "aws", childSaState: "none", rekey: "skipped", ping: "skipped", ok: false, durationMs: 1, cause: "pre-shared keys differ (AUTHENTICATION_FAILED)" };
    const passed: TunnelResult = { ...ok, tunnelId: "a~phase2", ok: true, cause: undefined };
    const other: TunnelResult = { ...ok, tunnelId: "a~no-pfs", cause: "no common IKE proposal" };
    const text = formatResults([ok, passed, other], { expectedCauses: new Map([["a~keys", "pre-shared keys differ"], ["a~phase2", "no common ESP proposal"], ["a~no-pfs", "PFS missing"]]) });
    assert.match(text, /a~keys .*failed as expected$/m);
    assert.match(text, /a~phase2 .*UNEXPECTEDLY PASSED$/m);
    assert.match(text, /a~no-pfs .*FAILED FOR ANOTHER REASON$/m);
    assert.doesNotMatch(text, /FAILED$/m);
  });
});
