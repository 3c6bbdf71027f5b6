/**
 * Rotation then failover on two sites of one stack (`measureStack`), for `npm run interop` and the
 * interop suite. The two sites themselves are sitePair.ts, the measurements rotation.ts and
 * failover.ts; this module sits above all three, so none of them imports another in a circle.
 */
import { measureFailover, type FailoverResult } from "./failover";
import { measureRotation, type RotationResult } from "./rotation";
import { Sites } from "./sitePair";
import type { TunnelViews } from "./views";

/** Rotation then failover on both sites of one stack; the figures `npm run interop` and the suite print. */
export async function measureStack(views: TunnelViews[], tag: string): Promise<{ rotation: RotationResult; failover: FailoverResult }> {
  const sites = new Sites(views, tag);
  try {
    await sites.up();
    const rotation = await measureRotation(sites);
    const failover = await measureFailover(sites);
    return { rotation, failover };
  } finally {
    await sites.cleanup();
  }
}
