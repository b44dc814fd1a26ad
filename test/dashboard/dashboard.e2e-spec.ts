import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, buildDashboard, launchChromium, startDemoLedger, type DashboardLedger } from './dashboard-harness';
import { FIGURE_NAMES } from '@ledger/figures';

interface Answer {
  knownAt: { position: number | null };
  rows: { group: Record<string, string | null>; measures: Record<string, number | string | null> }[];
}
interface FigureList {
  figures: { name: string; methodology: string[]; measures: { name: string }[] }[];
}
interface Restatements {
  restatements: { position: number; changes: { measure: string }[]; before: { knownAt: { position: number } } }[];
}

/** Reads until `check` passes (the page re-draws asynchronously); the last failure if it never does. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, attempts = 100): Promise<void> {
  let failure: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      check(await read());
      return;
    } catch (error) {
      failure = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw failure;
}

const asText = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value));

describe('dashboard in headless Chromium on the demo history', () => {
  jest.setTimeout(60_000);
  let ledger: DashboardLedger;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    buildDashboard();
    [ledger, browser] = await Promise.all([startDemoLedger(), launchChromium()]);
    await ledger.projected();
    context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ledger?.close();
  });

  /** The headline cards of the open figure, as data-value (the exact API value) by measure. */
  async function headline(measures: string[]): Promise<Record<string, string>> {
    const values: Record<string, string> = {};
    for (const m of measures) values[m] = (await page.getByTestId(`headline-${m}`).getAttribute('data-value')) ?? '<missing>';
    return values;
  }

  async function expectHeadlineToEqual(figure: string, query: string, measures: string[], key = ledger.keys.auditor): Promise<void> {
    const answer = await ledger.api<Answer>(`/v1/figures/${figure}${query}`, key);
    const expected = Object.fromEntries(measures.map((m) => [m, asText(answer.rows[0]?.measures[m])]));
    // A regulator limited to some countries gets no log positions: the page says "as known now" instead.
    const position = answer.knownAt.position === null ? 'as known now' : `log position ${answer.knownAt.position}`;
    await page.getByTestId('answer-position').filter({ hasText: position }).waitFor();
    await eventually(
      () => headline(measures),
      (v) => expect(v).toEqual(expected),
    );
  }

  async function signIn(key: string): Promise<void> {
    await page.goto(ledger.url);
    await page.getByTestId('api-key').fill(key);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('headline').waitFor();
  }

  it('refuses an unknown key at sign-in and serves the page itself without one', async () => {
    const served = await fetch(`${ledger.url}/`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-security-policy')).toContain("default-src 'self'");
    await page.goto(ledger.url);
    await page.getByTestId('api-key').fill('not-a-key-of-this-ledger');
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('sign-in-problem').textContent()).resolves.toMatch(/./);
    expect(await page.getByTestId('headline').count()).toBe(0);
  });

  it('shows every figure with headline numbers equal to the API answers, and the ledger status', async () => {
    await signIn(ledger.keys.auditor);
    const { figures } = await ledger.api<FigureList>('/v1/figures', ledger.keys.auditor);
    expect(figures.map((f) => f.name)).toEqual(FIGURE_NAMES);
    for (const figure of figures) {
      await page.getByTestId(`tab-${figure.name}`).click();
      await page.getByTestId(`figure-${figure.name}`).waitFor();
      await expectHeadlineToEqual(
        figure.name,
        '',
        figure.measures.map((m) => m.name),
      );
      expect(await page.getByTestId('methodology').textContent()).toContain(figure.methodology[0]);
      expect(await page.locator('[data-testid="timeline-chart"] .bar').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('[data-testid="breakdown-chart-country"] .bar').count()).toBeGreaterThanOrEqual(2);
    }
    await page.getByTestId('tab-trainings').click();
    await eventually(
      () => page.getByTestId('verify-status').textContent(),
      (v) => expect(v).toMatch(/✓ [\d,]+ events/),
      200,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-trainings.png'), fullPage: true });
  });

  it('opens the events behind a headline number and a bar, pages through them, and checks an event', async () => {
    await page.getByTestId('tab-trainings').click();
    await page.getByTestId('headline-sessions').click();
    const panel = page.getByTestId('provenance');
    await panel.getByTestId('provenance-event').first().waitFor();
    const firstPage = await panel.getByTestId('provenance-event').count();
    expect(firstPage).toBe(25);
    const firstPosition = await panel.getByTestId('provenance-event').first().locator('td').first().textContent();
    await panel.getByTestId('provenance-next').click();
    await eventually(
      () => panel.getByTestId('provenance-event').first().locator('td').first().textContent(),
      (v) => expect(v).not.toBe(firstPosition),
    );

    await panel.getByTestId('provenance-event').first().click();
    await eventually(
      () => panel.getByTestId('integrity').getAttribute('data-verdict'),
      (v) => expect(v).toBe('intact'),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-provenance.png') });
    await panel.getByRole('button', { name: 'close' }).click();

    const bar = page.locator('[data-testid="timeline-chart"] .bar[data-label="2023"]');
    await bar.locator('rect').click();
    await panel.getByTestId('provenance-event').first().waitFor();
    const contributions = await panel.locator('.contribution').allTextContents();
    expect(contributions.length).toBeGreaterThan(0);
    for (const text of contributions) expect(text.startsWith('2023-')).toBe(true);
    await panel.getByRole('button', { name: 'close' }).click();
  });

  it('filters by country and year, and draws the figure by month', async () => {
    const measures = ['sessions', 'participants', 'countries', 'agencies'];
    await page.getByTestId('filter-country').selectOption('MX');
    await expectHeadlineToEqual('trainings', '?country=MX', measures);
    await page.getByTestId('filter-year').selectOption('2023');
    await expectHeadlineToEqual('trainings', '?year=2023&country=MX', measures);
    await page.getByTestId('filter-country').selectOption('');
    await page.getByTestId('grain').selectOption('month');
    const months = await ledger.api<Answer>('/v1/figures/trainings?groupBy=month&year=2023', ledger.keys.auditor);
    await eventually(
      () =>
        page
          .locator('[data-testid="timeline-chart"] .bar')
          .evaluateAll((bars) => bars.map((b) => [b.getAttribute('data-label'), b.getAttribute('data-value')])),
      (bars) => expect(bars).toEqual(months.rows.map((r) => [r.group.month, asText(r.measures.sessions)])),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-2023-by-month.png'), fullPage: true });
    await page.getByTestId('filter-year').selectOption('');
    await page.getByTestId('grain').selectOption('year');
    await expectHeadlineToEqual('trainings', '', measures);
  });

  it('re-draws the figure as of a business date and as known at an earlier log position, marking restatements', async () => {
    const measures = ['sessions', 'participants', 'countries', 'agencies'];
    await page.getByTestId('as-of').fill('2022-12-31');
    await expectHeadlineToEqual('trainings', '?asOf=2022-12-31', measures);
    const now = await ledger.api<Answer>('/v1/figures/trainings', ledger.keys.auditor);
    expect(await headline(['sessions'])).not.toEqual({ sessions: asText(now.rows[0].measures.sessions) });
    await page.getByTestId('as-of').fill('');

    const { restatements } = await ledger.api<Restatements>('/v1/figures/trainings/restatements', ledger.keys.auditor);
    expect(restatements.length).toBeGreaterThan(0);
    const before = restatements[0].before.knownAt.position;
    await page.getByTestId('known-at').fill(String(before));
    await page.getByTestId('known-at').press('Enter');
    await expectHeadlineToEqual('trainings', `?knownAt=${before}`, measures);
    // Every correction recorded after that position restated the headline: each measure it changed is marked.
    const restated = [...new Set(restatements.flatMap((r) => r.changes.map((c) => c.measure)))];
    expect(restated.length).toBeGreaterThan(0);
    for (const m of restated) await page.getByTestId(`restated-${m}`).waitFor();
    for (const m of measures.filter((m) => !restated.includes(m))) expect(await page.getByTestId(`restated-${m}`).count()).toBe(0);
    // The year of the first correction, drawn by the measure it changed, is marked too.
    await page.getByTestId('chart-measure').selectOption(restatements[0].changes[0].measure);
    await eventually(
      () =>
        page.locator('[data-testid="timeline-chart"] .bar.restated').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-label'))),
      (labels) => expect(labels.length).toBeGreaterThan(0),
    );
    expect(await page.getByTestId('restatement').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-known-at.png'), fullPage: true });
    await page.getByTestId('known-at').fill('');
    await page.getByTestId('known-at').press('Enter');
    await page.getByTestId('chart-measure').selectOption('sessions');
    await expectHeadlineToEqual('trainings', '', measures);
  });

  it('downloads a signed attestation of the headline on screen', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('headline').getByTestId('attest').click()]);
    const file = join(ARTIFACTS, 'attestation-trainings.json');
    await download.saveAs(file);
    const attestation = JSON.parse(readFileSync(file, 'utf8'));
    expect(attestation).toMatchObject({
      version: 1,
      query: { figure: 'trainings' },
      statementSignature: expect.any(String),
      treeHead: { treeSize: expect.any(Number) },
    });
    // The head the attestation was signed at is now the ledger's latest, shown in the status bar.
    const size = (attestation.treeHead.treeSize as number).toLocaleString('en-US');
    await eventually(
      () => page.getByTestId('tree-head').textContent(),
      (text) => expect(text).toContain(`${size} events · root ${attestation.treeHead.rootHash.slice(0, 12)}`),
    );
  });

  it('shows a regulator only its countries', async () => {
    await page.getByTestId('sign-out').click();
    await signIn(ledger.keys.regulatorMx);
    await page.getByTestId('tab-le-requests').click();
    await page.getByTestId('figure-le-requests').waitFor();
    await expectHeadlineToEqual('le-requests', '', ['received', 'answered', 'openAtEnd'], ledger.keys.regulatorMx);
    const all = await ledger.api<Answer>('/v1/figures/le-requests', ledger.keys.auditor);
    expect(await headline(['received'])).not.toEqual({ received: asText(all.rows[0].measures.received) });
    await eventually(
      () =>
        page.locator('[data-testid="breakdown-chart-country"] .bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-label'))),
      (v) => expect(v).toEqual(['MX']),
    );
    await eventually(
      () => page.getByTestId('filter-country').locator('option').allTextContents(),
      (v) => expect(v).toEqual(['all', 'MX']),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-regulator-mx.png'), fullPage: true });
  });

  it('shows the latest verification at once, and "verify now" runs a full verification job it follows', async () => {
    if ((await page.getByTestId('sign-out').count()) > 0) await page.getByTestId('sign-out').click();
    await signIn(ledger.keys.auditor);
    await eventually(
      () => page.getByTestId('verify-status').textContent(),
      (v) => expect(v).toMatch(/✓ [\d,]+ events.*checked \d+ s ago/),
      200,
    );
    await page.getByTestId('verify-now').waitFor();
    type Latest = { fullVerification: { id: string } | null };
    const before = (await ledger.api<Latest>('/v1/audit/verifications/latest', ledger.keys.auditor)).fullVerification?.id;
    await page.getByTestId('verify-now').click();
    await eventually(
      () => ledger.api<Latest>('/v1/audit/verifications/latest', ledger.keys.auditor),
      (latest) => expect(latest.fullVerification?.id).not.toBe(before),
      200,
    );
    await eventually(
      () => page.getByTestId('verify-status').textContent(),
      (v) => expect(v).toMatch(/✓ [\d,]+ events/),
      200,
    );
    await page.getByTestId('verify-now').waitFor();
  });

  it("shows an event altered behind the ledger's back as tampered, and verify reports the mismatch", async () => {
    const page1 = await ledger.api<{ events: { position: number }[] }>('/v1/figures/trainings/provenance?limit=1', ledger.keys.auditor);
    const position = page1.events[0].position;
    const db = new Database(ledger.eventsFile);
    try {
      db.prepare("UPDATE events SET data = json_set(data, '$.participants', 999) WHERE position = ?").run(position);
    } finally {
      db.close();
    }

    await page.getByTestId('sign-out').click();
    await signIn(ledger.keys.auditor);
    await page.getByTestId('headline-sessions').click();
    const panel = page.getByTestId('provenance');
    await panel.getByTestId('provenance-event').first().click();
    await eventually(
      () => panel.getByTestId('integrity').getAttribute('data-verdict'),
      (v) => expect(v).toBe('tampered'),
    );
    expect(await panel.getByTestId('event-detail').textContent()).toContain('✗ recomputed');
    await eventually(
      () => page.getByTestId('verify-status').textContent(),
      (text) => expect(text).toMatch(/✗/),
      200,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-tampered.png') });
  });
});
