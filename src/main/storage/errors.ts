// Typed storage failures with one sentence a lab technician can act on. They cross the writer worker as plain
// objects (StorageErrorBody) and become StorageErrors again on the main side.

export type StorageErrorCode =
  /** The disk (or the database's size limit) is full. */
  | 'disk_full'
  /** The folder or file cannot be written. */
  | 'read_only'
  /** Another program holds the database's write lock. */
  | 'locked'
  /** Stored bytes fail their check (CRC, SQLite structure). */
  | 'corrupt'
  /** Written by a newer Clisonix: refused, never downgraded. */
  | 'newer_schema'
  /** The file is not a Clisonix recordings database. */
  | 'not_a_store'
  /** Samples arrive faster than the disk takes them; recording stopped rather than buffering without limit. */
  | 'backlog'
  | 'not_found'
  | 'conflict'
  | 'invalid_input'
  /** Any other input/output failure. */
  | 'io';

export interface StorageErrorBody {
  readonly code: StorageErrorCode;
  readonly message: string;
  /** The SQLite or system error code behind it (SQLITE_FULL, EROFS...), for logs. */
  readonly systemCode?: string;
}

export class StorageError extends Error implements StorageErrorBody {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  readonly systemCode?: string;

  constructor(body: StorageErrorBody) {
    super(body.message);
    this.code = body.code;
    if (body.systemCode !== undefined) this.systemCode = body.systemCode;
  }

  toBody(): StorageErrorBody {
    return this.systemCode === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, systemCode: this.systemCode };
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns what better-sqlite3 or node:fs threw into a StorageError. `action` says what was being done
 * ("saving samples of recording X"), `file` which database file.
 */
export function toStorageError(error: unknown, action: string, file: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = errorCode(error) ?? '';
  const detail = errorMessage(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new StorageError({
      code: 'disk_full',
      message: `The disk holding ${file} is full while ${action}; free some space. Everything saved before this moment is kept.`,
      systemCode: code,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new StorageError({
      code: 'read_only',
      message: `Cannot write ${file} while ${action}: the file or its folder is read-only. Choose a writable data folder or fix its permissions.`,
      systemCode: code,
    });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StorageError({
      code: 'locked',
      message: `${file} is locked by another program while ${action}; close the other Clisonix window or command using it and try again.`,
      systemCode: code,
    });
  }
  if (code === 'SQLITE_NOTADB') {
    return new StorageError({
      code: 'not_a_store',
      message: `${file} is not a Clisonix recordings database (not an SQLite file).`,
      systemCode: code,
    });
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new StorageError({
      code: 'corrupt',
      message: `${file} is damaged (${detail}) while ${action}. Keep a copy of the file before trying anything else.`,
      systemCode: code,
    });
  }
  return new StorageError({
    code: 'io',
    message: `Storage failed while ${action} (${file}): ${detail}`,
    ...(code ? { systemCode: code } : {}),
  });
}
