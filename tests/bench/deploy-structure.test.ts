/**
 * Structural facts the design guarantees, on the graph the program really registers: no AWS
 * resource waits for the Azure VPN gateway (the customer gateways need only its static public IP),
 * and only the Azure connections follow the gateway; so one `pulumi up` beats a wiring in which AWS
 * waits for the gateway.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AZURE_CONNECTION, awsWaitsForGateway, loadDurations, nodesFromResources, oneApply, structuralFacts } from "../../bench/deploy-model";
import { evaluateStack } from "../helpers";
import { TYPES } from "../../infra/types";

describe("deploy structure of the real program", () => {
  for (const stack of ["dev", "prod"]) {
    it(`${stack}: no AWS resource waits for the Azure gateway; only connections (and with monitoring its diagnostics and alerts) follow it`, async () => {
      const evaluation = await evaluateStack({ stack });
      if (evaluation.error) throw evaluation.error;
      const nodes = nodesFromResources(evaluation.resources);
      const facts = structuralFacts(nodes);
      // Only the CloudWatch alarms (prod, with monitoring) wait: on purpose, so that none exists,
      // and none pages, while the AWS tunnels wait for the Azure side (monitoringAws.ts).
      assert.deepEqual([...new Set(facts.awsWaitingForGateway.map((urn) => urn.split("::")[2]!.split("$").pop()))], stack === "prod" ? [TYPES.metricAlarm] : []);
      // With monitoring (prod), the gateway's diagnostic setting, its metric alerts and the AWS alarms follow it too.
      const watching = stack === "prod" ? [TYPES.diagnosticSetting, TYPES.metricAlert, TYPES.metricAlarm] : [];
      assert.deepEqual([...facts.kindsAfterGateway].sort(), [AZURE_CONNECTION, ...watching].sort());
      const d = loadDurations();
      assert.ok(oneApply(nodes, d).minutes.typical < oneApply(awsWaitsForGateway(nodes), d).minutes.typical);
    });
  }
});
