// A course author imports the Open edX demo course through the authoring
// app, follows the import's progress bar to the end, and finds the course's
// six sections in its outline. It is imported as a run of its own, under a key
// given on the page.
import { expect, test } from '@playwright/test';
import { createStaffUser, demoCourseArchive, noDemoCourse, signIn, unique } from './helpers';

test('an author imports the demo course and watches the progress bar finish', async ({ page }) => {
  // A checkout without ../shared skips this test and says so, rather than failing.
  test.skip(noDemoCourse !== null, noDemoCourse ?? '');
  const archive = demoCourseArchive();

  const username = unique('importer');
  createStaffUser(username);
  await signIn(page, username);

  await page.getByRole('link', { name: 'Import a course' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a course');
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText('Choose a course export to import.')).toBeVisible();

  await page.getByLabel('Course export (.tar.gz)').setInputFiles(archive);
  // As a new run of its own, so the export's key stays free.
  const run = unique('Run');
  await page.getByLabel('New course run key (optional)').fill(`course-v1:OpenedX+DemoX+${run}`);
  await page.getByRole('button', { name: 'Import demo.tar.gz' }).click();
  const progress = page.getByTestId('import-progress');
  await expect(progress.locator('progress')).toBeVisible();
  await expect(progress.locator('progress')).toHaveAttribute('value', '100', { timeout: 30_000 });
  await expect(progress).toContainText('Imported');
  await expect(page.getByRole('status').filter({ hasText: 'Imported' }).first()).toBeVisible();

  await page.getByTestId('imported-course-link').click();
  await expect(page).toHaveURL(new RegExp(`/authoring/course/course-v1(:|%3A)OpenedX(\\+|%2B)DemoX(\\+|%2B)${run}`));
  await expect(page.getByTestId('outline-section')).toHaveCount(6);
});
