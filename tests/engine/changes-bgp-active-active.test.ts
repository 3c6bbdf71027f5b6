/** Every key's change through the engine and the fake cloud, bgp active-active (tests/engine/changes.ts). */
import { engineChangeTests } from "./changes";

engineChangeTests("bgp active-active");
