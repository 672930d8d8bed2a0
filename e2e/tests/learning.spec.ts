// The learner's journey: a course author publishes a small course through the
// API; a learner registers, finds it in the catalog, enrolls, works through
// the unit (a problem answered wrong, then right) and sees the score on the
// progress page.
import { APIRequestContext, expect, test } from '@playwright/test';
import { encode, ok, password, signedInAuthor, unique } from './helpers';

interface Edited {
  version: string;
  id: string;
}

/**
 * Publishes a course: Week 1 > Lesson 1 (graded Homework) > two units, the
 * first with an HTML text and a numerical problem, the second with text.
 */
async function publishCourse(author: APIRequestContext, name: string): Promise<string> {
  const run = unique('R');
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const course = await ok<{ course_key: string }>(
    await author.post('/api/v1/authoring/courses', {
      data: { org: 'E2E', number: 'LRN1', run, display_name: name, start: yesterday, self_paced: true },
    }),
  );
  const key = course.course_key;
  const outline = await ok<{ version: string; root: { id: string } }>(
    await author.get(`/api/v1/authoring/courses/${encode(key)}/outline`),
  );
  let version = outline.version;

  async function add(parent: string, type: string, display_name: string): Promise<string> {
    const edited = await ok<Edited>(
      await author.post(`/api/v1/authoring/courses/${encode(key)}/blocks`, {
        data: { base_version: version, parent, type, display_name },
      }),
    );
    version = edited.version;
    return edited.id;
  }
  async function patch(block: string, fields: Record<string, unknown>): Promise<void> {
    const edited = await ok<Edited>(
      await author.patch(`/api/v1/authoring/blocks/${encode(block)}`, {
        data: { base_version: version, ...fields },
      }),
    );
    version = edited.version;
  }

  const chapter = await add(outline.root.id, 'chapter', 'Week 1');
  const sequential = await add(chapter, 'sequential', 'Lesson 1');
  await patch(sequential, { graded: true, format: 'Homework' });
  const unit = await add(sequential, 'vertical', 'Numbers');
  const html = await add(unit, 'html', 'Introduction');
  await patch(html, { data: '<p>Welcome! Numbers can be added together.</p>' });
  const problem = await add(unit, 'problem', 'Addition');
  await patch(problem, { markdown: '>>What is 2+2?<<\n\n= 4\n' });
  const second = await add(sequential, 'vertical', 'Wrap-up');
  const closing = await add(second, 'html', 'Summary');
  await patch(closing, { data: '<p>That is all for this week.</p>' });

  await ok(
    await author.post(`/api/v1/authoring/courses/${encode(key)}/publish`, {
      data: { base_version: version },
    }),
  );
  return key;
}

test('a learner finds a course, enrolls, answers a problem and sees the score', async ({
  page,
  baseURL,
}) => {
  const courseName = unique('Counting ');
  const author = await signedInAuthor(baseURL!);
  const courseKey = await publishCourse(author, courseName);
  await author.dispose();

  // The catalog is public.
  await page.goto('/learning/courses');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Course catalog');
  const card = page.getByTestId('catalog-course').filter({ hasText: courseName });
  await expect(card).toContainText('Enrollment open');
  await expect(card).toContainText('Self-paced');
  await card.getByRole('link', { name: courseName }).click();

  // A visitor is asked to sign in; the learner registers instead and comes back.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(courseName);
  await expect(page.getByRole('link', { name: 'Sign in to enroll' })).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  const username = unique('lena');
  await page.getByLabel('Full name').fill(`Lena ${username}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.org`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/about$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(courseName);

  // Not enrolled yet: the courseware says so and points back here.
  await page.goto(`/learning/course/${encode(courseKey)}`);
  await expect(page.getByTestId('not-enrolled')).toBeVisible();
  await page.getByRole('link', { name: 'See the course and enroll' }).click();

  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You are enrolled.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to course' })).toBeFocused();

  // The dashboard lists the course, not started yet.
  await page.goto('/learning/');
  const mine = page.getByTestId('dashboard-course').filter({ hasText: courseName });
  await expect(mine.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
  await mine.getByRole('link', { name: courseName, exact: true }).click();

  // Course home: the outline with the graded subsection.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(courseName);
  const lesson = page.getByTestId('outline-subsection').filter({ hasText: 'Lesson 1' });
  await expect(lesson).toContainText('Homework (graded)');
  await page.getByTestId('resume').click();

  // The unit: its text, the problem, and the subsection's units as tabs.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Numbers');
  await expect(page.getByTestId('unit-html')).toContainText('Numbers can be added together.');
  await expect(page.getByTestId('unit-tab')).toHaveCount(2);
  await expect(page.getByTestId('unit-tab').first()).toHaveAttribute('aria-current', 'page');

  const problem = page.getByTestId('problem');
  const answer = problem.getByLabel('What is 2+2?');
  // An answer capa cannot evaluate is explained and uses no attempt.
  await answer.fill('5 m');
  await problem.getByRole('button', { name: 'Submit' }).click();
  await expect(problem.getByTestId('problem-error')).toBeVisible();
  await expect(problem.getByTestId('problem-meta')).not.toContainText('Score:');

  await answer.fill('5');
  await problem.getByRole('button', { name: 'Submit' }).click();
  await expect(problem.getByTestId('problem-feedback')).toHaveText(/Incorrect/);
  await expect(problem.getByTestId('problem-meta')).toContainText('Score: 0/1 point');
  // The input carries its own status, announced with it.
  const status = problem.getByTestId('input-status');
  await expect(status).toHaveText(/Incorrect/);
  await expect(answer).toHaveAttribute('aria-invalid', 'true');
  await expect(answer).toHaveAttribute('aria-describedby', new RegExp(`${await status.getAttribute('id')}`));

  // A changed answer is no longer marked.
  await answer.fill('4');
  await expect(status).toHaveCount(0);
  await expect(answer).not.toHaveAttribute('aria-invalid', 'true');
  await problem.getByRole('button', { name: 'Submit' }).click();
  await expect(problem.getByTestId('problem-feedback')).toHaveText(/Correct/);
  await expect(problem.getByTestId('problem-feedback')).not.toHaveText(/Incorrect/);
  await expect(problem.getByTestId('problem-meta')).toContainText('Score: 1/1 point');
  await expect(status).toHaveText(/Correct/);

  // Next crosses to the second unit; the first is now marked done.
  await page.getByRole('link', { name: /^Next/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wrap-up');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByTestId('unit-tab').first()).toContainText('completed');

  // Progress: the course grade, the chart with its table, the problem's score.
  await page.getByRole('navigation', { name: 'Course' }).getByRole('link', { name: 'Progress' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Progress');
  await expect(page.getByTestId('course-grade')).toContainText('%');
  await expect(page.getByTestId('grade-chart')).toHaveAttribute('role', 'img');
  await expect(page.getByTestId('grade-chart')).toHaveAttribute('aria-label', /Homework \d+%/);
  await expect(page.getByTestId('grade-table')).toContainText('Homework');
  const scores = page.getByTestId('progress-subsection').filter({ hasText: 'Lesson 1' });
  await expect(scores).toContainText('1/1');

  // Dates: the course has none.
  await page.getByRole('navigation', { name: 'Course' }).getByRole('link', { name: 'Dates' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Important dates');
  await expect(page.getByTestId('dates-empty')).toBeVisible();

  // Unenrolling asks first.
  await page.goto(`/learning/course/${encode(courseKey)}/about`);
  await page.getByRole('button', { name: 'Unenroll' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`Unenroll from ${courseName}?`);
  await dialog.getByRole('button', { name: 'Keep my enrollment' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Unenroll' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Unenroll' }).click();
  await expect(page.getByRole('button', { name: 'Enroll', exact: true })).toBeVisible();
});

test('the dashboard of a new learner points to the catalog', async ({ page, request }) => {
  const username = unique('noor');
  const created = await request.post('/api/v1/auth/register', {
    data: { username, email: `${username}@example.org`, password, name: 'Noor Newcomer' },
  });
  expect(created.status()).toBe(201);
  await page.goto('/learning/');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('dashboard-empty')).toContainText('not enrolled in any course');
  await page.getByTestId('dashboard-empty').getByRole('link', { name: 'Browse the catalog' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Course catalog');
});
