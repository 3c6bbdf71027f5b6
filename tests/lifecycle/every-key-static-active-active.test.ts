// Every config key's change completes, static active-active (tests/lifecycle/everyKey.ts).
import { describe } from "node:test";
import { everyKeyTests } from "./everyKey";

describe("every key, static active-active", () => everyKeyTests("static active-active"));
