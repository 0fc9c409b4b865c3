// How every browser test starts Debian's Chromium: headless, no sandbox
// (tests run as root), a fresh profile (Playwright makes one per launch),
// and none of the background traffic that a closed
// network refuses. No browser is ever downloaded.
export function launchOptions() {
  return {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-dev-shm-usage',
    ],
  };
}
