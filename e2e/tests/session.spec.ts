// A person registers in the learning app, signs out, signs in again, sees
// their name in the header, moves to the profile app and is still signed in.
import { expect, test } from '@playwright/test';
import { unique } from './helpers';

test('register, sign out, sign in, and stay signed in across apps', async ({ page }) => {
  const username = unique('ada');
  const fullName = `Ada ${username}`;
  const password = 'correct horse battery';

  await page.goto('/');
  await expect(page).toHaveURL(/\/learning\/signin/);

  await page.getByRole('link', { name: /create an account|register/i }).first().click();
  await page.getByLabel('Full name').fill(fullName);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.org`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByTestId('user-name')).toHaveText(fullName);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Learning');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('user-name')).toHaveCount(0);
  await page.goto('/learning/');
  await expect(page).toHaveURL(/\/learning\/signin/);

  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-name')).toHaveText(fullName);

  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page).toHaveURL(/\/profile\//);
  await expect(page.getByTestId('user-name')).toHaveText(fullName);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Profile');

  for (const app of ['Authoring', 'Discussions']) {
    await page.getByRole('link', { name: app }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(app);
    await expect(page.getByTestId('user-name')).toHaveText(fullName);
  }
});

test('a wrong password shows an error and leaves the user signed out', async ({ page, request }) => {
  const username = unique('grace');
  const created = await request.post('/api/v1/auth/register', {
    data: { username, email: `${username}@example.org`, password: 'correct horse battery', name: 'Grace Hopper' },
  });
  expect(created.status()).toBe(201);

  await page.goto('/learning/signin');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill('not my password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toContainText('Username or password is incorrect.');
  await expect(page.getByTestId('user-name')).toHaveCount(0);
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(401);
});
