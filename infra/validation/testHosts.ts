/** Test host rules (testVms): the admin CIDR SSH is allowed from, the SSH key, the VM's computer name. */
import { parseIpv4Cidr } from "../addressing";
import { argKey } from "../configSchema";
import { NAME_RULES, nameProblem, testVmComputerName } from "../nameRules";
import { sshKeyProblems } from "../sshKey";
import { ruleGroup } from "./group";

export const adminCidr = ruleGroup({
  name: "adminCidr",
  needs: ["testVms", "adminCidr"],
  check(c, { error }) {
    if (!c.testVms) return;
    const admin = c.adminCidr;
    if (admin === undefined) {
      error(argKey("adminCidr"), admin, "is required when testVms is true: SSH to the test hosts is allowed only from this CIDR");
      return;
    }
    const block = parseIpv4Cidr(admin);
    if (!block.ok) error(argKey("adminCidr"), admin, block.rule);
    else if (block.cidr.prefix < 8) error(argKey("adminCidr"), admin, "must not open SSH to the world: use your own address or network (at most a /8)");
  },
});

/** An SSH key line's own rule: its problems, phrased for the key (also run on a key known only later, an Output). */
export function sshPublicKeyProblems(key: string): { errors: string[]; warnings: string[] } {
  const { errors, warnings } = sshKeyProblems(key);
  return { errors: errors.map((rule) => `${rule}: it must be an OpenSSH public key line both test VMs take (ssh-rsa of 2048 or 4096 bits, or ssh-ed25519); passwords are never used`), warnings };
}

export const sshPublicKey = ruleGroup({
  name: "sshPublicKey",
  needs: ["testVms", "sshPublicKey"],
  check(c, { error, warn, later }) {
    if (!c.testVms || later.has("sshPublicKey")) return;
    if (c.sshPublicKey === undefined) {
      error(argKey("sshPublicKey"), c.sshPublicKey, "is required when testVms is true and must be an OpenSSH public key line (ssh-ed25519 AAAA... or ssh-rsa AAAA...); passwords are never used");
      return;
    }
    const key = sshPublicKeyProblems(c.sshPublicKey);
    for (const rule of key.errors) error(argKey("sshPublicKey"), c.sshPublicKey, rule);
    for (const rule of key.warnings) warn(argKey("sshPublicKey"), c.sshPublicKey, rule);
  },
});

export const testVmComputerNameRule = ruleGroup({
  name: "testVmComputerName",
  needs: ["testVms", "vpcName"],
  check(c, { error }) {
    if (!c.testVms) return;
    const computerName = testVmComputerName(c.vpcName);
    const problem = nameProblem(computerName, NAME_RULES.linuxComputerName);
    if (problem) error(argKey("vpcName"), c.vpcName, `derives the test VM's computer name ${JSON.stringify(computerName)}, but ${problem}`);
  },
});
