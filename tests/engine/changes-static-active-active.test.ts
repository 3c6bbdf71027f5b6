/** Every key's change through the engine and the fake cloud, static active-active (tests/engine/changes.ts). */
import { engineChangeTests } from "./changes";

engineChangeTests("static active-active");
