// Entry point for `pulumi up` in examples/consumer: the program is in program.ts.
import { consume, readConsumerConfig } from "./program";

export = async () => {
  const result = await consume(readConsumerConfig());
  return {
    vpnContractVersion: result.vpn.contractVersion,
    admittedAzurePrefixes: result.admittedAzurePrefixes,
    admittedVpcCidr: result.admittedVpcCidr,
    awsIngressRuleIds: result.awsIngressRules.map((rule) => rule.securityGroupRuleId),
    azureNsgRuleId: result.azureNsgRule.id,
  };
};
