// The course forum: learner A asks a question in the discussions app,
// learner B answers and A's open page shows it without reloading, A marks
// the answer, B reports a post, a moderator finds
// it among the reported posts and closes the thread, and then nobody can
// reply to it. A unit's discussion shows its threads in the courseware.
import { APIRequestContext, expect, Page, request as apiRequest, test } from '@playwright/test';
import { csrf, encode, ok, password, signedInAuthor, unique } from './helpers';

/** An API client for a new learner, registered and signed in. */
async function signedInLearner(baseURL: string, username: string): Promise<APIRequestContext> {
  const learner = await apiRequest.newContext({ baseURL, extraHTTPHeaders: csrf });
  await ok(
    await learner.post('/api/v1/auth/register', {
      data: { username, email: `${username}@example.org`, password, name: `Learner ${username}` },
    }),
  );
  await ok(await learner.post('/api/v1/auth/login', { data: { username, password } }));
  return learner;
}

/** A published course whose one unit holds a discussion; answers its key and the unit's. */
async function publishedCourse(author: APIRequestContext): Promise<{ key: string; unit: string }> {
  const course = await ok<{ course_key: string; draft_version: string }>(
    await author.post('/api/v1/authoring/courses', {
      data: {
        org: 'E2E',
        number: 'FORUM',
        run: unique('R'),
        display_name: 'Forum 101',
        start: new Date(Date.now() - 86_400_000).toISOString(),
        self_paced: true,
      },
    }),
  );
  const key = course.course_key;
  const outline = await ok<{ version: string; root: { id: string } }>(
    await author.get(`/api/v1/authoring/courses/${encode(key)}/outline`),
  );
  let version = outline.version;
  async function add(parent: string, type: string, display_name: string): Promise<string> {
    const made = await ok<{ version: string; id: string }>(
      await author.post(`/api/v1/authoring/courses/${encode(key)}/blocks`, {
        data: { base_version: version, parent, type, display_name },
      }),
    );
    version = made.version;
    return made.id;
  }
  const chapter = await add(outline.root.id, 'chapter', 'Week 1');
  const sequential = await add(chapter, 'sequential', 'Lesson 1');
  const unit = await add(sequential, 'vertical', 'Talk');
  await add(unit, 'discussion', 'Week 1 talk');
  await ok(
    await author.post(`/api/v1/authoring/courses/${encode(key)}/publish`, {
      data: { base_version: version },
    }),
  );
  return { key, unit };
}

async function signInToDiscussions(page: Page, username: string): Promise<void> {
  await page.goto('/discussions/signin');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Discussions');
}

test('a question is answered, reported and closed by a moderator', async ({ page, browser, baseURL }) => {
  const author = await signedInAuthor(baseURL!);
  const { key: courseKey, unit } = await publishedCourse(author);
  const [ana, ben, mo] = [unique('ana'), unique('ben'), unique('mo')];
  const clients: Record<string, APIRequestContext> = {};
  for (const name of [ana, ben, mo]) {
    clients[name] = await signedInLearner(baseURL!, name);
    await ok(await clients[name].post(`/api/v1/courses/${encode(courseKey)}/enrollment`, { data: {} }));
  }
  const team = await author.post(`/api/v1/authoring/courses/${encode(courseKey)}/team`, {
    data: { user: mo, role: 'discussion_moderator' },
  });
  expect(team.status()).toBe(204);

  // Ana asks from the discussions app.
  await signInToDiscussions(page, ana);
  await page.getByRole('link', { name: 'Forum 101' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forum 101: discussions');
  await expect(page.getByTestId('threads-empty')).toBeVisible();
  await page.getByRole('button', { name: 'Add a post' }).click();
  await page.getByRole('radio', { name: 'Question' }).check();
  await page.getByLabel('Title').fill('Where do I start?');
  await page.getByLabel('Your post (Markdown)').fill('Is there a *first* step?');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Where do I start?');
  await expect(page.getByTestId('thread').locator('em')).toHaveText('first');
  const threadId = Number(page.url().split('/threads/')[1]);

  // Ben answers; Ana sees the answer and marks it.
  const response = await ok<{ id: number }>(
    await clients[ben].post(
      `/api/v1/courses/${encode(courseKey)}/discussion/threads/${threadId}/responses`,
      { data: { body: 'Open **Week 1**.' } },
    ),
  );
  // Ana's open page shows it without reloading.
  const answer = page.getByTestId('response').filter({ hasText: 'Open Week 1.' });
  await expect(answer).toBeVisible();
  await answer.getByRole('button', { name: 'Mark as answer' }).click();
  await expect(answer).toContainText('Answer');
  await expect(answer.getByRole('button', { name: 'Unmark answer' })).toBeVisible();

  // Ben reports Ana's question; the moderator finds it and closes the thread.
  const flagged = await clients[ben].put(
    `/api/v1/courses/${encode(courseKey)}/discussion/threads/${threadId}/flag`,
  );
  expect(flagged.status()).toBe(204);
  const modContext = await browser.newContext();
  const modPage = await modContext.newPage();
  await signInToDiscussions(modPage, mo);
  await modPage.getByRole('link', { name: 'Forum 101' }).click();
  await modPage.getByRole('link', { name: 'Reported posts' }).click();
  await expect(modPage.getByRole('heading', { level: 1 })).toHaveText('Reported posts');
  const reported = modPage.getByTestId('reported-post');
  await expect(reported).toHaveCount(1);
  await expect(reported).toContainText('1 report');
  await reported.getByRole('link', { name: 'Where do I start?' }).click();
  await modPage.getByLabel('Reason for closing').fill('Answered');
  await modPage.getByRole('button', { name: 'Close thread' }).click();
  await expect(modPage.getByTestId('thread-closed')).toContainText('Answered');
  await expect(modPage.getByLabel('Your response')).toHaveCount(0);
  await modContext.close();

  // Nobody can reply any more.
  await page.reload();
  await expect(page.getByTestId('thread-closed')).toBeVisible();
  await expect(page.getByLabel('Your response')).toHaveCount(0);
  const late = await clients[ben].post(
    `/api/v1/courses/${encode(courseKey)}/discussion/threads/${threadId}/responses`,
    { data: { body: 'One more thing' } },
  );
  expect(late.status()).toBe(409);
  const comment = await clients[ben].post(
    `/api/v1/courses/${encode(courseKey)}/discussion/comments/${response.id}/comments`,
    { data: { body: 'And another' } },
  );
  expect(comment.status()).toBe(409);

  // The unit's inline topic: its threads show in the courseware and link
  // into the discussions app.
  const topics = await ok<{ topics: { id: string; name: string }[] }>(
    await clients[ben].get(`/api/v1/courses/${encode(courseKey)}/discussion/topics`),
  );
  const inline = topics.topics.find((t) => t.name === 'Week 1 talk')!;
  await ok(
    await clients[ben].post(`/api/v1/courses/${encode(courseKey)}/discussion/threads`, {
      data: { topic_id: inline.id, type: 'discussion', title: 'Hello from Ben', body: 'Hi all' },
    }),
  );
  await page.goto(`/learning/course/${encode(courseKey)}/unit/${encode(unit)}`);
  const inUnit = page.getByTestId('topic-thread');
  await expect(inUnit).toHaveCount(1);
  await inUnit.getByRole('link', { name: 'Hello from Ben' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello from Ben');
  for (const client of Object.values(clients)) await client.dispose();
  await author.dispose();
});
