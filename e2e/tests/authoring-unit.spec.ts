// A course author opens a unit from the outline, adds an HTML component and
// a multiple-choice problem written in the simple editor, reorders them with
// the keyboard, publishes the unit and finds it all again after a reload.
import { expect, Page, test } from '@playwright/test';
import { createStaffUser, signIn, unique } from './helpers';

/** The unit page's components, in order. */
function components(page: Page) {
  return page.getByTestId('component');
}

function component(page: Page, name: string) {
  return components(page).filter({ has: page.getByRole('heading', { name, exact: true }) });
}

test('an author builds a unit with text and a problem, reorders and publishes it', async ({ page }) => {
  const username = unique('author');
  createStaffUser(username);
  await signIn(page, username);

  const run = unique('R');
  await page.getByLabel('Organization').fill('E2E');
  await page.getByLabel('Course number').fill('U1');
  await page.getByLabel('Course run').fill(run);
  await page.getByLabel('Course name').fill('Units in the browser');
  await page.getByRole('button', { name: 'Create course' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Units in the browser');

  await page.getByLabel('Section name').fill('Week 1');
  await page.getByRole('button', { name: 'Add section' }).click();
  await page.getByLabel('Subsection name').fill('Lesson 1');
  await page.getByRole('button', { name: 'Add subsection' }).click();
  await page.getByLabel('Unit name').fill('Welcome');
  await page.getByRole('button', { name: 'Add unit' }).click();

  // The unit row links to the unit page.
  await page.getByRole('link', { name: 'Welcome', exact: true }).click();
  await expect(page).toHaveURL(/\/authoring\/course\/.+\/unit\/.+/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome');
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Lesson 1');
  await expect(page.getByTestId('unit-empty')).toHaveText('This unit has no components yet. Add one below.');
  await expect(page.getByTestId('unit-publish-state')).toHaveText('Never published');

  // An HTML component, written in the rich-text editor; its editor opens at once.
  await page.getByRole('button', { name: 'HTML', exact: true }).click();
  const text = component(page, 'Text');
  const content = text.getByRole('textbox', { name: 'Content' });
  await expect(text.getByLabel('Display name')).toBeFocused();
  await content.click();
  await content.fill('Welcome to the course, learners.');
  await text.getByRole('button', { name: 'Save' }).click();
  await expect(text.getByTestId('component-summary')).toHaveText('Welcome to the course, learners.');
  await expect(page.getByTestId('announcement')).toHaveText('Saved "Text".');

  // A multiple-choice problem from its template, rewritten in the simple editor.
  await page.getByRole('button', { name: 'Problem', exact: true }).click();
  await page.getByRole('button', { name: 'Multiple choice' }).click();
  const problem = component(page, 'Multiple Choice');
  const source = problem.getByLabel('Problem (simple editor)');
  await expect(source).toHaveValue(/\(x\)/);
  await source.fill('>>What is 2 + 2?<<\n\n( ) 3\n(x) 4\n( ) 5\n');
  await problem.getByRole('button', { name: 'Save' }).click();
  await expect(problem.getByTestId('component-summary')).toContainText('What is 2 + 2?');
  await expect(components(page)).toHaveCount(2);
  await expect(components(page).first()).toContainText('Text');

  // Move the problem up with the keyboard: Alt+ArrowUp on its handle.
  const handle = page.getByRole('button', { name: 'Reorder Multiple Choice' });
  await handle.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByTestId('announcement')).toHaveText('Moved Multiple Choice to position 1 of 2.');
  await expect(components(page).first()).toContainText('Multiple Choice');
  await expect(components(page).nth(1)).toContainText('Text');
  await expect(page.getByRole('button', { name: 'Reorder Multiple Choice' })).toBeFocused();

  // The Move down button does the same for people who prefer buttons.
  await page.getByRole('button', { name: 'Move Text up' }).click();
  await expect(page.getByTestId('announcement')).toHaveText('Moved Text to position 1 of 2.');
  await expect(components(page).first()).toContainText('Text');
  // The list is drawn again when the move is saved; a key pressed on the
  // handle being replaced is lost, so press again until it lands.
  await expect(async () => {
    await page.getByRole('button', { name: 'Reorder Text' }).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.getByTestId('announcement')).toHaveText('Moved Text to position 2 of 2.', { timeout: 2000 });
  }).toPass();
  await expect(components(page).first()).toContainText('Multiple Choice');

  await page.getByRole('button', { name: 'Publish unit', exact: true }).click();
  await expect(page.getByTestId('unit-publish-state')).toHaveText('Published');
  await expect(page.getByTestId('announcement')).toHaveText('Unit published.');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome');
  await expect(page.getByTestId('unit-publish-state')).toHaveText('Published');
  await expect(components(page)).toHaveCount(2);
  await expect(components(page).first()).toContainText('Multiple Choice');
  await expect(components(page).first().getByTestId('component-summary')).toContainText('What is 2 + 2?');
  await expect(components(page).nth(1)).toContainText('Text');
  await expect(components(page).nth(1).getByTestId('component-summary')).toHaveText(
    'Welcome to the course, learners.',
  );
  for (const item of await components(page).all()) {
    await expect(item).toContainText('Published');
  }

  // The outline shows the unit's new order too, and links back.
  await page.getByRole('link', { name: 'Back to the outline' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Units in the browser');
  const rows = page.getByTestId('outline-row');
  await expect(rows.filter({ hasText: 'Multiple Choice' })).toBeVisible();
});
