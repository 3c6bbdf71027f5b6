/**
 * The azure-aws-vpn policy pack, served to the Pulumi CLI:
 *
 *   pulumi preview --policy-pack policy [--policy-pack-config policy/config.<stack>.json]
 *
 * Importing this module starts the policy gRPC server (PolicyPack's constructor does), so tests
 * import ./policies and ./run instead. The CLI runs the pack with policy/ as working directory,
 * where PolicyPack reads the version from policy/package.json; @pulumi/policy and @pulumi/pulumi
 * resolve from the repository's node_modules.
 */
import { PolicyPack } from "@pulumi/policy";
import { currentStackName, vpnPolicies } from "./policies";

new PolicyPack("azure-aws-vpn", {
  description: "Guard rails for the Azure <-> AWS site-to-site VPN: IKEv2 only, strong IPsec crypto, AZ gateway SKUs, generated secret keys, no open admin ports, protected and monitored production.",
  enforcementLevel: "mandatory",
  policies: vpnPolicies(currentStackName),
});
