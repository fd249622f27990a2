// Builds the app once before the browser tests (skipped, with the reason, when Chromium is absent).
import { ensureBuild, skipReason } from './harness';

export default function setup(): void {
  if (skipReason) {
    console.warn(skipReason);
    return;
  }
  ensureBuild();
}
