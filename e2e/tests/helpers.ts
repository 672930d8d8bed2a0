// What the journeys share: fresh names, staff accounts made with the CLI and
// signing in to the authoring app. Not a spec (Playwright runs only
// *.spec.ts), so it holds no tests.
import { execFileSync } from 'child_process';
import * as path from 'path';
import { expect, Page } from '@playwright/test';

const repo = path.resolve(__dirname, '..', '..');

/** The password of every account the journeys create. */
export const password = 'correct horse battery';

/** A name no earlier run used: `prefix` and a time-and-random suffix. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Staff accounts can only be made with the CLI, against the server's data. */
export function createStaffUser(username: string): void {
  execFileSync(
    process.env.LYCEUM_BIN ?? path.join(repo, 'target', 'debug', 'lyceum'),
    ['create-user', '--username', username, '--email', `${username}@example.org`, '--staff'],
    {
      env: { ...process.env, DATA_DIR: process.env.LYCEUM_E2E_DATA_DIR, LYCEUM_PASSWORD: password },
      stdio: 'pipe',
    },
  );
}

/** Signs in to the authoring app from its sign-in page and waits for the course list. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/authoring/');
  await expect(page).toHaveURL(/\/authoring\/signin/);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authoring');
}
