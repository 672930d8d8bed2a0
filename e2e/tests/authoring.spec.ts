// A course author (global staff) creates a course run in the authoring app,
// builds its outline and publishes it; a learner may not create courses.
import { expect, Page, test } from '@playwright/test';
import { createStaffUser, password, signIn, unique } from './helpers';

/** The row of one outline item (its name, type, badge and actions). */
function row(page: Page, name: string) {
  return page.getByTestId('outline-row').filter({ has: page.getByText(name, { exact: true }) });
}

test('an author creates a course, builds its outline and publishes it', async ({ page }) => {
  const username = unique('author');
  createStaffUser(username);
  await signIn(page, username);
  // Global staff see every course, so the list may already hold others.
  await expect(page.getByLabel('Course name')).toBeVisible();

  const run = unique('R');
  await page.getByLabel('Organization').fill('E2E');
  await page.getByLabel('Course number').fill('CS1');
  await page.getByLabel('Course run').fill(run);
  await page.getByLabel('Course name').fill('Authoring in the browser');
  await page.getByRole('button', { name: 'Create course' }).click();

  await expect(page).toHaveURL(new RegExp(`/authoring/course/course-v1:E2E\\+CS1\\+${run}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authoring in the browser');
  await expect(page.getByTestId('publish-status')).toContainText('Not published');
  await expect(page.getByTestId('outline-empty')).toBeVisible();

  await page.getByLabel('Section name').fill('Week 1');
  await page.getByRole('button', { name: 'Add section' }).click();
  await expect(row(page, 'Week 1')).toContainText('Never published');

  await page.getByLabel('Subsection name').fill('Lesson 1');
  await page.getByRole('button', { name: 'Add subsection' }).click();
  await expect(row(page, 'Lesson 1')).toBeVisible();

  await page.getByLabel('Unit name').fill('Welcome');
  await page.getByRole('button', { name: 'Add unit' }).click();
  await expect(row(page, 'Welcome')).toBeVisible();

  await page.getByLabel('Component type').selectOption({ label: 'HTML' });
  await page.getByLabel('Component name').fill('Intro');
  await page.getByRole('button', { name: 'Add component' }).click();
  await expect(row(page, 'Intro')).toContainText('HTML');

  await page.getByLabel('Component type').selectOption({ label: 'Problem' });
  await page.getByLabel('Component name').fill('Check');
  await page.getByRole('button', { name: 'Add component' }).click();
  await expect(row(page, 'Check')).toContainText('Problem');

  for (const name of ['Week 1', 'Lesson 1', 'Welcome', 'Intro', 'Check']) {
    await expect(row(page, name)).toContainText('Never published');
  }

  // Rename, then cancel a deletion: nothing is lost.
  await page.getByRole('button', { name: 'Rename Intro' }).click();
  await page.getByLabel('Name of Intro').fill('Introduction');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(row(page, 'Introduction')).toBeVisible();
  await page.getByRole('button', { name: 'Delete Check' }).click();
  await expect(page.getByRole('dialog')).toContainText('Delete "Check"');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(row(page, 'Check')).toBeVisible();

  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('publish-status')).toContainText('learners see the latest version');
  await expect(row(page, 'Week 1')).toContainText('Published');

  await page.reload();
  await expect(row(page, 'Week 1')).toContainText('Published');
  await expect(row(page, 'Week 1')).not.toContainText('Never published');

  await page.getByRole('link', { name: 'All courses' }).click();
  const course = page.getByTestId('course-item').filter({ hasText: 'Authoring in the browser' });
  await expect(course).toContainText('Published');
  await expect(course).toContainText(`course-v1:E2E+CS1+${run}`);
});

test('a learner who tries to create a course is refused', async ({ page, request }) => {
  const username = unique('learner');
  const created = await request.post('/api/v1/auth/register', {
    data: { username, email: `${username}@example.org`, password, name: 'Lee Learner' },
  });
  expect(created.status()).toBe(201);
  await signIn(page, username);
  await expect(page.getByText('No courses yet.')).toBeVisible();

  await page.getByLabel('Organization').fill('E2E');
  await page.getByLabel('Course number').fill('CS1');
  await page.getByLabel('Course run').fill(unique('R'));
  await page.getByLabel('Course name').fill('Not mine to make');
  await page.getByRole('button', { name: 'Create course' }).click();

  await expect(page.getByRole('alert')).toHaveText('Only staff can create courses.');
  await expect(page).toHaveURL(/\/authoring\/$/);
});
