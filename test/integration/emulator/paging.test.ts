import assert from 'node:assert/strict';
import type { ModelVersion } from '@azure/arm-machinelearning';
import { armToken, DEMO_WS, mlClient, raw, wsPath } from './helpers';

const NIGHTLY = 'fraud-detector-nightly';

describe('emulator: paging and list filters', () => {
  it('pages 1,000 versions through the SDK byPage() in server pages of 100', async () => {
    const pages: ModelVersion[][] = [];
    for await (const page of mlClient().modelVersions.list(DEMO_WS.resourceGroup, DEMO_WS.workspace, NIGHTLY).byPage()) {
      pages.push(page);
      if (pages.length === 10) break;
    }
    assert.equal(pages.flat().length, 1000);
    assert.ok(pages.every((p) => p.length === 100));
    assert.equal(new Set(pages.flat().map((v) => v.name)).size, 1000, 'no duplicates across pages');
  });

  it('walks all active versions and stops at a last page without nextLink', async () => {
    const token = await armToken();
    let url: string | undefined = `${wsPath()}/models/${NIGHTLY}/versions?api-version=2022-10-01&$top=1000`;
    let total = 0;
    let last: any;
    while (url) {
      const res = await raw('GET', url, { token });
      assert.equal(res.status, 200);
      total += res.body.value.length;
      last = res.body;
      url = res.body.nextLink;
      if (url) {
        assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/subscriptions\//, 'absolute nextLink');
        assert.match(url, /api-version=2022-10-01/);
        assert.match(url, /\$skip=/);
      }
    }
    assert.equal(total, 9900, '10,000 versions minus 100 archived (ActiveOnly is the default)');
    assert.ok(!('nextLink' in last), 'the last page has no nextLink property at all');
  });

  it('orders by createdtime desc by default and asc on request, honours $top', async () => {
    const client = mlClient();
    const newest = await client.modelVersions.list(DEMO_WS.resourceGroup, DEMO_WS.workspace, NIGHTLY, { orderBy: 'createdtime desc', top: 1 }).byPage().next();
    assert.equal(newest.value[0].name, '9999');
    const oldest = await client.modelVersions.list(DEMO_WS.resourceGroup, DEMO_WS.workspace, NIGHTLY, { orderBy: 'createdtime asc', top: 3 }).byPage().next();
    assert.deepEqual(oldest.value.map((v: ModelVersion) => v.name), ['1', '2', '3']);
  });

  it('filters by tags, properties and listViewType', async () => {
    const client = mlClient();
    const collect = async (options: object) => {
      const names: string[] = [];
      for await (const v of client.modelVersions.list(DEMO_WS.resourceGroup, DEMO_WS.workspace, 'fraud-detector', options)) names.push(v.name ?? '');
      return names.sort();
    };
    assert.deepEqual(await collect({}), ['2', '3']);
    assert.deepEqual(await collect({ listViewType: 'All' }), ['1', '2', '3']);
    assert.deepEqual(await collect({ listViewType: 'ArchivedOnly' }), ['1']);
    assert.deepEqual(await collect({ tags: 'candidate' }), ['3']);
    assert.deepEqual(await collect({ tags: 'owner=risk-team,framework=sklearn', listViewType: 'All' }), ['1', '2', '3']);
    assert.deepEqual(await collect({ properties: 'auc=0.93' }), ['2']);
    const containers: string[] = [];
    for await (const c of client.modelContainers.list(DEMO_WS.resourceGroup, DEMO_WS.workspace, { listViewType: 'ArchivedOnly' })) containers.push(c.name ?? '');
    assert.deepEqual(containers, ['legacy-scorer']);
  });

  it('rejects a continuation token used with a different query', async () => {
    const token = await armToken();
    const first = await raw('GET', `${wsPath()}/models/${NIGHTLY}/versions?api-version=2022-10-01&$top=5`, { token });
    const skip = new URL(first.body.nextLink).searchParams.get('$skip') ?? '';
    const res = await raw('GET', `${wsPath()}/models/${NIGHTLY}/versions?api-version=2022-10-01&$top=5&tags=build&$skip=${encodeURIComponent(skip)}`, { token });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'UserError');
  });

  it('lists datastores with the count/orderByAsc/isDefault query 2.1.1 sends', async () => {
    const defaults: string[] = [];
    for await (const ds of mlClient().datastores.list(DEMO_WS.resourceGroup, DEMO_WS.workspace, { isDefault: true })) defaults.push(ds.name ?? '');
    assert.deepEqual(defaults, ['workspaceblobstore']);
  });
});
