// The learner's journey through a real course: staff import the Open edX
// demo course and publish it with its "Conclusion" section held back until
// next year; a learner registers, enrolls, answers a graded problem wrong
// and then right and finds the score on the progress page. The unreleased
// section is hidden from the learner and shown, marked, to course staff.
import * as fs from 'fs';
import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { demoCourseArchive, encode, noDemoCourse, ok, password, signedInAuthor, unique } from './helpers';

interface OutlineNode {
  id: string;
  display_name: string;
  children: OutlineNode[];
}

/** Imports the demo course under a new key, holds "Conclusion" back a year, publishes. */
async function importDemoCourse(author: APIRequestContext): Promise<string> {
  const courseKey = `course-v1:OpenedX+DemoX+${unique('E2E')}`;
  const archive = demoCourseArchive();
  let job = await ok<{ id: string; status: string; error?: string }>(
    await author.post('/api/v1/authoring/import', {
      multipart: {
        file: { name: 'demo.tar.gz', mimeType: 'application/gzip', buffer: fs.readFileSync(archive) },
        course_key: courseKey,
      },
    }),
  );
  await expect
    .poll(
      async () => {
        job = await ok(await author.get(`/api/v1/jobs/${job.id}`));
        return job.status;
      },
      { timeout: 30_000 },
    )
    .toMatch(/succeeded|failed|cancelled/);
  expect(job.status, job.error).toBe('succeeded');

  const outline = await ok<{ version: string; root: OutlineNode }>(
    await author.get(`/api/v1/authoring/courses/${encode(courseKey)}/outline`),
  );
  const conclusion = outline.root.children.find((c) => c.display_name === 'Conclusion');
  expect(conclusion, 'the demo course has a Conclusion section').toBeTruthy();
  const nextYear = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
  const edited = await ok<{ version: string }>(
    await author.patch(`/api/v1/authoring/blocks/${encode(conclusion!.id)}`, {
      data: { base_version: outline.version, start: nextYear },
    }),
  );
  await ok(
    await author.post(`/api/v1/authoring/courses/${encode(courseKey)}/publish`, {
      data: { base_version: edited.version },
    }),
  );
  return courseKey;
}

/** The section names of the course home's outline, in order. */
async function sectionNames(page: Page): Promise<string[]> {
  const names = page.getByTestId('outline-section').locator('.outline-section-name');
  await expect(names.first()).toBeVisible();
  return names.allTextContents();
}

test('a learner works through the imported demo course; unreleased content is for staff only', async ({
  page,
  browser,
  baseURL,
}) => {
  // The demo course lives beside the repository in ../shared (never copied
  // in, for its licence); a checkout without it skips this test and says so.
  test.skip(noDemoCourse !== null, noDemoCourse ?? '');
  const staffName = unique('demostaff');
  const author = await signedInAuthor(baseURL!, staffName);
  const courseKey = await importDemoCourse(author);
  await author.dispose();

  // A new learner registers and enrolls from the about page.
  const username = unique('dara');
  await page.goto('/learning/register');
  await page.getByLabel('Full name').fill(`Dara ${username}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.org`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learning dashboard');
  await page.goto(`/learning/course/${encode(courseKey)}/about`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open edX Demo Course');
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await page.getByRole('link', { name: 'Go to course' }).click();

  // The course home shows five of the six sections: Conclusion starts next year.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open edX Demo Course');
  const learnerSections = await sectionNames(page);
  expect(learnerSections).toHaveLength(5);
  expect(learnerSections).not.toContain('Conclusion');
  await expect(page.getByText('Staff only')).toHaveCount(0);

  // To the graded "Basic Assessment Tools" subsection, then its multiple-choice unit.
  const module3 = page.getByTestId('outline-section').filter({ hasText: 'Module 3: Ace the Assessments!' });
  await module3.getByRole('button').first().click();
  const basic = module3.getByTestId('outline-subsection').filter({ hasText: 'Basic Assessment Tools' });
  await expect(basic).toContainText('Basic Assessment Tools (graded)');
  await basic.getByRole('link').click();
  await page.getByTestId('unit-tab').filter({ hasText: 'Single-Select Multiple Choice Problems' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Single-Select Multiple Choice Problems');

  const problem = page.getByTestId('problem').filter({ hasText: 'Basic Multiple Choice' });
  await problem.getByLabel('Tiger').check();
  await problem.getByRole('button', { name: 'Submit' }).click();
  await expect(problem.getByTestId('problem-feedback')).toHaveText(/Incorrect/);
  await expect(problem.getByTestId('problem-meta')).toContainText('Score: 0/1 point');

  await problem.getByLabel('Lion').check();
  await problem.getByRole('button', { name: 'Submit' }).click();
  await expect(problem.getByTestId('problem-feedback')).toHaveText(/Correct/);
  await expect(problem.getByTestId('problem-feedback')).not.toHaveText(/Incorrect/);
  await expect(problem.getByTestId('problem-meta')).toContainText('Score: 1/1 point');

  // The progress page counts it under its assignment type.
  await page.getByRole('navigation', { name: 'Course' }).getByRole('link', { name: 'Progress' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Progress');
  await expect(page.getByTestId('grade-table')).toContainText('Basic Assessment Tools');
  const scores = page.getByTestId('progress-subsection').filter({ hasText: 'Basic Assessment Tools' });
  await expect(scores).toContainText('1/1');
  await expect(page.getByTestId('grade-chart')).toHaveAttribute('aria-label', /Basic Assessment Tools [1-9]\d*%/);

  // Course staff see the whole course, the held-back section marked as theirs.
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await staffPage.goto('/learning/signin');
  await staffPage.getByLabel('Username or email').fill(staffName);
  await staffPage.getByLabel('Password').fill(password);
  await staffPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(staffPage.getByRole('heading', { level: 1 })).toHaveText('Learning dashboard');
  await staffPage.goto(`/learning/course/${encode(courseKey)}`);
  await expect(staffPage.getByRole('heading', { level: 1 })).toHaveText('Open edX Demo Course');
  expect(await sectionNames(staffPage)).toHaveLength(6);
  const held = staffPage.getByTestId('outline-section').filter({ hasText: 'Conclusion' });
  await expect(held).toContainText('Staff only');
  await staffContext.close();
});
