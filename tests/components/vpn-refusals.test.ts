/**
 * Vpn refuses what the clouds or Pulumi would refuse before its first child registers: a duplicate
 * URN class through its args, under Pulumi's mocks. (An existing spoke in another subscription is
 * no longer refused: tests/components/cross-subscription-spokes.test.ts.)
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { PROJECT } from "../../infra/config";
import { evaluateStack, readStackConfig, T, type Evaluation } from "../helpers";

const FIXTURE = path.join(__dirname, "fixtures", "refused-args.ts");
const children = (e: Evaluation): string[] => e.resources.filter((r) => r.type !== T.vpn).map((r) => `${r.type} ${r.name}`);

describe("Vpn refuses before registering what would fail later", () => {
  it("two AWS spoke subnets with one name: VpnArgs problem, no child registered", async () => {
    const e = await evaluateStack({ stack: "scale", program: { module: FIXTURE, export: "duplicateSpokeSubnets" } });
    assert.ok(e.error, "the program ran");
    assert.match(e.error.message, /VpnArgs\.awsSpokes\[0\]\.subnets\[1\]\.name = "app": repeats subnets\[0\]'s name/);
    assert.deepEqual(children(e), []);
  });

  it("an SSH key from another resource is checked once known, with the key's own rule: refused, naming the arg but not the secret", async () => {
    const e = await evaluateStack({ stack: "dev", program: { module: FIXTURE, export: "badKeyLater" } });
    assert.ok(e.error, "the program ran");
    assert.match(e.error.message, /VpnArgs\.sshPublicKey = "\[secret or computed key\]": .*it must be an OpenSSH public key line both test VMs take/);
    assert.doesNotMatch(e.error.message, /later@example/);
  });

  it("a good SSH key from another resource reaches both test hosts", async () => {
    const e = await evaluateStack({ stack: "dev", program: { module: FIXTURE, export: "goodKeyLater" } });
    assert.equal(e.error, undefined, e.error?.message);
    const key = String(readStackConfig("dev")[`${PROJECT}:sshPublicKey`]);
    assert.deepEqual(e.resources.filter((r) => r.type === T.keyPair).map((r) => r.inputs["publicKey"]), [key]);
  });
});

