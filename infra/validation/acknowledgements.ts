/** Acknowledgement rules: each acknowledged change names a guarded setting, and lifts protection visibly. */
import { argKey } from "../configSchema";
import { GUARDED_SETTING_NAMES, isGuardedSetting } from "../guardedSettings";
import { GUARDED_SETTINGS } from "../guards";
import { ruleGroup } from "./group";

export const acknowledgedSettings = ruleGroup({
  name: "acknowledgedSettings",
  needs: ["acknowledgeDisruption"],
  check(c, { error }) {
    c.acknowledgeDisruption.forEach((setting, i) => {
      if (!isGuardedSetting(setting)) error(argKey(`acknowledgeDisruption[${i}]`), setting, `is not a guarded setting; guarded settings are ${GUARDED_SETTING_NAMES.join(", ")}`);
    });
  },
});

export const acknowledgementsLiftProtection = ruleGroup({
  name: "acknowledgementsLiftProtection",
  needs: ["acknowledgeDisruption", "protect"],
  check(c, { warn }) {
    if (!c.protect) return;
    // An acknowledgement lifts protection for as long as it stands: say so on every plan.
    c.acknowledgeDisruption.forEach((setting, i) => {
      if (!isGuardedSetting(setting)) return;
      const lifted = GUARDED_SETTINGS[setting].resources;
      const what = lifted.length > 0 ? `lifts protect from ${lifted.join(", ")} on this protected stack for as long as it stands` : "lifts no protection (its change replaces and deletes nothing protected) but lets the change through the guard while it stands";
      warn(argKey(`acknowledgeDisruption[${i}]`), setting, `${what}: remove it once the change it acknowledges is deployed`);
    });
  },
});
