// Every config key's change completes, bgp active-active (tests/lifecycle/everyKey.ts).
import { describe } from "node:test";
import { everyKeyTests } from "./everyKey";

describe("every key, bgp active-active", () => everyKeyTests("bgp active-active"));
