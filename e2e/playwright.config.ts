// Browser journeys against a freshly started `lyceum serve` on its embedded
// defaults (a new data directory per run), driven in Debian's chromium.
import { defineConfig } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const port = Number(process.env.E2E_PORT ?? 8765);
const repo = path.resolve(__dirname, '..');
const bin = process.env.LYCEUM_BIN ?? path.join(repo, 'target', 'debug', 'lyceum');
// Shared with the spec workers (they load this file too), so a spec can run
// the CLI against the same data, e.g. to create a staff account.
const dataDir =
  process.env.LYCEUM_E2E_DATA_DIR ??
  (process.env.LYCEUM_E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'lyceum-e2e-')));

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `"${bin}" serve`,
    cwd: repo,
    url: `http://127.0.0.1:${port}/api/v1/ready`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      BIND_ADDR: `127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      MFE_DIR: path.join(repo, 'mfes'),
      LOG_LEVEL: 'warn',
    },
  },
});
