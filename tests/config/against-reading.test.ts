// `plan --against` judges both stack files by the program's one reading: how a value is written
// (quoted as `pulumi config set` writes it, or plain) cannot change the verdict, and a valid base
// file never crashes it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { againstRefuses, compareConfigs, formatAgainst } from "../../offline/against";
import { parseStackFile } from "../../infra/stackFile";
import { REPO_ROOT } from "../helpers";

const prodText = readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8");
/**
 * Every plain scalar of the config written quoted, as `pulumi config set` writes values: top-level
 * values are stored as strings, values set inside a map with --path keep their types (so a
 * nested `monitoring.enabled: true` stays a boolean; docs/constraints.md, "Stack file reading").
 */
const quoteAll = (text: string): string =>
  text.replace(/^(\s+(?:- )?[\w:-]+: )([^\s"'[{][^\n]*)$/gm, (whole, head: string, value: string) => (/^\s{4,}[\w-]+: (true|false)$/.test(whole) ? whole : `${head}"${value}"`));
const read = (text: string) => parseStackFile(text, "Pulumi.prod.yaml").raw;

describe("--against reads both files the one way", () => {
  it("quoting every value of the base changes nothing: no disruption against itself", () => {
    const quoted = quoteAll(prodText);
    assert.notEqual(quoted, prodText);
    assert.match(quoted, /azure-aws-vpn:azureAsn: "65010"/);
    const report = compareConfigs("base", "prod", read(quoted), read(prodText));
    assert.equal(report.existed, true);
    assert.equal(report.baseErrors, undefined);
    assert.deepEqual(report.disruptions, []);
    assert.equal(againstRefuses(report), false);
  });

  for (const [name, baseText] of [["plain", prodText], ["quoted", quoteAll(prodText)]] as const) {
    it(`a disruptive ASN change is refused the same way against a ${name} base`, () => {
      const current = read(prodText.replace("azure-aws-vpn:azureAsn: 65010", "azure-aws-vpn:azureAsn: 65020"));
      const report = compareConfigs("base", "prod", read(baseText), current);
      assert.deepEqual(report.refused.map((d) => d.setting), ["azureAsn"]);
      assert.equal(againstRefuses(report), true);
      assert.match(formatAgainst(report), /azureAsn: 65010 -> 65020.*REFUSED/);
    });
  }

  it("a current file with quoted values is judged as the plain one", () => {
    const current = read(quoteAll(prodText.replace("azure-aws-vpn:gatewayGeneration: Generation2", "azure-aws-vpn:gatewayGeneration: Generation1")));
    const report = compareConfigs("base", "prod", read(prodText), current);
    assert.ok(report.refused.some((d) => d.setting === "gatewayGeneration"));
  });

  it("an invalid base on a protected stack fails closed instead of passing as a new stack", () => {
    const base = read(prodText.replace("azure-aws-vpn:vpcCidr: 10.30.0.0/16", "azure-aws-vpn:vpcCidr: 10.30.0.0/33"));
    const report = compareConfigs("base", "prod", base, read(prodText));
    assert.equal(report.existed, true);
    assert.ok(report.baseErrors?.some((e) => e.key === "azure-aws-vpn:vpcCidr"));
    assert.equal(againstRefuses(report), true);
    assert.match(formatAgainst(report), /invalid.*REFUSED/s);
  });
});
