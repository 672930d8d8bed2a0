// A third party: reads the API reference, creates a personal API token in the
// profile app and calls the API with it.
import { expect, test } from '@playwright/test';

test('create a personal API token in the profile app and call the API with it', async ({ page, request }) => {
  const username = `tp${Date.now().toString(36)}`;
  const password = 'correct horse battery';
  expect(
    (await request.post('/api/v1/auth/register', {
      data: { username, email: `${username}@example.org`, password, name: 'Third Party' },
    })).status(),
  ).toBe(201);

  await page.goto('/api/docs');
  await expect(page.locator('body')).toContainText('Lyceum API');

  await page.goto('/profile/');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-name')).toHaveText('Third Party');

  await page.getByLabel('Token name').fill('grade export');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^lyp_/);

  const me = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).username).toBe(username);
});
