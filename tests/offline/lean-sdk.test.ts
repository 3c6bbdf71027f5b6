// offline/leanSdk.ts leaves azure-native's API-version type aliases out of offline evaluations
// (half an evaluation's CPU), and only those.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { withoutApiVersionAliases } from "../../offline/leanSdk";
import { API_VERSION_ALIAS_TYPE } from "../../offline/evaluation";
import { evaluateStack } from "../helpers";

const VERSIONED = { type: "azure-native:network/v20230201:VirtualNetwork" };
const PREVIEW = { type: "azure-native:network/v20150501preview:VirtualNetwork" };

describe("azure-native's API-version aliases, offline", () => {
  it("are dropped; every other alias is kept, in order", () => {
    const own = [{ name: "vnet-old" }, { type: "azure-native:network:OldVirtualNetwork" }, { ...VERSIONED, name: "renamed" }, "urn:pulumi:dev::p::t::n"];
    assert.deepEqual(withoutApiVersionAliases({ aliases: [VERSIONED, own[0], PREVIEW, own[1], own[2], own[3]] }).aliases, own);
    const untouched = { aliases: own, protect: true };
    assert.equal(withoutApiVersionAliases(untouched), untouched);
    assert.equal(withoutApiVersionAliases(undefined), undefined);
  });

  it("are dropped by the SDK's mergeOptions as the providers call it (the test thread loads the SDK lean too)", () => {
    const merged = pulumi.mergeOptions({ protect: true }, { aliases: [VERSIONED, { name: "vnet-old" }] });
    assert.deepEqual(merged.aliases, [{ name: "vnet-old" }]);
    assert.equal(merged.protect, true);
  });

  it("an evaluation registers the program's own alias and none of the provider's", async () => {
    // Not vacuous: the provider's generated class does pass dozens of them.
    const generated = readFileSync(require.resolve("@pulumi/azure-native/network/virtualNetwork"), "utf8");
    const passed = [...generated.matchAll(/type: "([^"]+)"/g)].filter((m) => API_VERSION_ALIAS_TYPE.test(m[1]!));
    assert.ok(passed.length > 10, `virtualNetwork.js passes ${passed.length} API-version aliases`);
    const e = await evaluateStack({ stack: "dev", program: { module: path.join(__dirname, "fixtures", "aliased-vnet.ts"), export: "aliasedVnet" } });
    assert.equal(e.error, undefined, e.error?.message);
    const vnet = e.resources.find((r) => r.type === "azure-native:network:VirtualNetwork");
    assert.ok(vnet, "no virtual network registered");
    assert.deepEqual(vnet.aliases.map((a) => (a as { spec?: { name?: string; type?: string } }).spec).map((s) => [s?.name, s?.type]), [["vnet-old", ""]]);
  });
});
