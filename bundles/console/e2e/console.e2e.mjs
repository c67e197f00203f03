// End-to-end test of the operator console in Debian's Chromium (headless, through playwright-core),
// against a real running Siyu node with the retail demo data. Every figure the page shows is checked
// against the REST API's own answer, so a console that draws the wrong numbers fails.
//
//   SIYU_URL=http://localhost:8181 SIYU_PASSWORD=… node e2e/console.e2e.mjs
//
// Environment: SIYU_URL (default http://localhost:8181), SIYU_USER (admin), SIYU_PASSWORD (required),
// SIYU_CONSOLE_URL, SIYU_CHANNEL (the channel account for the mass send, default wecom/demo), CHROMIUM (/usr/bin/chromium),
// SCREENSHOTS (folder for the PNGs, default target/e2e-screenshots).
// Prints one "ok"/"not ok" line per step and "N passed, N failed" at the end; exits 1 on a failure.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';

const BASE = (process.env.SIYU_URL ?? 'http://localhost:8181').replace(/\/$/, '');
const USER = process.env.SIYU_USER ?? 'admin';
const PASSWORD = process.env.SIYU_PASSWORD;
const CHANNEL = process.env.SIYU_CHANNEL ?? 'wecom/demo';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = resolve(process.env.SCREENSHOTS ?? 'target/e2e-screenshots');
// SIYU_CONSOLE_URL: the pages from elsewhere (e.g. `vite preview`) while the API stays at SIYU_URL
const CONSOLE = process.env.SIYU_CONSOLE_URL ?? `${BASE}/siyu/console/`;
const API = `${BASE}/siyu/api/v1`;
// Names made here carry a run mark, so the test can run again against the same node.
const RUN = Date.now().toString(36).slice(-5);
const SEGMENT = `E2E 门店扫码客户 ${RUN}`;
const SEND = `E2E 周末到店礼 ${RUN}`;
const SOP = `E2E 新客跟进 ${RUN}`;
// An entry point of this run, scanned twice in the provider sandbox: the loop funnel and the channel
// page must show those two arrivals under it.
const ENTRY = `E2E 海报 ${RUN}`;
const AUTH = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`, 'utf8').toString('base64');

if (!PASSWORD) {
  console.error('SIYU_PASSWORD is required');
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

async function api(method, path, body) {
  const r = await fetch(`${API}/${path}`, {
    method,
    headers: { Authorization: AUTH, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

let passed = 0;
let failed = 0;
let page;

async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}`);
    console.log(String(e && e.stack ? e.stack : e).split('\n').map((l) => '  # ' + l).join('\n'));
    if (page) await page.screenshot({ path: join(SHOTS, `failed-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => {});
    throw e;
  }
}

const shot = (name) => page.screenshot({ path: join(SHOTS, name), fullPage: true });
const text = async (selector) => (await page.locator(selector).first().innerText()).trim();
const statValue = (testid) => text(`[data-testid="${testid}"] .stat-value`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // As root in a container, and on a closed network: no sandbox, no background calls home.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.setDefaultTimeout(20_000);

  await step('the login page is served in Chinese', async () => {
    await page.goto(CONSOLE);
    await page.getByRole('heading', { name: 'Siyu 私域运营控制台' }).waitFor();
    await shot('01-login.png');
  });

  await step('a wrong password shows the API problem and stays on the login page', async () => {
    await page.fill('input[name=user]', USER);
    await page.fill('input[name=password]', PASSWORD + '-wrong');
    await page.click('button[type=submit]');
    const problem = page.locator('[data-testid=problem]');
    await problem.waitFor();
    const shown = await problem.innerText();
    assert.match(shown, /HTTP 401/);
    assert.match(shown, /valid credentials/);
    await shot('02-login-refused.png');
  });

  await step('logging in shows the dashboard with figures equal to the API', async () => {
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=dashboard]').waitFor();
    assert.equal(await text('[data-testid=user]'), USER);
    const health = await (await fetch(`${API}/health`)).json();
    assert.equal(health.edition, 'retail');
    await page.locator('[data-testid=edition]', { hasText: '零售版' }).waitFor();
    const customers = await api('GET', 'customers?limit=1');
    const figures = await api('GET', 'analytics/customers?days=30');
    await page.waitForFunction(() => {
      const v = document.querySelector('[data-testid="stat-total"] .stat-value');
      return v && v.textContent !== '—';
    });
    assert.equal(Number(await statValue('stat-total')), customers.total);
    assert.ok(customers.total >= 10, `the retail demo has at least 10 customers, the API says ${customers.total}`);
    assert.equal(Number(await statValue('stat-new-period')), figures.newInPeriod);
    assert.equal(Number(await statValue('stat-new-today')), figures.newPerDay.at(-1).count);
    // The figures add up: every indexed customer is in one layer and in one source-channel bucket.
    const layers = figures.layers.reduce((n, l) => n + l.count, 0);
    assert.equal(layers, figures.indexed);
    const sources = figures.sourceChannels.reduce((n, s) => n + s.count, 0) + figures.sourceChannelUnset + figures.sourceChannelOtherValues;
    assert.equal(sources, figures.indexed);
    const reach = await api('GET', 'analytics/reach');
    assert.equal(Number(await statValue('stat-mass-sends')), reach.massSends);
  });

  await step('the dashboard charts draw the API figures', async () => {
    const figures = await api('GET', 'analytics/customers?days=30');
    // SVG renderer: the labels are text nodes in the page.
    const sources = page.locator('[data-testid=chart-sources] svg');
    await sources.waitFor();
    const storeCode = figures.sourceChannels.find((s) => s.key === 'store-code');
    assert.ok(storeCode, 'the retail demo has store-code customers');
    const sourceText = await sources.textContent();
    assert.ok(sourceText.includes('store-code'), `source chart lacks store-code: ${sourceText}`);
    assert.ok(sourceText.includes(String(storeCode.count)), `source chart lacks the count ${storeCode.count}: ${sourceText}`);
    const perDay = await page.locator('[data-testid=chart-new-per-day] svg').textContent();
    const today = figures.newPerDay.at(-1);
    assert.ok(perDay.includes(today.date.slice(5)), `per-day chart lacks today ${today.date}: ${perDay}`);
    if (today.count > 0) assert.ok(perDay.includes(String(today.count)), `per-day chart lacks ${today.count}: ${perDay}`);
    const layerText = await page.locator('[data-testid=chart-layers] svg').textContent();
    for (const l of figures.layers.filter((x) => x.count > 0)) {
      const name = { core: '核心用户', loyal: '忠诚用户', ordinary: '普通用户' }[l.key];
      assert.ok(layerText.includes(`${name}: ${l.count}`), `layer chart lacks "${name}: ${l.count}": ${layerText}`);
    }
    await shot('03-dashboard.png');
  });

  await step('the loop funnel and the relationships gained and lost add up and are drawn as the API has them', async () => {
    const code = await api('POST', 'channel-codes', { name: ENTRY, channel: CHANNEL, staffUserIds: ['zhangsan'] });
    const [type, account] = CHANNEL.split('/');
    for (const who of ['甲', '乙']) {
      const r = await fetch(`${BASE}/siyu/sandbox/${type}/control/scan`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ state: code.state, userid: 'zhangsan', name: `E2E ${who} ${RUN}` }),
      });
      assert.equal(r.status, 200, `sandbox scan on ${account}: ${await r.text()}`);
    }
    // The provider calls back asynchronously: wait until both arrivals are attributed.
    let loop;
    for (let i = 0; i < 60; i++) {
      loop = await api('GET', 'analytics/loop?days=30&by=entryPoint');
      if (loop.rows.find((r) => r.key === ENTRY)?.stages.leads === 2) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const stage of loop.stageNames) {
      const sum = loop.rows.reduce((n, r) => n + r.stages[stage], 0);
      assert.equal(sum, loop.total[stage], `entry points add up to the total at ${stage}`);
    }
    for (let i = 1; i < loop.stageNames.length; i++) {
      assert.ok(loop.total[loop.stageNames[i]] <= loop.total[loop.stageNames[i - 1]], 'each stage is inside the one before');
    }
    const mine = loop.rows.find((r) => r.key === ENTRY);
    assert.ok(mine && mine.stages.leads === 2 && mine.stages.settled === 2, `the two scans are leads of their entry point: ${JSON.stringify(loop.rows)}`);
    await page.click('a[data-nav=dashboard]');
    await page.locator('[data-testid=dashboard] .page-head button').click();
    await page.locator(`[data-testid=loop-table] tr[data-key="${ENTRY}"]`).waitFor();
    const shown = await page.locator(`[data-testid=loop-table] tr[data-key="${ENTRY}"] td`).allInnerTexts();
    assert.deepEqual(shown.slice(1).map(Number), loop.stageNames.map((s) => mine.stages[s]));
    const loopSvg = await page.locator('[data-testid=chart-loop] svg').textContent();
    assert.ok(loopSvg.includes('引流') && loopSvg.includes(String(loop.total.leads)), loopSvg);
    const rel = await api('GET', 'analytics/relationships?days=30');
    assert.equal(rel.perDay.reduce((n, d) => n + d.gained, 0), rel.gained);
    assert.equal(rel.gained - rel.lost, rel.net);
    assert.ok(rel.gained >= 2, 'the scans are relationships gained');
    await page.waitForFunction((n) => document.querySelector('[data-testid="stat-gained"] .stat-value')?.textContent === String(n), rel.gained);
    assert.equal(Number(await statValue('stat-lost')), rel.lost);
    assert.equal(Number(await statValue('stat-net')), rel.net);
    await page.locator('[data-testid=card-loop]').screenshot({ path: join(SHOTS, '03b-loop-funnel.png') });
  });

  await step('the customer search finds a demo customer and opens the 360 view', async () => {
    await page.click('a[data-nav=customers]');
    await page.fill('input[name=q]', '李娜');
    await page.click('form.search button[type=submit]');
    const row = page.locator('[data-testid=customer-table] tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=customer-table] tbody tr').length === 1);
    const found = await api('GET', `customers?q=${encodeURIComponent('李娜')}`);
    assert.equal(found.total, 1);
    await row.getByRole('link', { name: '李娜' }).click();
    await page.locator('[data-testid=customer-360] h1', { hasText: '李娜' }).waitFor();
    const c = await api('GET', `customers/${found.items[0].id}`);
    const identities = await text('[data-testid=identities]');
    assert.ok(identities.includes('13800138002'), identities);
    const attributes = await text('[data-testid=attributes]');
    assert.ok(attributes.includes('store-code'), attributes);
    assert.ok(attributes.includes('渠道来源'), `attribute labels come from the schema: ${attributes}`);
    assert.equal(c.displayName, '李娜');
    await shot('04-customer-360.png');
  });

  await step('a tag is added to and removed from the customer on the 360 view as the API stores it', async () => {
    const id = (await api('GET', `customers?q=${encodeURIComponent('李娜')}`)).items[0].id;
    const before = (await api('GET', `customers/${id}`)).tags.map((x) => x.id);
    const pick = page.locator('[data-testid=tag-pick]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=tag-pick] option').length > 1);
    const option = pick.locator('option').nth(1);
    const tagId = Number(await option.getAttribute('value'));
    const tagLabel = (await option.innerText()).trim();
    await pick.selectOption(String(tagId));
    await page.click('[data-testid=add-tag]');
    const chip = page.locator(`[data-testid=tag-editor] [data-tag="${tagLabel}"]`);
    await chip.waitFor();
    assert.deepEqual((await api('GET', `customers/${id}`)).tags.map((x) => x.id).sort(), [...before, tagId].sort());
    await chip.locator('[data-testid=remove-tag]').click();
    await chip.waitFor({ state: 'detached' });
    assert.deepEqual((await api('GET', `customers/${id}`)).tags.map((x) => x.id).sort(), [...before].sort());
  });

  await step('a merge shows in the 360 view\'s merge history and is undone there as the API records it', async () => {
    const phone = `+86139${String(Date.now()).slice(-8)}`;
    const a = await api('POST', 'customers', { displayName: `E2E 合并甲 ${RUN}`, identities: [{ type: 'phone', value: phone }] });
    const b = await api('POST', 'customers', { displayName: `E2E 合并乙 ${RUN}`, identities: [{ type: 'email', value: `e2e-${RUN}@example.com` }] });
    const merge = await api('POST', `customers/${a.id}/merge`, { customerId: b.id });
    assert.deepEqual([merge.survivorId, merge.mergedId].sort(), [a.id, b.id].sort());
    await page.goto(`${CONSOLE}#/customers/${merge.survivorId}`);
    const row = page.locator(`[data-testid=merges] tr[data-merge="${merge.id}"]`);
    await row.waitFor();
    assert.ok((await row.innerText()).includes(`#${merge.mergedId}`), await row.innerText());
    page.once('dialog', (d) => d.accept());
    await row.locator('[data-testid=undo-merge]').click();
    await page.locator('[data-testid=merge-undone]').waitFor();
    assert.ok((await text('[data-testid=merge-undone]')).includes(`#${merge.mergedId}`));
    const history = await api('GET', `customers/${merge.survivorId}/merges`);
    assert.ok(history.find((m) => m.id === merge.id).undoneAt, JSON.stringify(history));
    const restored = await api('GET', `customers/${merge.mergedId}`);
    assert.equal(restored.id, merge.mergedId, 'the merged-away profile stands on its own again');
    assert.ok(JSON.stringify(restored.identities).includes(merge.mergedId === b.id ? `e2e-${RUN}@example.com` : phone.slice(3)),
      JSON.stringify(restored.identities));
    await row.locator('[data-testid=undo-merge]').waitFor({ state: 'detached' });
    await page.locator('[data-testid=merges]').screenshot({ path: join(SHOTS, '04b-merge-undone.png') });
  });

  let segmentCount;
  await step('the segment builder shows the live count of the API as conditions change', async () => {
    await page.click('a[data-nav=segments]');
    await page.click('[data-testid=add-condition]');
    const row = page.locator('.cond-row').first();
    await row.locator('select[data-field=kind]').selectOption('attribute');
    await row.locator('select[data-field=attribute]').selectOption('sourceChannel');
    await row.locator('select[data-field=operator]').selectOption('EQ');
    await row.locator('input[data-field=value]').fill('store-code');
    const expected = (await api('POST', 'segments/count', { condition: { type: 'attribute', attribute: 'sourceChannel', operator: 'EQ', values: ['store-code'] } })).count;
    assert.ok(expected > 0);
    await page.locator('[data-testid=live-count-value]', { hasText: new RegExp(`^${expected}$`) }).waitFor();
    segmentCount = expected;

    // A second condition, ANDed: the count follows.
    await page.click('[data-testid=add-condition]');
    const second = page.locator('.cond-row').nth(1);
    await second.locator('select[data-field=kind]').selectOption('attribute');
    await second.locator('select[data-field=attribute]').selectOption('gender');
    await second.locator('input[data-field=value]').fill('female');
    const both = (await api('POST', 'segments/count', { condition: { type: 'and', conditions: [
      { type: 'attribute', attribute: 'sourceChannel', operator: 'EQ', values: ['store-code'] },
      { type: 'attribute', attribute: 'gender', operator: 'EQ', values: ['female'] }] } })).count;
    await page.locator('[data-testid=live-count-value]', { hasText: new RegExp(`^${both}$`) }).waitFor();

    // A condition the API refuses: its problem detail, naming the field, is shown.
    await second.locator('select[data-field=operator]').selectOption('BETWEEN');
    await second.locator('input[data-field=value]').fill('female');
    const problem = page.locator('[data-testid=segment-builder] [data-testid=problem]');
    await problem.waitFor();
    assert.match(await problem.innerText(), /HTTP 400/);
    assert.match(await problem.innerText(), /condition/);
    await shot('05-segment-problem.png');
    await second.getByRole('button', { name: '删除' }).click();
    await page.locator('[data-testid=live-count-value]', { hasText: new RegExp(`^${expected}$`) }).waitFor();

    await page.fill('input[data-field=segment-name]', SEGMENT);
    await page.click('[data-testid=segment-builder] button[type=submit]');
    await page.locator('[data-testid=segment-saved]').waitFor();
    const segments = await api('GET', 'segments?counts=true');
    const saved = segments.find((s) => s.name === SEGMENT);
    assert.ok(saved, 'the segment is stored');
    assert.equal(saved.count, expected);
    await page.locator('[data-testid=segment-list] td', { hasText: SEGMENT }).waitFor();
    await shot('06-segment.png');
  });

  await step('a mass send is composed, its plan shown as the API computes it, and accepted', async () => {
    await page.click('a[data-nav=mass-sends]');
    const compose = page.locator('[data-testid=compose]');
    await compose.locator('input[data-field=name]').fill(SEND);
    await compose.locator('select[data-field=segment]').selectOption({ label: SEGMENT });
    await compose.locator('select[data-field=channel]').selectOption(CHANNEL);
    await compose.locator('textarea[data-field=text]').fill('{name}，本周末到店有礼。');
    await compose.locator('[data-testid=personalised-preview] .bubble').first().waitFor();
    const preview = await compose.locator('[data-testid=personalised-preview]').innerText();
    assert.match(preview, /，本周末到店有礼。/);
    assert.ok(!preview.includes('{name}'), preview);
    await compose.locator('button[type=submit]').click();
    await page.waitForFunction(() => /#\/mass-sends\/\d+/.test(location.hash));
    const id = Number((await page.evaluate(() => location.hash)).split('/').pop());
    await page.locator('[data-testid=plan-audience]').waitFor();
    const plan = await api('GET', `mass-sends/${id}/plan`);
    assert.equal(plan.audience, segmentCount);
    assert.equal(Number(await statValue('plan-audience')), plan.audience);
    assert.equal(Number(await statValue('plan-eligible')), plan.eligible);
    assert.equal(Number(await statValue('plan-blocked')), plan.blocked.reduce((n, b) => n + b.count, 0));
    await shot('07-mass-send-plan.png');

    await page.click('[data-testid=accept]');
    await page.locator('[data-testid=progress]').waitFor();
    const send = await api('GET', `mass-sends/${id}`);
    assert.equal(send.state, 'queued');
    const progress = await api('GET', `mass-sends/${id}/progress`);
    const shownTotal = Number(await page.locator('[data-testid=progress] .stat').first().locator('.stat-value').innerText());
    assert.equal(shownTotal, progress.total);
    await shot('08-mass-send-progress.png');
  });

  await step('SOPs and staff tasks are listed as the API has them', async () => {
    await page.click('a[data-nav=sops]');
    await page.locator('[data-testid=sop-list]').waitFor();
    const sops = await api('GET', 'sops');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=sop-list] tbody tr').length === n, sops.length);
    await page.click('a[data-nav=tasks]');
    await page.locator('[data-testid=task-table]').waitFor();
    const tasks = await api('GET', 'tasks?limit=20');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=task-table] tbody tr').length === n, tasks.items.length);
    assert.equal(await page.locator('[data-testid=problem]').count(), 0);
    await shot('09-tasks.png');
  });

  await step('an SOP is built in the editor, a bad field is shown at its step, fixed, revised and activated', async () => {
    await page.click('a[data-nav=sops]');
    await page.click('[data-testid=sop-new]');
    const editor = page.locator('[data-testid=sop-editor]');
    await editor.locator('input[data-field=sop-name]').fill(SOP);
    await editor.locator('select[data-field=trigger-type]').selectOption('event');
    // An event type of this run only, so activating it starts nothing elsewhere in the test.
    await editor.locator('input[data-field=trigger-eventType]').fill(`e2e.sop.${RUN}`);
    const wait = editor.locator('[data-testid=sop-step]').nth(0);
    await wait.locator('select[data-field=step-type]').selectOption('wait');
    await wait.locator('input[data-field=step-id]').fill('settle');
    await wait.locator('input[data-field=duration]').fill('5分钟');
    await editor.locator('[data-testid=add-step]').click();
    const task = editor.locator('[data-testid=sop-step]').nth(1);
    await task.locator('select[data-field=step-type]').selectOption('perform');
    await task.locator('select[data-field=action-type]').selectOption('createTask');
    await task.locator('input[data-field=step-id]').fill('call');
    await task.locator('select[data-field=kind]').selectOption('call');
    await task.locator('input[data-field=title]').fill('回访新客户');
    await task.locator('input[data-field=dueIn]').fill('PT4H');
    await editor.locator('[data-testid=sop-save]').click();
    // The API refuses the duration; its problem is shown at the step it names, and nothing is stored.
    await wait.locator('[data-testid=field-error][data-field="steps[0].duration"]').waitFor();
    assert.match(await editor.locator('[data-testid=problem]').innerText(), /HTTP 400/);
    assert.equal(await task.locator('[data-testid=field-error]').count(), 0);
    assert.ok(!(await api('GET', 'sops')).some((s) => s.name === SOP), 'a refused SOP is not stored');
    await shot('09b-sop-field-error.png');

    await wait.locator('input[data-field=duration]').fill('PT5M');
    await editor.locator('[data-testid=sop-save]').click();
    await page.waitForFunction(() => /#\/sops\/\d+$/.test(location.hash));
    const id = Number((await page.evaluate(() => location.hash)).split('/').pop());
    const saved = await api('GET', `sops/${id}`);
    assert.equal(saved.name, SOP);
    assert.equal(saved.version, 1);
    assert.equal(saved.state, 'draft');
    assert.equal(saved.trigger.type, 'event');
    assert.equal(saved.trigger.eventType, `e2e.sop.${RUN}`);
    assert.deepEqual(saved.steps.map((s) => s.id), ['settle', 'call']);
    assert.equal(saved.steps[0].duration, 'PT5M');
    assert.deepEqual([saved.steps[1].action.type, saved.steps[1].action.kind, saved.steps[1].action.title, saved.steps[1].action.dueIn],
      ['createTask', 'call', '回访新客户', 'PT4H']);

    // Editing saves the next version: the task step moved before the wait.
    await page.click('[data-testid=sop-edit]');
    const revise = page.locator('[data-testid=sop-detail] [data-testid=sop-editor]');
    await revise.locator('[data-testid=sop-step]').nth(1).locator('[data-testid=step-up]').click();
    await revise.locator('[data-testid=sop-save]').click();
    await revise.waitFor({ state: 'detached' });
    const v2 = await api('GET', `sops/${id}`);
    assert.equal(v2.version, 2);
    assert.deepEqual(v2.steps.map((s) => s.id), ['call', 'settle']);
    await page.locator('[data-testid=sop-detail] h2', { hasText: 'v2' }).waitFor();

    await page.click('[data-testid=sop-activate]');
    await page.locator('[data-testid=sop-state]', { hasText: '运行中' }).waitFor();
    assert.equal((await api('GET', `sops/${id}`)).state, 'active');
    await page.locator('[data-testid=sop-instances]').waitFor();
    await shot('09c-sop-active.png');
  });

  await step('the channel figures page draws the WeCom group statistics as the API collected them from the provider', async () => {
    const [type, account] = CHANNEL.split('/');
    const control = async (path, body) => {
      const r = await fetch(`${BASE}/siyu/sandbox/${type}/control/${path}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      assert.equal(r.status, 200, `sandbox ${path}: ${await r.text()}`);
    };
    // A customer group made two days ago in the provider, where three messages were written that day.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const chat = `wrE2E${RUN}`;
    await control('groupchat', { owner: 'zhangsan', chat_id: chat, name: `E2E 群 ${RUN}`, members: [`wmE2Ea${RUN}`, `wmE2Eb${RUN}`], create_time: twoDaysAgo });
    await control('groupchat-message', { chat_id: chat, sender: `wmE2Ea${RUN}`, count: 3, at: twoDaysAgo });
    await api('POST', 'analytics/channel-stats/collect', {});
    const g = await api('GET', `analytics/group-chats?account=${account}&days=30`);
    assert.ok(g.days.length > 0, JSON.stringify(g));
    const last = g.days[g.days.length - 1];
    const messages = g.days.reduce((n, d) => n + d.messages, 0);
    const newChats = g.days.reduce((n, d) => n + d.newChats, 0);
    assert.ok(messages >= 3 && newChats >= 1 && last.chats >= 1, JSON.stringify(g.days));
    await page.click('a[data-nav=channel-stats]');
    await page.locator('[data-testid=chart-group-size]').waitFor();
    await page.locator('[data-testid=chart-group-activity]').waitFor();
    assert.equal(Number(await statValue('stat-chats')), last.chats);
    assert.equal(Number(await statValue('stat-members')), last.members);
    assert.equal(Number(await statValue('stat-new-chats')), newChats);
    assert.equal(Number(await statValue('stat-messages')), messages);
    await page.locator('[data-testid=card-group-chats]').screenshot({ path: join(SHOTS, '07b-group-statistics.png') });
  });

  await step('an edition dashboard draws each widget as the API computes it; an unknown one is a 404 problem', async () => {
    const boards = await api('GET', 'analytics/dashboards');
    assert.deepEqual(boards.map((b) => b.id).sort(), ['layers', 'store-leaderboard']);
    await page.click('a[data-nav=boards]');
    await page.locator('[data-testid=board-select]').selectOption('layers');
    const layers = await api('GET', 'analytics/dashboards/layers?days=30');
    for (const w of layers.widgets) assert.equal(w.problem, undefined, `${w.id}: ${JSON.stringify(w.problem)}`);
    for (const w of layers.widgets.filter((x) => x.type === 'count')) {
      await page.locator(`[data-testid="value-${w.id}"]`, { hasText: new RegExp(`^${w.value}$`) }).waitFor();
    }
    const entry = layers.widgets.find((w) => w.id === 'entry');
    const entrySvg = await page.locator('[data-testid=chart-entry] svg').textContent();
    const top = entry.rows[0];
    assert.ok(entrySvg.includes(top.key || '未填写') && entrySvg.includes(String(top.count)), entrySvg);
    assert.equal(entry.rows.reduce((n, r) => n + r.count, 0), entry.total, 'the entry points add up');
    await page.locator('[data-testid=chart-orders] svg').waitFor();
    await shot('11-edition-dashboard.png');
    await page.locator('[data-testid=widget-entry]').screenshot({ path: join(SHOTS, '11b-breakdown-chart.png') });

    await page.locator('[data-testid=board-select]').selectOption('store-leaderboard');
    const stores = (await api('GET', 'analytics/dashboards/store-leaderboard?days=30')).widgets.find((w) => w.id === 'stores');
    assert.ok(stores.rows.length >= 2, `the demo brand has stores: ${JSON.stringify(stores)}`);
    const storesSvg = page.locator('[data-testid=chart-stores] svg');
    await storesSvg.waitFor();
    const storesText = await storesSvg.textContent();
    for (const r of stores.rows) assert.ok(storesText.includes(r.name), `${r.name} is on the leaderboard: ${storesText}`);
    await shot('12-store-leaderboard.png');

    const r = await fetch(`${API}/analytics/dashboards/no-such-board`, { headers: { Authorization: AUTH } });
    assert.equal(r.status, 404);
    assert.equal((await r.json()).status, 404);
  });

  await step('the channels page shows the account with its outbox and the channel code with its QR code and attribution', async () => {
    await page.click('a[data-nav=channels]');
    const channels = await api('GET', 'channels');
    const demo = channels.find((c) => c.channel === CHANNEL);
    const row = page.locator(`[data-testid=account-table] tr[data-channel="${CHANNEL}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-testid=channel-status]').innerText(), demo.status);
    const codes = await api('GET', 'analytics/channel-codes?days=30');
    const code = codes.codes.find((c) => c.code.name === ENTRY);
    assert.ok(code && code.attributed === 2 && code.loop.leads === 2, JSON.stringify(codes));
    const codeRow = page.locator(`[data-testid=code-table] tr[data-code="${ENTRY}"]`);
    await codeRow.waitFor();
    assert.equal(Number(await codeRow.locator('[data-testid=attributed]').innerText()), code.attributed);
    assert.equal(Number(await codeRow.locator('[data-stage=leads]').innerText()), code.loop.leads);
    if (code.code.qrCodeUrl) assert.equal(await codeRow.locator('[data-testid=qr-link]').getAttribute('href'), code.code.qrCodeUrl);
    await shot('13-channels.png');
  });

  await step('the editions page lists the installed edition with what it declares', async () => {
    await page.click('a[data-nav=editions]');
    const retail = await api('GET', 'editions/retail');
    await page.locator('[data-testid=edition-detail]').waitFor();
    const presets = await text('[data-testid=edition-presets]');
    for (const p of retail.content.segmentPresets) assert.ok(presets.includes(p.name), `${p.name} in ${presets}`);
    const roles = await text('[data-testid=edition-roles]');
    for (const r of retail.content.roles) assert.ok(roles.includes(r.name), `${r.name} in ${roles}`);
    await shot('14-editions.png');
  });

  await step('a report of several modules of one period is exported as one CSV and as a ZIP', async () => {
    await page.click('a[data-nav=reports]');
    await page.locator('input[data-module=loop]').waitFor();
    await page.locator('select[data-field=format]').selectOption('csv');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    await page.locator('[data-testid=exported]').waitFor();
    const body = readFileSync(await csv.path(), 'utf8');
    assert.match(csv.suggestedFilename(), /^siyu-report-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    for (const m of ['new-customers', 'relationships', 'loop']) assert.ok(body.includes(`# ${m}:`), `section ${m} in ${body}`);
    const loop = await api('GET', 'analytics/loop?days=30&by=entryPoint');
    const t = loop.total;
    assert.ok(body.includes(`total,${t.leads},${t.settled},${t.reached},${t.converted},${t.repurchased}`), body);
    await shot('15-reports.png');
    await page.locator('select[data-field=format]').selectOption('zip');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    assert.match(zip.suggestedFilename(), /\.zip$/);
    const bytes = readFileSync(await zip.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
    const bad = await fetch(`${API}/reports/export?modules=nope`, { headers: { Authorization: AUTH } });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).errors[0].field, 'modules');
  });

  await step('English can be switched on, and logging out returns to the login page', async () => {
    await page.click('[data-testid=lang]');
    await page.locator('a[data-nav=dashboard]', { hasText: 'Dashboard' }).waitFor();
    await page.click('a[data-nav=dashboard]');
    await page.locator('[data-testid=card-sources] h2', { hasText: 'Source channels' }).waitFor();
    await shot('10-dashboard-en.png');
    await page.click('[data-testid=logout]');
    await page.getByRole('heading', { name: 'Siyu operator console' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('siyu.console.session')), null);
  });

  await step('no script error happened in the page', async () => {
    assert.deepEqual(consoleErrors, []);
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
  console.log(`screenshots in ${SHOTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}
