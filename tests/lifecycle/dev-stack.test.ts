/** Finding 5: dev deploys into a zone that offers its instance type, with a valid example key. */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { readStackConfig } from "../helpers";

test("dev's example SSH key is a well-formed ed25519 public key", () => {
  const key = String(readStackConfig("dev")["azure-aws-vpn:sshPublicKey"]);
  const [kind, blob] = key.split(" ");
  assert.equal(kind, "ssh-ed25519");
  const bytes = Buffer.from(blob!, "base64");
  // RFC 8709: string "ssh-ed25519" then string key (32 bytes): 4+11+4+32 = 51 bytes.
  assert.equal(bytes.length, 51);
  assert.equal(bytes.readUInt32BE(0), 11);
  assert.equal(bytes.subarray(4, 15).toString(), "ssh-ed25519");
  assert.equal(bytes.readUInt32BE(15), 32);
});

test("dev pins the test instance's subnet to a zone that offers t3.micro (not us-east-1e)", () => {
  const subnets = readStackConfig("dev")["azure-aws-vpn:awsSubnets"] as { availabilityZone?: string }[];
  assert.ok(subnets[0]?.availabilityZone, "subnet zone pinned");
  assert.ok(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"].includes(subnets[0]!.availabilityZone!));
});
