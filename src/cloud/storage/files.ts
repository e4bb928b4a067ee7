// File content in the database, in chunks of at most 1 MiB keyed by byte offset: every server instance can read
// what another stored, and a resumable upload's parts are already where the finished file lives.
import type { CloudDb } from '../db/connect';

export const CHUNK_BYTES = 1024 * 1024;

/** Stores `bytes` at `offset` in file `fileId`, split into chunks. */
export async function writeFileChunks(
  db: CloudDb,
  fileId: string,
  bytes: Uint8Array,
  offset = 0,
): Promise<void> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    const piece = bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES));
    await db
      .insertInto('file_chunks')
      .values({ file_id: fileId, offset_bytes: offset + at, data: Buffer.from(piece) })
      .execute();
  }
}

/** The whole file; throws when a chunk is missing (the content is never returned with a hole). */
export async function readFileChunks(
  db: CloudDb,
  fileId: string,
  expectedBytes: number,
): Promise<Uint8Array> {
  const out = new Uint8Array(expectedBytes);
  let filled = 0;
  // One chunk list, then the data a page at a time: a large file never sits in the driver's buffers twice.
  const offsets = await db
    .selectFrom('file_chunks')
    .select('offset_bytes')
    .where('file_id', '=', fileId)
    .orderBy('offset_bytes')
    .execute();
  for (const { offset_bytes: offset } of offsets) {
    const chunk = await db
      .selectFrom('file_chunks')
      .select('data')
      .where('file_id', '=', fileId)
      .where('offset_bytes', '=', offset)
      .executeTakeFirstOrThrow();
    if (offset !== filled || offset + chunk.data.length > expectedBytes) {
      throw new Error(`stored file ${fileId} is damaged: chunk at ${offset}, expected ${filled}`);
    }
    out.set(chunk.data, offset);
    filled += chunk.data.length;
  }
  if (filled !== expectedBytes)
    throw new Error(`stored file ${fileId} holds ${filled} of ${expectedBytes} bytes`);
  return out;
}

export async function deleteFileChunks(db: CloudDb, fileId: string): Promise<void> {
  await db.deleteFrom('file_chunks').where('file_id', '=', fileId).execute();
}
