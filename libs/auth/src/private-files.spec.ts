import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securePrivateDataDir } from './private-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('securePrivateDataDir', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'private-files-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the dir 0700 and tightens wider dirs and files, saying what it changed', () => {
    const dir = join(root, 'data');
    expect(securePrivateDataDir(dir)).toEqual([]);
    expect(modeOf(dir)).toBe(0o700);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'events.sqlite'), '', { mode: 0o644 });
    writeFileSync(join(dir, 'events.sqlite-wal'), '');
    chmodSync(join(dir, 'events.sqlite-wal'), 0o666);
    writeFileSync(join(dir, 'signing.key'), '', { mode: 0o400 });
    mkdirSync(join(dir, 'merkle'), { mode: 0o755 });
    const changed = securePrivateDataDir(dir).map((t) => [t.path.slice(dir.length), t.from.toString(8), t.to.toString(8)]);
    expect(changed).toEqual(
      expect.arrayContaining([
        ['', '755', '700'],
        ['/events.sqlite', '644', '600'],
        ['/events.sqlite-wal', '666', '600'],
        ['/merkle', '755', '700'],
      ]),
    );
    expect(changed).toHaveLength(4);
    expect([modeOf(dir), modeOf(join(dir, 'events.sqlite')), modeOf(join(dir, 'signing.key'))]).toEqual([0o700, 0o600, 0o400]);
  });

  it('follows no symbolic link and leaves a shared sticky dir (such as /tmp) alone', () => {
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, '', { mode: 0o644 });
    const dir = join(root, 'data');
    mkdirSync(dir, { mode: 0o700 });
    symlinkSync(outside, join(dir, 'link'));
    securePrivateDataDir(dir);
    expect(modeOf(outside)).toBe(0o644);
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(securePrivateDataDir(shared)).toEqual([]);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
  });
});
