// Open response assessment: three learners write a response, each assesses
// the other two and then their own, and all three get the median of their
// peers' grades; a staff member then overrides one grade in the authoring
// app and that learner's progress page changes.
import { APIRequestContext, Browser, expect, Locator, Page, test } from '@playwright/test';
import { csrf, encode, ok, password, signedInAuthor, signIn, unique } from './helpers';

interface Edited {
  version: string;
  id: string;
}

const ORA = `<openassessment text_response="required">
  <title>Favourite tool</title>
  <assessments>
    <assessment name="peer-assessment" must_grade="2" must_be_graded_by="2"/>
    <assessment name="self-assessment"/>
  </assessments>
  <prompts><prompt><description>Describe a tool you use every day.</description></prompt></prompts>
  <rubric>
    <criterion feedback="optional"><name>ideas</name><label>Ideas</label><prompt>How good are the ideas?</prompt>
      <option points="0"><name>poor</name><label>Poor</label><explanation>No ideas.</explanation></option>
      <option points="3"><name>fair</name><label>Fair</label><explanation>Some ideas.</explanation></option>
      <option points="5"><name>good</name><label>Good</label><explanation>Clear ideas.</explanation></option>
    </criterion>
    <criterion><name>form</name><label>Form</label><prompt>Is it well written?</prompt>
      <option points="0"><name>no</name><label>No</label><explanation>Hard to read.</explanation></option>
      <option points="3"><name>yes</name><label>Yes</label><explanation>Easy to read.</explanation></option>
    </criterion>
  </rubric>
</openassessment>`;

/** Publishes Week 1 > Essays (graded Homework) > Write > the assessment; answers the course and unit keys. */
async function publishCourse(author: APIRequestContext): Promise<{ key: string; unit: string }> {
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const course = await ok<{ course_key: string }>(
    await author.post('/api/v1/authoring/courses', {
      data: { org: 'E2E', number: 'ORA1', run: unique('R'), display_name: unique('Essays '), start: yesterday, self_paced: true },
    }),
  );
  const key = course.course_key;
  const outline = await ok<{ version: string; root: { id: string } }>(
    await author.get(`/api/v1/authoring/courses/${encode(key)}/outline`),
  );
  let version = outline.version;
  async function add(parent: string, type: string, display_name: string, fields?: Record<string, unknown>): Promise<string> {
    const made = await ok<Edited>(
      await author.post(`/api/v1/authoring/courses/${encode(key)}/blocks`, {
        data: { base_version: version, parent, type, display_name },
      }),
    );
    version = made.version;
    if (fields) {
      const edited = await ok<Edited>(
        await author.patch(`/api/v1/authoring/blocks/${encode(made.id)}`, { data: { base_version: version, ...fields } }),
      );
      version = edited.version;
    }
    return made.id;
  }
  const chapter = await add(outline.root.id, 'chapter', 'Week 1');
  const sequential = await add(chapter, 'sequential', 'Essays', { graded: true, format: 'Homework' });
  const unit = await add(sequential, 'vertical', 'Write');
  await add(unit, 'openassessment', 'Favourite tool', { data: ORA });
  await ok(await author.post(`/api/v1/authoring/courses/${encode(key)}/publish`, { data: { base_version: version } }));
  return { key, unit };
}

/** A new learner, enrolled, with the assessment's unit open in their own browser context. */
async function learnerAt(
  browser: Browser,
  baseURL: string,
  key: string,
  unit: string,
  name: string,
): Promise<{ page: Page; username: string }> {
  const context = await browser.newContext({ baseURL });
  const username = unique(name);
  const api = context.request;
  await ok(
    await api.post('/api/v1/auth/register', {
      data: { username, email: `${username}@example.org`, password, name: `${name} Tester` },
    }),
  );
  await ok(await api.post('/api/v1/auth/login', { data: { username, password } }));
  expect((await api.post(`/api/v1/courses/${encode(key)}/enrollment`, { data: {}, headers: csrf })).status()).toBe(201);
  const page = await context.newPage();
  await page.goto(`/learning/course/${encode(key)}/unit/${encode(unit)}`);
  await expect(page.getByRole('heading', { name: 'Your response' })).toBeVisible();
  return { page, username };
}

function block(page: Page) {
  return page.getByRole('region', { name: 'Favourite tool' });
}

/** Chooses an option per criterion in the rubric form. */
async function grade(scope: Locator | Page, ideas: string, form: string): Promise<void> {
  const ora = scope;
  await ora.getByRole('group', { name: 'Ideas' }).getByRole('radio', { name: new RegExp(`^${ideas}`) }).check();
  await ora.getByRole('group', { name: 'Form' }).getByRole('radio', { name: new RegExp(`^${form}`) }).check();
}

test('three learners assess each other and themselves; staff override a grade', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const authorName = unique('teacher');
  const author = await signedInAuthor(baseURL!, authorName);
  const { key, unit } = await publishCourse(author);
  await author.dispose();

  const names = ['ann', 'bob', 'cat'];
  const pages: Page[] = [];
  const usernames: string[] = [];
  for (const name of names) {
    const learner = await learnerAt(browser, baseURL!, key, unit, name);
    pages.push(learner.page);
    usernames.push(learner.username);
  }

  // Each writes, saves a draft, and submits after confirming.
  for (const [i, page] of pages.entries()) {
    const ora = block(page);
    await expect(ora).toContainText('Describe a tool you use every day.');
    await ora.getByRole('textbox', { name: 'Your response (required)' }).fill(`Response of ${names[i]}: my pencil.`);
    await ora.getByRole('button', { name: 'Save draft' }).click();
    await expect(ora).toContainText(/Draft saved at/);
    await ora.getByRole('button', { name: 'Submit response' }).click();
    await ora.getByRole('button', { name: 'Yes, submit my response' }).click();
    await expect(ora.getByRole('heading', { name: 'Assess your peers' })).toBeVisible();
  }

  // Everyone grades the other two: ann's response is rated Good/Yes by
  // bob and Fair/No by cat (median: ideas 4, form 2 → 6 of 8); bob's is
  // Poor/No by both (0); cat's Good/Yes by both (8).
  const wanted: Record<string, Record<string, [string, string]>> = {
    ann: { bob: ['Poor', 'No'], cat: ['Good', 'Yes'] },
    bob: { ann: ['Good', 'Yes'], cat: ['Good', 'Yes'] },
    cat: { ann: ['Fair', 'No'], bob: ['Poor', 'No'] },
  };
  for (const [i, page] of pages.entries()) {
    const ora = block(page);
    for (let n = 0; n < 2; n++) {
      await ora.getByRole('button', { name: 'Assess next response' }).click();
      await expect(ora.getByRole('heading', { name: 'Response to assess' })).toBeVisible();
      let whose = '';
      for (const other of names) {
        if (other !== names[i] && (await ora.getByText(`Response of ${other}:`).count()) > 0) {
          whose = other;
        }
      }
      expect(whose, "a peer's response is shown").not.toBe('');
      const [ideas, form] = wanted[names[i]][whose];
      await grade(ora, ideas, form);
      await ora.getByRole('button', { name: 'Submit assessment' }).click();
      await expect(ora.getByRole("status")).toContainText(`You have assessed ${n + 1} of 2 responses.`);
    }
    // Then their own response.
    await expect(ora.getByRole('heading', { name: 'Assess your response' })).toBeVisible();
    await grade(ora, 'Good', 'Yes');
    await ora.getByRole('button', { name: 'Submit self assessment' }).click();
  }

  // Everyone has their grade: the median of their peers' grades.
  const expected: Record<string, string> = { ann: '6 out of 8 points', bob: '0 out of 8 points', cat: '8 out of 8 points' };
  for (const [i, page] of pages.entries()) {
    await page.reload();
    const ora = block(page);
    await expect(ora.getByRole('heading', { name: 'Your grade' })).toBeVisible();
    await expect(ora).toContainText(`Score: ${expected[names[i]]}`);
  }
  const ann = pages[0];
  await ann.goto(`/learning/course/${encode(key)}/progress`);
  const essays = ann.getByTestId('progress-subsection').filter({ hasText: 'Essays' });
  await expect(essays).toContainText('6/8');

  // Staff override ann's grade in the authoring app.
  const staffPage = await browser.newPage({ baseURL });
  await signIn(staffPage, authorName);
  await staffPage.goto(`/authoring/course/${encode(key)}/ora`);
  await staffPage.getByRole('table', { name: 'Open response assessments' }).getByRole('link', { name: 'Favourite tool' }).click();
  await staffPage.getByRole('link', { name: new RegExp(`${usernames[0]}'s submission`) }).click();
  await expect(staffPage.getByRole('heading', { level: 1 })).toContainText("'s response");
  await grade(staffPage, 'Good', 'Yes');
  await staffPage.getByRole('button', { name: 'Override grade' }).click();
  await expect(staffPage.getByText('8 out of 8 points').first()).toBeVisible();

  // Her progress page follows.
  await ann.reload();
  await expect(ann.getByTestId('progress-subsection').filter({ hasText: 'Essays' })).toContainText('8/8');
  await ann.goto(`/learning/course/${encode(key)}/unit/${encode(unit)}`);
  await expect(block(ann)).toContainText('Score: 8 out of 8 points');
});
