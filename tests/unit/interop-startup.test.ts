// The strongSwan options that model each cloud's startup behaviour (interop/startup.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { startupInitiators, withStartupBehaviour } from "../../interop/startup";
import { renderSwanctlConf } from "../../interop/render";
import type { TunnelViews } from "../../interop/views";

const conf = renderSwanctlConf({ title: "t", version: 2, localAddress: "192.0.2.1", remoteAddress: "192.0.2.2", presharedKey: "abcdefgh", ikeProposals: ["aes256-sha384-ecp384"], espProposals: ["aes256gcm16-ecp384"], localTs: ["10.0.0.0/16"], remoteTs: ["10.1.0.0/16"] });

test("an initiating side gets start_action = start in its child and one keying try", () => {
  const out = withStartupBehaviour(conf, true);
  assert.match(out, /version = 2\n {4}keyingtries = 1\n/);
  assert.match(out, /mode = tunnel\n {8}start_action = start\n/);
});

test("a responding side gets no start_action", () => {
  const out = withStartupBehaviour(conf, false);
  assert.doesNotMatch(out, /start_action/);
  assert.match(out, /keyingtries = 1/);
});

test("who initiates, per the documented meaning of each option", () => {
  const views = (startupAction: string, connectionMode: string): TunnelViews => ({ aws: { startupAction }, azure: { connectionMode } }) as unknown as TunnelViews;
  assert.deepEqual(startupInitiators(views("start", "Default")), { aws: true, azure: true });
  assert.deepEqual(startupInitiators(views("start", "ResponderOnly")), { aws: true, azure: false });
  assert.deepEqual(startupInitiators(views("add", "InitiatorOnly")), { aws: false, azure: true });
});
