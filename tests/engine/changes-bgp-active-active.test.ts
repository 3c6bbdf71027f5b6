/** Every key's change through the engine and the fake cloud, bgp active-active (tests/engine/changes.ts). */
import { engineChangeTests, modeChanges } from "./changes";

engineChangeTests("every key's change through the engine, bgp active-active", modeChanges("bgp active-active"));
