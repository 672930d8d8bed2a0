// The course forum: learner A asks a question in the discussions app,
// learner B answers and A's open page shows it without reloading, A marks
// the answer, B reports a post, a moderator finds
// it among the reported posts and closes the thread, and then nobody can
// reply to it. A unit's discussion shows its threads in the courseware.
// Then a post's life: previewed, edited with its history kept, found
// among the author's posts, a response edited, deleted and restored by a
// moderator and cleared off the reported queue, the author's email
// preference turned off.
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


/** Learners Ana and Ben and the moderator Mo, enrolled in the course, each with a signed-in API client. */
async function cast(baseURL: string, author: APIRequestContext, courseKey: string) {
  const [ana, ben, mo] = [unique('ana'), unique('ben'), unique('mo')];
  const clients: Record<string, APIRequestContext> = {};
  for (const name of [ana, ben, mo]) {
    clients[name] = await signedInLearner(baseURL, name);
    await ok(await clients[name].post(`/api/v1/courses/${encode(courseKey)}/enrollment`, { data: {} }));
  }
  const team = await author.post(`/api/v1/authoring/courses/${encode(courseKey)}/team`, {
    data: { user: mo, role: 'discussion_moderator' },
  });
  expect(team.status()).toBe(204);
  return { ana, ben, mo, clients };
}

test('a question is answered, reported and closed by a moderator', async ({ page, browser, baseURL }) => {
  const author = await signedInAuthor(baseURL!);
  const { key: courseKey, unit } = await publishedCourse(author);
  const { ana, ben, mo, clients } = await cast(baseURL!, author, courseKey);

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

test('a post is previewed, edited and found again; a moderator edits, deletes, restores and unflags a response', async ({
  page,
  browser,
  baseURL,
}) => {
  const author = await signedInAuthor(baseURL!);
  const { key: courseKey } = await publishedCourse(author);
  const { ana, ben, mo, clients } = await cast(baseURL!, author, courseKey);

  // Ana turns off email about her followed posts on the discussions home.
  await signInToDiscussions(page, ana);
  const email = page.getByLabel('Email me about new responses to posts I follow');
  await expect(email).toBeChecked();
  await email.uncheck();
  await expect(page.getByTestId('preference-status')).toContainText('will not get email');
  await page.reload();
  await expect(page.getByLabel('Email me about new responses to posts I follow')).not.toBeChecked();

  // She writes a post and previews its Markdown as the server renders it;
  // the course allows anonymous posts, but not anonymous to peers only.
  await page.getByRole('link', { name: 'Forum 101' }).click();
  await page.getByRole('button', { name: 'Add a post' }).click();
  await expect(page.getByLabel('Post anonymously', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Post anonymously to other learners')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Discussion' }).check();
  await page.getByLabel('Title').fill('First title');
  await page.getByLabel('Your post (Markdown)').fill('Some **bold** words');
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByRole('tab', { name: 'Preview' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('preview').locator('strong')).toHaveText('bold');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('First title');
  const threadId = Number(page.url().split('/threads/')[1]);

  // She edits its title; the page says it was edited and keeps the old one.
  const thread = page.getByTestId('thread');
  await thread.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByLabel('Title', { exact: true }).fill('Second title');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Second title');
  await expect(thread.locator('.thread-meta')).toContainText('edited');
  await thread.getByRole('button', { name: 'Edit history' }).click();
  const edit = page.getByTestId('post-edit');
  await expect(edit).toHaveCount(1);
  await expect(edit).toContainText('Previous title: First title');
  await expect(edit).toContainText(`Edited by ${ana}`);

  // "My posts" lists it among those she started and those she took part in.
  await page.getByRole('link', { name: 'All discussions' }).click();
  await page.getByRole('link', { name: 'My posts' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My posts');
  await expect(page.getByRole('tab', { name: 'Started by me' })).toHaveAttribute('aria-selected', 'true');
  const mine = page.getByTestId('activity-list').getByTestId('thread-item');
  await expect(mine).toHaveCount(1);
  await expect(mine.getByRole('link', { name: 'Second title' })).toBeVisible();
  await page.getByRole('tab', { name: 'Took part in' }).click();
  await expect(page.getByRole('tab', { name: 'Took part in' })).toHaveAttribute('aria-selected', 'true');
  await expect(mine).toHaveCount(1);
  await mine.getByRole('link', { name: 'Second title' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Second title');

  // Ben responds; the moderator corrects it (with the reason required of
  // her), deletes it, and restores it.
  const responses = `/api/v1/courses/${encode(courseKey)}/discussion/threads/${threadId}/responses`;
  await ok(await clients[ben].post(responses, { data: { body: 'A reply to moderate' } }));
  const modContext = await browser.newContext();
  const modPage = await modContext.newPage();
  await signInToDiscussions(modPage, mo);
  await modPage.goto(`/discussions/course/${encode(courseKey)}/threads/${threadId}`);
  // Found by its author: while it is edited its text is in a text box.
  const reply = modPage.getByTestId('response').filter({ hasText: ben });
  await expect(reply).toHaveCount(1);
  await reply.getByRole('button', { name: 'Edit', exact: true }).click();
  await reply.getByLabel('Text', { exact: true }).fill('A reply, moderated');
  await reply.getByRole('button', { name: 'Save' }).click();
  await expect(reply.getByText('Say why you are changing')).toBeVisible();
  await reply.getByLabel('Reason for editing (required)').fill('Tidied up');
  await reply.getByRole('button', { name: 'Save' }).click();
  await expect(reply.locator('.post-body')).toHaveText('A reply, moderated');
  await expect(reply.locator('.thread-meta')).toContainText('edited');

  await reply.getByRole('button', { name: 'Delete', exact: true }).click();
  await reply.getByRole('button', { name: 'Yes, delete this response' }).click();
  await expect(reply.getByTestId('deleted-note')).toBeVisible();
  let seen = await ok<{ count: number }>(await clients[ben].get(responses));
  expect(seen.count).toBe(0);
  await reply.getByRole('button', { name: 'Restore' }).click();
  await expect(reply.getByTestId('deleted-note')).toHaveCount(0);
  await expect(reply.getByRole('button', { name: 'Delete', exact: true })).toBeVisible();
  seen = await ok<{ count: number }>(await clients[ben].get(responses));
  expect(seen.count).toBe(1);

  // Ana reports the response; the moderator jumps to it from the queue,
  // then clears the report, which takes it off the queue.
  const [{ id: replyId }] = (await ok<{ results: { id: number }[] }>(await clients[ana].get(responses))).results;
  const flag = await clients[ana].put(`/api/v1/courses/${encode(courseKey)}/discussion/comments/${replyId}/flag`);
  expect(flag.status()).toBe(204);
  await modPage.goto(`/discussions/course/${encode(courseKey)}/reported`);
  const queued = modPage.getByTestId('reported-post');
  await expect(queued).toHaveCount(1);
  await queued.getByRole('link', { name: 'Go to the post' }).click();
  await expect(modPage).toHaveURL(new RegExp(`#post-${replyId}$`));
  await expect(reply).toBeFocused();
  await expect(reply).toContainText('1 report');
  await modPage.goBack();
  await queued.getByRole('button', { name: 'Unflag' }).click();
  await expect(modPage.getByTestId('reported-empty')).toBeVisible();
  const queue = await ok<{ count: number }>(
    await clients[mo].get(`/api/v1/courses/${encode(courseKey)}/discussion/flagged`),
  );
  expect(queue.count).toBe(0);
  await modContext.close();

  for (const client of Object.values(clients)) await client.dispose();
  await author.dispose();
});
