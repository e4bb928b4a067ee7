// The PostgreSQL test suite never skips: without the server binaries it fails, naming the Debian package.
import { describe, expect, it } from 'vitest';
import { PostgresMissingError, findPostgresBin } from '../../helpers/postgres';

describe('findPostgresBin', () => {
  it('finds the Debian binaries on this machine', () => {
    expect(findPostgresBin()).toMatch(/^\/usr\/lib\/postgresql\/\d+\/bin$/);
  });

  it('fails with the package to install when they are missing', () => {
    expect(() => findPostgresBin('/nonexistent/postgresql')).toThrow(PostgresMissingError);
    expect(() => findPostgresBin('/nonexistent/postgresql')).toThrow(/apt-get install -y postgresql/);
  });
});
