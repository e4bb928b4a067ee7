// Helpers for tests that damage EDF files on purpose: fixture bytes and header field surgery.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/edfbrowser');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
}

const WIDTHS = {
  label: 16,
  transducer: 80,
  physicalDimension: 8,
  physicalMin: 8,
  physicalMax: 8,
  digitalMin: 8,
  digitalMax: 8,
  prefilter: 80,
  samplesPerRecord: 8,
  reserved: 32,
} as const;

export type SignalFieldName = keyof typeof WIDTHS;

export function signalCountOf(bytes: Uint8Array): number {
  return Number(String.fromCharCode(...bytes.subarray(252, 256)).trim());
}

/** Byte offset of one signal's field in the header (signal counted from 0). */
export function signalFieldOffset(bytes: Uint8Array, name: SignalFieldName, signal: number): number {
  const ns = signalCountOf(bytes);
  let offset = 256;
  for (const [field, width] of Object.entries(WIDTHS)) {
    if (field === name) return offset + signal * width;
    offset += width * ns;
  }
  throw new Error(name);
}

/** A copy with `text` written space-padded at [offset, offset + width). */
export function withField(bytes: Uint8Array, offset: number, width: number, text: string): Uint8Array {
  const out = bytes.slice();
  out.fill(0x20, offset, offset + width);
  for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  return out;
}

export function withSignalField(bytes: Uint8Array, name: SignalFieldName, signal: number, text: string) {
  return withField(bytes, signalFieldOffset(bytes, name, signal), WIDTHS[name], text);
}

/** Offset of data record `record` and of the annotation signal (the last signal) inside it. */
export function annotationBytesAt(bytes: Uint8Array, record: number, bytesPerSample: number): number {
  const ns = signalCountOf(bytes);
  const header = 256 * (ns + 1);
  const spr = Array.from({ length: ns }, (_, i) =>
    Number(
      String.fromCharCode(
        ...bytes.subarray(
          signalFieldOffset(bytes, 'samplesPerRecord', i),
          signalFieldOffset(bytes, 'samplesPerRecord', i) + 8,
        ),
      ).trim(),
    ),
  );
  const recordBytes = spr.reduce((a, b) => a + b, 0) * bytesPerSample;
  return header + record * recordBytes + spr.slice(0, -1).reduce((a, b) => a + b, 0) * bytesPerSample;
}
