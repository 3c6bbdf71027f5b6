/** Every key's change through the engine and the fake cloud, static active-standby (tests/engine/changes.ts). */
import { engineChangeTests, modeChanges } from "./changes";

engineChangeTests("every key's change through the engine, static active-standby", modeChanges("static active-standby"));
