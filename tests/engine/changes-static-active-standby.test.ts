/** Every key's change through the engine and the fake cloud, static active-standby (tests/engine/changes.ts). */
import { engineChangeTests } from "./changes";

engineChangeTests("static active-standby");
