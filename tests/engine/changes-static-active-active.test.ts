/** Every key's change through the engine and the fake cloud, static active-active (tests/engine/changes.ts). */
import { engineChangeTests, modeChanges } from "./changes";

engineChangeTests("every key's change through the engine, static active-active", modeChanges("static active-active"));
