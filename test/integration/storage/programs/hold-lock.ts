// Another program holding the database's write lock: opens FILE, BEGIN IMMEDIATE, prints "locked", and holds
// the lock until a line arrives on stdin (then commits and exits) or stdin closes.
import Sqlite from 'better-sqlite3';

const file = process.argv[2];
if (!file) throw new Error('usage: hold-lock.ts FILE');
const db = new Sqlite(file);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
const release = () => {
  db.exec('COMMIT');
  db.close();
  process.exit(0);
};
process.stdin.once('data', release);
process.stdin.once('end', release);
