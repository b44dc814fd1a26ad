import { Client } from 'pg';
import { arrayLiteral } from './postgres-batch-writes';

const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('arrayLiteral in PostgreSQL', () => {
  const client = new Client({ connectionString });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('reads back as the same text and numbers, as the arrays pg sends itself', async () => {
    const texts = ['plain', '', 'a,b', '{x}', 'say "hi"', 'back\\slash', 'NULL', ' spaced ', 'ü€😀', '\\"', 'tab\tnew\nline', null];
    const numbers = [0n, -7n, 10n ** 40n, 123456789012345678901234567890n];
    const { rows } = await client.query<{ t: (string | null)[]; n: string[]; pt: (string | null)[] }>(
      'SELECT $1::text[] AS t, $2::numeric[]::text[] AS n, $3::text[] AS pt',
      [arrayLiteral(texts, (t) => t), arrayLiteral(numbers, (n) => n), texts],
    );
    expect(rows[0].t).toEqual(texts);
    expect(rows[0].pt).toEqual(texts);
    expect(rows[0].n).toEqual(numbers.map(String));
  });
});
