// Finding 6 of issue 10: the AWS end exists long before the Azure end. The "Azure" peer comes up
// a while after the "AWS" peer (AAV_STARTUP_DELAY_S, default 15 s; `npm run interop` uses 60 s),
// nobody calls --initiate, and the tunnel must come up by itself with what the program declares.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { stackViews } from "../../interop/check";
import { formatStartup, runDelayedStartup, type StartupResult } from "../../interop/startup";
import type { TunnelViews } from "../../interop/views";

const delaySeconds = Number(process.env["AAV_STARTUP_DELAY_S"] ?? 15);

describe("tunnel startup with the Azure peer late (root, strongSwan)", () => {
  let declared: StartupResult;
  let responderOnly: StartupResult;

  before(async () => {
    const views: TunnelViews[] = await stackViews(["dev"]);
    const tunnel = views[0]!;
    // Control: what the program declared before the decision (Azure ResponderOnly).
    const old: TunnelViews = { ...tunnel, azure: { ...tunnel.azure, connectionMode: "ResponderOnly" } };
    [declared, responderOnly] = await Promise.all([runDelayedStartup(tunnel, { delaySeconds, upTimeoutSeconds: 10 }), runDelayedStartup(old, { delaySeconds, upTimeoutSeconds: 10 })]);
    console.log(formatStartup([declared, responderOnly]));
  });

  it("the program declares AWS start and Azure Default", () => {
    assert.equal(declared.awsStartupAction, "start");
    assert.equal(declared.azureConnectionMode, "Default");
  });

  it("the AWS peer initiated into silence and gave up before the Azure peer existed", () => {
    assert.ok(declared.awsGaveUpAfterSeconds !== undefined && declared.awsGaveUpAfterSeconds < delaySeconds, formatStartup([declared]));
  });

  it("with what the program declares, the tunnel comes up by itself once the Azure peer exists, and carries a ping", () => {
    assert.equal(declared.up, true, formatStartup([declared]));
    assert.equal(declared.initiatedBy, "azure");
    assert.equal(declared.ping, "ok");
  });

  it("control: with Azure ResponderOnly it stays down (AWS does not come back in the worst case)", () => {
    assert.equal(responderOnly.up, false, formatStartup([responderOnly]));
  });
});
