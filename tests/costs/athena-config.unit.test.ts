import { describe, expect, it } from 'vitest';
import { createAthenaClient } from '../../src/modules/aws/clients.ts';
import { loadConfig } from '../../src/platform/config.ts';

const athena = {
  DAIKO_AWS_PROVIDER: 'sdk',
  AWS_REGION: 'ap-northeast-1',
  DAIKO_COST_AGGREGATOR: 'athena',
  DAIKO_ATHENA_DATABASE: 'athenacurcfn_daiko',
  DAIKO_ATHENA_TABLE: 'daiko_cur',
};

describe('Athena configuration', () => {
  it('defaults to DuckDB', () => {
    expect(loadConfig({}).costs).toEqual({ aggregator: 'duckdb', athena: null });
  });

  it('reads the table, workgroup and result location, with defaults for the rest', () => {
    expect(loadConfig(athena).costs).toEqual({
      aggregator: 'athena',
      athena: {
        region: 'ap-northeast-1',
        catalog: 'AwsDataCatalog',
        database: 'athenacurcfn_daiko',
        table: 'daiko_cur',
        workGroup: 'primary',
        outputLocation: undefined,
        timeoutMs: 1_800_000,
      },
    });
    const custom = loadConfig({
      ...athena,
      DAIKO_ATHENA_REGION: 'us-east-1',
      DAIKO_ATHENA_WORKGROUP: 'daiko',
      DAIKO_ATHENA_OUTPUT_LOCATION: 's3://daiko-athena-results/q/',
      DAIKO_ATHENA_TIMEOUT_SECONDS: '90',
    }).costs.athena;
    expect(custom).toMatchObject({
      region: 'us-east-1',
      workGroup: 'daiko',
      outputLocation: 's3://daiko-athena-results/q/',
      timeoutMs: 90_000,
    });
  });

  it('refuses an incomplete or impossible setting', () => {
    expect(() => loadConfig({ ...athena, DAIKO_ATHENA_TABLE: undefined })).toThrow(
      'DAIKO_COST_AGGREGATOR=athena needs DAIKO_ATHENA_DATABASE and DAIKO_ATHENA_TABLE',
    );
    expect(() => loadConfig({ ...athena, DAIKO_AWS_PROVIDER: 'simulated' })).toThrow(
      'DAIKO_COST_AGGREGATOR=athena needs DAIKO_AWS_PROVIDER=sdk',
    );
    expect(() => loadConfig({ ...athena, DAIKO_ATHENA_OUTPUT_LOCATION: 'daiko-athena-results' })).toThrow('DAIKO_ATHENA_OUTPUT_LOCATION');
  });

  it('builds the Athena client in the table’s region, at the endpoint override when there is one', async () => {
    const plain = createAthenaClient({ region: 'ap-northeast-1', provider: 'sdk', endpoint: undefined }, 'us-east-1');
    expect(await plain.config.region()).toBe('us-east-1');
    const emulated = createAthenaClient({ region: 'ap-northeast-1', provider: 'sdk', endpoint: 'http://127.0.0.1:4566' }, 'us-east-1');
    expect(await emulated.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 4566 });
  });
});
