// What the journeys share: fresh names, staff accounts made with the CLI,
// signing in to the authoring app and API clients for set-up work. Not a
// spec (Playwright runs only *.spec.ts), so it holds no tests.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { APIRequestContext, APIResponse, expect, Page, request as apiRequest } from '@playwright/test';

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

/** Unsafe methods with cookie auth must carry the CSRF header. */
export const csrf = { 'X-Lyceum-CSRF': '1' };

export const encode = encodeURIComponent;

/** An API client signed in as a new global staff member (`username` when given). */
export async function signedInAuthor(baseURL: string, username = unique('author')): Promise<APIRequestContext> {
  createStaffUser(username);
  const author = await apiRequest.newContext({ baseURL, extraHTTPHeaders: csrf });
  const login = await author.post('/api/v1/auth/login', { data: { username, password } });
  expect(login.ok(), await login.text()).toBeTruthy();
  return author;
}

/** The JSON of a successful answer; anything else fails the test, naming the call. */
export async function ok<T>(response: APIResponse): Promise<T> {
  expect(response.ok(), `${response.url()}: ${response.status()} ${await response.text()}`).toBeTruthy();
  return (await response.json()) as T;
}

/**
 * The Open edX demo course. It is someone else's text under a
 * non-commercial licence, so it is never copied into the repository: it
 * lives beside it in ../shared, which every developer machine and CI have.
 */
export const demoCourse = path.resolve(repo, '..', 'shared', 'fixtures', 'olx', 'demo-course');

/** Why a journey with the demo course cannot run here, if it cannot. */
export const noDemoCourse = fs.existsSync(demoCourse) ? null : `SKIPPED: the demo course is not at ${demoCourse}`;

/** The demo course folder packed as the .tar.gz an Open edX export is; answers its path. */
export function demoCourseArchive(): string {
  const archive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lyceum-import-')), 'demo.tar.gz');
  execFileSync('tar', ['-czf', archive, '-C', path.dirname(demoCourse), path.basename(demoCourse)]);
  return archive;
}
