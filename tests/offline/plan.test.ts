/**
 * `npm run plan`: the report built from a mocked evaluation, its three renderings, the Mermaid
 * diagram's structure, and that no pre-shared key ever reaches any output.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { promisify } from "node:util";
import { loadPriceTable } from "../../offline/cost";
import { mermaidProblems, toMermaid } from "../../offline/diagram";
import { evaluateStack, readStackConfig, REPO_ROOT, type Evaluation, type RegisteredResource } from "../helpers";
import { buildPlanReport, renderJson, renderMarkdown, renderText, scrubSecrets, secretValues, SECRET, type PlanReport } from "../../offline/report";
import { TYPES } from "../../infra/types";
import { runPlan } from "../../scripts/plan";

const run = promisify(execFile);

interface Stack {
  evaluation: Evaluation;
  report: PlanReport;
  text: string;
  markdown: string;
  json: string;
}

async function plan(stack: string): Promise<Stack> {
  const evaluation = await evaluateStack({ stack });
  if (evaluation.error) throw evaluation.error;
  const report = buildPlanReport(evaluation, { prices: loadPriceTable() });
  return { evaluation, report, text: renderText(report), markdown: renderMarkdown(report), json: renderJson(report) };
}

function only(evaluation: Evaluation, type: string, predicate: (r: RegisteredResource) => boolean = () => true): RegisteredResource {
  const found = evaluation.resources.filter((r) => r.type === type && predicate(r));
  assert.equal(found.length, 1, `expected one ${type}, found ${found.map((r) => r.name).join(", ") || "none"}`);
  return found[0]!;
}

/** The key values as the resources hold them, read independently of offline/report.ts. */
function keysOf(evaluation: Evaluation): string[] {
  const keys = new Set<string>();
  for (const r of evaluation.resources) {
    for (const name of ["sharedKey", "tunnel1PresharedKey", "tunnel2PresharedKey"]) {
      const value = r.inputs[name];
      if (typeof value === "string") keys.add(value);
    }
    if (r.type === TYPES.password && typeof r.state["result"] === "string") keys.add(r.state["result"]);
  }
  return [...keys];
}

/** Mermaid edges as (from, to, label), parsed independently of offline/diagram.ts. */
function edgesOf(mermaid: string): { from: string; to: string; label: string; arrow: string }[] {
  return [...mermaid.matchAll(/^\s*(\w+) (-->|==>|-\.->)\|"([^"]*)"\| (\w+)$/gm)].map((m) => ({ from: m[1]!, to: m[4]!, label: m[3]!, arrow: m[2]! }));
}
function nodeIdFor(mermaid: string, labelLine: string): string {
  const m = mermaid.match(new RegExp(`^\\s*(\\w+)\\["[^"]*<br/>${labelLine.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\]$`, "m"));
  assert.ok(m, `no node labelled ${labelLine} in the diagram`);
  return m[1]!;
}

let dev: Stack;
let prod: Stack;
before(async () => {
  dev = await plan("dev");
  prod = await plan("prod");
});

describe("dev plan (the reference document's static 2-tunnel design)", () => {
  it("starts with the offline banner and shows the config warning", () => {
    assert.match(dev.text, /^=+\n {2}OFFLINE PLAN under Pulumi mocks: nothing was deployed and no cloud account was used\./);
    assert.match(dev.text, /placeholders/);
    assert.match(dev.text, /172\.10\.0\.0\/16.*not RFC 1918/);
  });

  it("names the document's resources in the tree", () => {
    for (const name of ["rg-azure-aws", "vnet-azure", "subnet-01", "GatewaySubnet", "vpn-azure-aws", "pip-vpn-azure-aws", "lng-azure-aws", "lng-azure-aws-standby"]) {
      assert.ok(dev.text.includes(`"${name}"`), `text plan does not name ${name}`);
      assert.ok(dev.markdown.includes(name), `markdown plan does not name ${name}`);
    }
    assert.match(dev.text, /VirtualNetworkGateway vpn-azure-gateway "vpn-azure-aws" \(VpnGw1AZ Generation1, active-active off, BGP off\)/);
    const names = dev.report.components.flatMap((c) => c.resources.map((r) => r.cloudName));
    assert.ok(names.includes("lng-azure-aws") && names.includes("lng-azure-aws-standby"));
    assert.equal(dev.report.counts.custom, dev.evaluation.resources.filter((r) => r.custom).length);
    assert.equal(dev.report.components.reduce((n, c) => n + c.resources.length, 0), dev.report.counts.custom, "every cloud resource is in the tree once");
  });

  it("shows 2 tunnels, each an AWS tunnel with its local network gateway and connection", () => {
    const vpn = only(dev.evaluation, TYPES.vpnConnection);
    assert.deepEqual(dev.report.tunnels.map((t) => [t.id, t.awsOutsideIp, t.localNetworkGateway, t.connection, t.keysMatch, t.ipsecAgree]), [
      ["c1t1", vpn.state["tunnel1Address"], "lng-azure-aws", "cn-azure-aws", true, true],
      ["c1t2", vpn.state["tunnel2Address"], "lng-azure-aws-standby", "cn-azure-aws-standby", true, true],
    ]);
    assert.match(dev.text, /Tunnels \(2\):/);
    assert.equal(dev.report.bgp, undefined, "static routing has no BGP table");
    assert.doesNotMatch(dev.text, /BGP sessions/);
  });

  it("shows what feeds what across the clouds, matched by value", () => {
    const pip = only(dev.evaluation, TYPES.publicIp, (r) => r.inputs["publicIpAddressName"] === "pip-vpn-azure-aws");
    const vpn = only(dev.evaluation, TYPES.vpnConnection);
    const link = (fromProperty: string, toName: string, toProperty: string): string | undefined =>
      dev.report.feeds.find((f) => f.from.property === fromProperty && (f.to.cloudName ?? f.to.name) === toName && f.to.property === toProperty)?.value;
    assert.equal(link("ipAddress", "cgw-azure-1", "ipAddress"), pip.state["ipAddress"]);
    assert.equal(link("tunnel1Address", "lng-azure-aws", "gatewayIpAddress"), vpn.state["tunnel1Address"]);
    assert.equal(link("tunnel2Address", "lng-azure-aws-standby", "gatewayIpAddress"), vpn.state["tunnel2Address"]);
    assert.equal(link("result", "vpn-azure-aws-c1", "tunnel1PresharedKey"), SECRET);
    assert.equal(link("result", "vpn-azure-aws-c1", "tunnel2PresharedKey"), SECRET);
    assert.equal(link("result", "cn-azure-aws", "sharedKey"), SECRET);
    assert.equal(link("result", "cn-azure-aws-standby", "sharedKey"), SECRET);
    assert.match(dev.text, new RegExp(`Azure PublicIPAddress pip-vpn-azure-aws\\.ipAddress -> AWS CustomerGateway cgw-azure-1\\.ipAddress = ${String(pip.state["ipAddress"]).replace(/\./g, "\\.")}`));
    assert.match(dev.text, /AWS VpnConnection vpn-azure-aws-c1\.tunnel1Address -> Azure LocalNetworkGateway lng-azure-aws\.gatewayIpAddress/);
  });

  it("shows both IPsec vocabularies and the throughput ceiling", () => {
    assert.match(dev.text, /AWS tunnel options \(c1t1, c1t2\): ikev2; P1 AES256\/SHA2-384\/DH20/);
    assert.match(dev.text, /Azure connection policy \(c1t1, c1t2\): IKEv2; IKE AES256\/SHA384\/ECP384/);
    assert.match(dev.text, /both sides agree: yes/);
    assert.equal(dev.report.throughput?.mbps, 650);
    assert.match(dev.text, /Expected throughput ceiling: 650 Mbps/);
  });
});

describe("prod plan (BGP, active-active, transit gateway)", () => {
  it("shows 4 tunnels and marks the protected resources", () => {
    assert.deepEqual(prod.report.tunnels.map((t) => t.id), ["c1t1", "c1t2", "c2t1", "c2t2"]);
    assert.ok(prod.report.tunnels.every((t) => t.keysMatch && t.ipsecAgree && t.localNetworkGateway !== undefined && t.connection !== undefined));
    assert.match(prod.text, /Tunnels \(4\):/);
    assert.match(prod.text, /VirtualNetworkGateway vpn-azure-gateway "vpngw-prod" \(VpnGw2AZ Generation2, active-active on, BGP on \(ASN 65010\)\) \[protected\]/);
    assert.equal(prod.report.counts.protected, prod.evaluation.resources.filter((r) => r.protect).length);
  });

  it("has a BGP table with both ASNs and both peering addresses per tunnel", () => {
    // Microsoft's APIPA plan (constraints.md): Azure / AWS per tunnel.
    assert.deepEqual(prod.report.bgp?.map((b) => [b.tunnel, b.azureInstance, b.azureAsn, b.azurePeeringAddress, b.awsAsn, b.awsPeeringAddress, b.consistent]), [
      ["c1t1", 0, "65010", "169.254.21.2", "64512", "169.254.21.1", true],
      ["c1t2", 0, "65010", "169.254.22.2", "64512", "169.254.22.1", true],
      ["c2t1", 1, "65010", "169.254.21.6", "64512", "169.254.21.5", true],
      ["c2t2", 1, "65010", "169.254.22.6", "64512", "169.254.22.5", true],
    ]);
    assert.match(prod.text, /BGP sessions \(one per tunnel\):/);
    assert.match(prod.text, /c2t1 +1 \(gw-ipconfig-2\) +65010 +169\.254\.21\.6 +64512 +169\.254\.21\.5 +consistent/);
    assert.match(prod.markdown, /## BGP/);
  });

  it("states the throughput ceiling and why", () => {
    assert.equal(prod.report.throughput?.mbps, 2500);
    assert.equal(prod.report.throughput?.tunnelsCarryingTraffic, 4);
    assert.match(prod.text, /Expected throughput ceiling: 2500 Mbps \(limited by the Azure gateway SKU\)/);
    assert.match(prod.text, /AWS -> Azure: aggregate 2500 Mbps, limited by 2 Azure instances x VpnGw2AZ Generation2 aggregate 1250 Mbps; single flow 1250 Mbps/);
    assert.match(prod.text, /Azure -> AWS: aggregate 2500 Mbps/);
    assert.deepEqual(prod.report.throughput?.directions.map((d) => [d.direction, d.aggregateMbps, d.singleFlowMbps]), [["aws-to-azure", 2500, 1250], ["azure-to-aws", 2500, 1250]]);
    assert.match(prod.markdown, /## Expected throughput\n/);
    assert.match(prod.text, /transit gateway ECMP over BGP/);
  });
});

describe("secrets", () => {
  it("no key value appears in the text, Markdown or JSON plan (unscrubbed renderers)", () => {
    for (const s of [dev, prod]) {
      const keys = keysOf(s.evaluation);
      assert.ok(keys.length >= (s === dev ? 2 : 4), "the evaluation holds the keys");
      for (const key of keys) {
        for (const [what, output] of [["text", s.text], ["markdown", s.markdown], ["json", s.json]] as const) {
          assert.ok(!output.includes(key), `${s.evaluation.stack} ${what} plan contains a key`);
        }
      }
      assert.ok(s.text.includes(SECRET) && s.markdown.includes(SECRET) && s.json.includes(SECRET));
    }
  });

  it("secretValues finds every key, and scrubSecrets removes them", () => {
    const keys = keysOf(prod.evaluation);
    const found = secretValues(prod.evaluation);
    for (const key of keys) assert.ok(found.includes(key), "secretValues missed a key");
    const leaked = `a ${keys[0]} b ${keys[1]}`;
    assert.equal(scrubSecrets(leaked, found), `a ${SECRET} b ${SECRET}`);
  });
});

describe("JSON", () => {
  it("parses and carries the same content, without the banner", () => {
    const parsed = JSON.parse(prod.json) as PlanReport;
    assert.equal(parsed.kind, "azure-aws-vpn/plan");
    assert.equal(parsed.offline.mocked, true);
    assert.equal(parsed.tunnels.length, 4);
    assert.equal(parsed.bgp?.length, 4);
    assert.equal(parsed.throughput?.mbps, 2500);
    assert.equal(parsed.throughput?.directions.length, 2);
    assert.equal(parsed.cost?.totalMonthlyUsd, prod.report.cost?.totalMonthlyUsd);
    assert.equal(parsed.mermaid, prod.report.mermaid);
    assert.ok(!prod.json.startsWith("="), "no banner");
  });
});

describe("Mermaid diagram", () => {
  it("is structurally sound for both stacks", () => {
    for (const s of [dev, prod]) {
      assert.deepEqual(mermaidProblems(s.report.mermaid), [], `${s.evaluation.stack} diagram`);
      // Independent checks: safe ids, every endpoint declared, every label quoted.
      const lines = s.report.mermaid.split("\n");
      const declared = new Set(lines.map((l) => l.match(/^\s*(\w+)\["[^"]*"\]$/)?.[1]).filter((id): id is string => id !== undefined));
      const edges = edgesOf(s.report.mermaid);
      assert.ok(edges.length > 0);
      for (const e of edges) {
        assert.ok(declared.has(e.from) && declared.has(e.to), `edge ${e.from} -> ${e.to} has an undeclared endpoint`);
      }
      for (const l of lines.slice(1)) {
        const t = l.trim();
        assert.ok(t === "end" || /^subgraph \w+\["[^"]*"\]$/.test(t) || /^\w+\["[^"]*"\]$/.test(t) || /^\w+ (-->|==>|-\.->)\|"[^"]*"\| \w+$/.test(t), `unexpected line ${JSON.stringify(t)}`);
      }
      assert.equal(lines.filter((l) => /^\s*subgraph /.test(l)).length, lines.filter((l) => l.trim() === "end").length);
      assert.ok(s.markdown.includes("```mermaid\n" + s.report.mermaid + "\n```"), "the Markdown embeds the diagram in a mermaid fence");
    }
  });

  it("groups by cloud and draws the cross-cloud chain: public IP -> customer gateway, tunnel -> LNG -> connection", () => {
    const m = dev.report.mermaid;
    assert.match(m, /subgraph g_azure\["Azure \(eastus\)"\]/);
    assert.match(m, /subgraph g_aws\["AWS \(us-east-1\)"\]/);
    const edges = edgesOf(m);
    const has = (from: string, to: string, arrow?: string): boolean => edges.some((e) => e.from === nodeIdFor(m, from) && e.to === nodeIdFor(m, to) && (arrow === undefined || e.arrow === arrow));
    assert.ok(has("pip-vpn-azure-aws", "cgw-azure-1", "==>"), "public IP -> customer gateway");
    assert.ok(has("vpn-azure-aws-c1", "lng-azure-aws", "==>"), "tunnel 1 -> local network gateway");
    assert.ok(has("vpn-azure-aws-c1", "lng-azure-aws-standby", "==>"), "tunnel 2 -> standby local network gateway");
    assert.ok(has("lng-azure-aws", "cn-azure-aws"), "local network gateway -> connection");
    assert.ok(has("vpn-azure-aws", "cn-azure-aws"), "gateway -> connection");
    assert.ok(has("vpn-tunnels-c1-c1t1-key", "cn-azure-aws", "-.->") && has("vpn-tunnels-c1-c1t1-key", "vpn-azure-aws-c1", "-.->"), "key -> both sides");
    assert.equal(toMermaid({ direction: "LR", groups: [], edges: [] }), "flowchart LR");
  });

  it("the structural check catches broken diagrams", () => {
    assert.ok(mermaidProblems('flowchart LR\n  a["x"]\n  a -->|"l"| b').some((p) => p.includes("b is not a declared node")));
    assert.ok(mermaidProblems('flowchart LR\n  a-b["x"]').some((p) => p.includes("unsafe id")));
    assert.ok(mermaidProblems('flowchart LR\n  subgraph g["x"]\n  a["x"]').some((p) => p.includes("never closed")));
    assert.ok(mermaidProblems('flowchart LR\n  a["say "hi""]').some((p) => p.includes("raw double quote")));
    assert.ok(mermaidProblems('flowchart LR\n  end["x"]').length > 0);
    assert.ok(mermaidProblems('graph\n  a["x"]').some((p) => p.includes("line 1")));
  });
});

describe("bad config", () => {
  it("reports the program's error, listing the problems, and nothing else", async () => {
    const raw = readStackConfig("dev");
    raw["azure-aws-vpn:vpcCidr"] = "172.10.0.0/16";
    raw["azure-aws-vpn:gatewaySku"] = "VpnGw1";
    const evaluation = await evaluateStack({ stack: "dev", raw });
    const report = buildPlanReport(evaluation, { prices: loadPriceTable() });
    assert.ok(report.error);
    assert.match(report.error, /vpcCidr/);
    assert.match(report.error, /gatewaySku/);
    const text = renderText(report);
    assert.match(text, /ERROR: the program refused the configuration/);
    assert.ok(text.includes(report.error));
    assert.doesNotMatch(text, /Tunnels/);
    assert.equal((JSON.parse(renderJson(report)) as PlanReport).error, report.error);
  });
});

describe("npm run plan (the script)", () => {
  it("--json prints one JSON document and writes the Markdown plan; no key leaks", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "plan-"));
    const out = path.join(dir, "plan.md");
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/plan.ts", "--stack", "prod", "--json", "--out", out], { cwd: REPO_ROOT });
    const parsed = JSON.parse(stdout) as PlanReport & { policy: { violations: unknown[]; blocking: number }; exitCode: number; against?: unknown };
    assert.equal(parsed.stack, "prod");
    assert.equal(parsed.tunnels.length, 4);
    // The policy pack's verdict and the exit code travel in the document (no --against: no verdict).
    assert.equal(parsed.policy.blocking, 0);
    assert.ok(Array.isArray(parsed.policy.violations));
    assert.equal(parsed.exitCode, 0);
    assert.equal(parsed.against, undefined);
    const markdown = readFileSync(out, "utf8");
    assert.match(markdown, /```mermaid\nflowchart LR/);
    for (const key of keysOf(prod.evaluation)) assert.ok(!stdout.includes(key) && !markdown.includes(key), "the script leaked a key");
  });

  it("refuses unknown arguments with code 2 (as the process's exit code: tests/config/fail-loud.test.ts)", async () => {
    let stderr = "";
    assert.equal(await runPlan(["--bogus"], { stdout: () => undefined, stderr: (t) => void (stderr += t) }), 2);
    assert.match(stderr, /unknown argument "--bogus"/);
  });

  it("--json with --against carries the guards' and the update model's verdict", async () => {
    const stdout: string[] = [];
    const code = await runPlan(["--stack", "dev", "--json", "--against", "HEAD", "--out", path.join(mkdtempSync(path.join(tmpdir(), "plan-")), "plan.md")], { stdout: (t) => void stdout.push(t), stderr: () => undefined });
    const parsed = JSON.parse(stdout.join("")) as { exitCode: number; against: { ref: string; refusedByGuards: boolean; update?: { completes: boolean } } };
    assert.equal(parsed.exitCode, code);
    assert.equal(parsed.against.ref, "HEAD");
    assert.equal(typeof parsed.against.refusedByGuards, "boolean");
  });

  it("names the stacks that exist when --stack names none (code 2, no stack trace)", async () => {
    let stderr = "";
    assert.equal(await runPlan(["--stack", "staging"], { stdout: () => undefined, stderr: (t) => void (stderr += t) }), 2);
    assert.equal(stderr, "--stack staging: there is no Pulumi.staging.yaml; the stacks here are dev, prod, scale\n");
  });
});
