// What the browser tests share: Debian's Chromium started as this machine allows, their
// command-line arguments, and the tally of checks with its final "N passed, M failed".
import { chromium } from 'playwright-core';

// Headless, and nothing that reaches for the network: the machine's network is closed, and
// Chromium's background connections would be refused many at a time.
export const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export function launch() {
  return chromium.launch(LAUNCH);
}

// The first `count` command-line arguments; prints `usage` and exits 2 when one is missing.
export function args(count, usage) {
  const given = process.argv.slice(2);
  if (given.length < count || given.slice(0, count).some((a) => !a)) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return given;
}

// Counts passed and failed checks; `done()` prints the totals and exits 1 on any failure.
export class Tally {
  passed = 0;
  failed = 0;

  // A check that is true or false now: one line "ok   …" or "FAIL …".
  check(ok, what) {
    if (ok) this.passed += 1; else this.failed += 1;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  }

  // A check that passes unless `fn` throws: one line "ok: name" or "FAILED: name: why".
  async step(name, fn) {
    try {
      await fn();
      this.passed += 1;
      console.log(`ok: ${name}`);
    } catch (err) {
      this.fail(`${name}: ${err.message}`);
    }
  }

  fail(what) {
    this.failed += 1;
    console.log(`FAILED: ${what}`);
  }

  done() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed ? 1 : 0);
  }
}
