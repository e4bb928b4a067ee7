/** A file that cannot be read as what it claims to be. The message says what is wrong and where. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
}
