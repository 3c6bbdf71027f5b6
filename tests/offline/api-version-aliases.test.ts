// What the offline evaluator relies on inside the Pulumi SDK, pinned: an SDK update that moves it
// fails here, loudly, instead of slowing or changing evaluations. offline/apiVersionAliases.ts wraps
// the SDK index's exported mergeOptions(opts1, opts2) to leave azure-native's API-version type
// aliases out of offline evaluations (half an evaluation's CPU, and the order resources register
// in, which the plan's diagram and cost ties follow), and only those.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { withoutApiVersionAliases } from "../../offline/apiVersionAliases";
import { API_VERSION_ALIAS_TYPE } from "../../offline/evaluation";
import { evaluateStack } from "../helpers";

const VERSIONED = { type: "azure-native:network/v20230201:VirtualNetwork" };
const PREVIEW = { type: "azure-native:network/v20150501preview:VirtualNetwork" };
const SDK_ROOT = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

describe("azure-native's API-version aliases, offline", () => {
  it("are dropped; every other alias is kept, in order", () => {
    const own = [{ name: "vnet-old" }, { type: "azure-native:network:OldVirtualNetwork" }, { ...VERSIONED, name: "renamed" }, "urn:pulumi:dev::p::t::n"];
    assert.deepEqual(withoutApiVersionAliases({ aliases: [VERSIONED, own[0], PREVIEW, own[1], own[2], own[3]] }).aliases, own);
    const untouched = { aliases: own, protect: true };
    assert.equal(withoutApiVersionAliases(untouched), untouched);
    assert.equal(withoutApiVersionAliases(undefined), undefined);
  });

  it("the SDK's mergeOptions is still what the wrapper takes: a writable export of the index, (opts1, opts2), defined in resource.js", () => {
    // The CommonJS exports object the providers get (an ES namespace import is a read-only copy).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const descriptor = Object.getOwnPropertyDescriptor(require("@pulumi/pulumi"), "mergeOptions");
    assert.ok(descriptor && "value" in descriptor && descriptor.writable, "mergeOptions is no longer a writable property of @pulumi/pulumi's index");
    const source = readFileSync(path.join(SDK_ROOT, "resource.js"), "utf8");
    assert.match(source, /^function mergeOptions\(opts1, opts2\) \{$/m, "@pulumi/pulumi/resource.js no longer defines mergeOptions(opts1, opts2)");
  });

  it("are dropped by the SDK's mergeOptions as the providers call it", () => {
    // The providers' generated classes call it as pulumi.mergeOptions(opts, aliasOpts).
    const generated = readFileSync(require.resolve("@pulumi/azure-native/network/virtualNetwork"), "utf8");
    assert.match(generated, /opts = pulumi\.mergeOptions\(opts, aliasOpts\);/, "azure-native no longer passes its aliases through pulumi.mergeOptions(opts, aliasOpts)");
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
