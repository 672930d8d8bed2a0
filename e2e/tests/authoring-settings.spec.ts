// A course author sets a course's schedule & details, moves a grade cutoff
// with the keyboard, uploads a file and adds a colleague to the team; every
// change survives a reload.
import { expect, Page, test } from '@playwright/test';
import { createStaffUser, password, signIn, unique } from './helpers';

// A 1×1 transparent PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Creates a course run and answers the path of its outline page. */
async function createCourse(page: Page, name: string): Promise<string> {
  await page.getByLabel('Organization').fill('E2E');
  await page.getByLabel('Course number').fill('SET1');
  await page.getByLabel('Course run').fill(unique('R'));
  await page.getByLabel('Course name').fill(name);
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  return new URL(page.url()).pathname;
}

/** The tab of the course navigation that is the current page. */
function currentTab(page: Page) {
  return page.getByRole('navigation', { name: 'Course' }).locator('a[aria-current="page"]');
}

test('an author edits the settings, files and team of a course', async ({ page, request }) => {
  const author = unique('author');
  createStaffUser(author);
  await signIn(page, author);
  const course = await createCourse(page, 'Settings in the browser');

  // Schedule & details: entered in local time, kept across a reload.
  await page.goto(`${course}/settings/details`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schedule & details');
  await expect(currentTab(page)).toHaveText('Schedule & details');
  await expect(page.getByLabel('Course name')).toHaveValue('Settings in the browser');
  await page.getByLabel('Course start').fill('2030-01-15T09:30');
  await page.getByLabel('Short description').fill('Learn to configure a course.');
  await expect(page.getByTestId('unsaved')).toBeVisible();
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByTestId('save-status')).toHaveText('Schedule & details saved.');
  await expect(page.getByTestId('unsaved')).toBeHidden();
  await page.reload();
  await expect(page.getByLabel('Course start')).toHaveValue('2030-01-15T09:30');
  await expect(page.getByLabel('Short description')).toHaveValue('Learn to configure a course.');

  // An end before the start is refused under the end field.
  await page.getByLabel('Course end').fill('2029-12-01T10:00');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.locator('#details-end-error')).toContainText('after its start');
  await expect(page.getByLabel('Course end')).toHaveAttribute('aria-invalid', 'true');

  // Grading: the Pass cutoff moves with the keyboard.
  await page.goto(`${course}/settings/grading`);
  await expect(currentTab(page)).toHaveText('Grading');
  const pass = page.getByRole('slider', { name: 'Lowest score for Pass' });
  await expect(pass).toHaveAttribute('aria-valuenow', '50');
  await pass.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowLeft');
  await expect(pass).toHaveAttribute('aria-valuenow', '61');
  await expect(pass).toHaveAttribute('aria-valuetext', 'Pass: 61% and above');
  await page.getByRole('button', { name: 'Save grading policy' }).click();
  await expect(page.getByTestId('save-status')).toHaveText('Grading policy saved.');
  await page.reload();
  await expect(page.getByRole('slider', { name: 'Lowest score for Pass' })).toHaveAttribute(
    'aria-valuenow',
    '61',
  );

  // The boundary also follows the mouse.
  const bar = await page.getByTestId('cutoff-bar').boundingBox();
  const handle = await page.getByRole('slider', { name: 'Lowest score for Pass' }).boundingBox();
  if (!bar || !handle) throw new Error('the cutoff bar is not laid out');
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x + bar.width * 0.8, handle.y + handle.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByRole('slider', { name: 'Lowest score for Pass' })).toHaveAttribute(
    'aria-valuenow',
    /^(79|80|81)$/,
  );
  await expect(page.getByTestId('unsaved')).toBeVisible();

  // Weights that do not add up to 100% are refused with the server's reason.
  await page.getByLabel('Weight of total grade (%)').first().fill('10');
  await page.getByRole('button', { name: 'Save grading policy' }).click();
  await expect(page.locator('#graders-error')).toContainText('not 100%');

  // Files: upload a PNG and find its /static/ name.
  await page.goto(`${course}/files`);
  await expect(currentTab(page)).toHaveText('Files');
  await expect(page.getByTestId('files-empty')).toBeVisible();
  await page.getByLabel('Choose files').setInputFiles({
    name: 'e2e-map.png',
    mimeType: 'image/png',
    buffer: png,
  });
  await expect(page.getByTestId('files-status')).toHaveText('Uploaded e2e-map.png.');
  const file = page.getByTestId('file-row').filter({ hasText: 'e2e-map.png' });
  await expect(file).toContainText('PNG image');
  await expect(file.getByTestId('static-reference')).toHaveText('/static/e2e-map.png');
  await expect(file.getByRole('link', { name: /e2e-map\.png/ })).toHaveAttribute(
    'href',
    /\/assets\/.*e2e-map\.png$/,
  );

  // Team: add a registered colleague as staff.
  const colleague = unique('colleague');
  const created = await request.post('/api/v1/auth/register', {
    data: { username: colleague, email: `${colleague}@example.org`, password, name: 'Cole League' },
  });
  expect(created.status()).toBe(201);
  await page.goto(`${course}/team`);
  await expect(currentTab(page)).toHaveText('Course team');
  await expect(page.getByTestId('team-row').filter({ hasText: author })).toContainText('Instructor');
  await page.getByLabel('Username or email').fill(`${colleague}@example.org`);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Staff' });
  await page.getByRole('button', { name: 'Add to the team' }).click();
  await expect(page.getByTestId('team-status')).toContainText(`Added ${colleague}@example.org as staff.`);
  await expect(page.getByTestId('team-row').filter({ hasText: colleague })).toContainText('Staff');

  // Unknown people are refused under the username field.
  await page.getByLabel('Username or email').fill(unique('nobody'));
  await page.getByRole('button', { name: 'Add to the team' }).click();
  await expect(page.locator('#team-user-error')).toBeVisible();

  // The only instructor cannot be removed.
  await page.getByRole('button', { name: `Remove ${author} as instructor` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('remove-error')).toContainText('only instructor');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
