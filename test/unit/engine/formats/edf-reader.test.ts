import { describe, expect, it } from 'vitest';
import { bytesSource, type ByteSource } from '../../../../src/engine/formats/byte-source';
import { openEdf, readEdf, readRecordChunks } from '../../../../src/engine/formats/edf-reader';
import { FormatError } from '../../../../src/engine/formats/format-error';
import { annotationBytesAt, fixture, withField, withSignalField } from './edf-test-bytes';

const generator = fixture('test_generator.edf');
const subsecond = fixture('test_subsecond.edf');
const bdf = fixture('test_generator.bdf');

function rejects(bytes: Uint8Array, message: RegExp): void {
  expect(() => readEdf(bytes)).toThrow(FormatError);
  expect(() => readEdf(bytes)).toThrow(message);
}

describe('EDF reader: structure of the EDFbrowser fixtures', () => {
  it('reads EDF+C header fields, EDF+ subfields and every signal at its own rate', () => {
    const rec = readEdf(generator);
    expect(rec.header).toMatchObject({
      format: 'EDF',
      plus: 'C',
      recordCount: 600,
      recordDurationS: 1,
      signalCount: 12,
    });
    expect(rec.header.patient).toEqual({
      code: 'abcxyz99',
      sex: 'M',
      birthDate: { year: 1969, month: 6, day: 30 },
      name: 'Hans Muller',
      additional: 'patient',
    });
    expect(rec.header.recording).toMatchObject({
      startDate: { year: 2011, month: 4, day: 4 },
      adminCode: 'Dr. X',
      technician: 'Mr. Spotty',
      equipment: 'test generator',
    });
    expect(rec.signals).toHaveLength(11);
    expect(rec.signals[0]).toMatchObject({
      label: 'squarewave',
      transducer: 'trans1',
      prefilter: 'pre1',
      unit: 'uV',
    });
    expect(rec.data.every((d) => d.length === 600 * 200)).toBe(true);
    expect(rec.discontinuities).toEqual([]);
    expect(rec.warnings).toEqual([]);
  });

  it('takes the subsecond start from the first time-keeping TAL and counts annotation onsets from it', () => {
    const rec = readEdf(subsecond);
    expect(rec.header.start).toMatchObject({ year: 2020, month: 1, day: 24, hour: 4, minute: 5, second: 56 });
    expect(rec.header.start?.subsecondS).toBe(0.3945312);
    expect(rec.header.start?.epochMs).toBeCloseTo(Date.UTC(2020, 0, 24, 4, 5, 56) + 394.5312, 6);
    // The file's own TAL says +2.3457031 for the first XLSpike: 2.3457031 - 0.3945312 after the first sample.
    expect(rec.annotations[0]?.text).toBe('XLSpike');
    expect(rec.annotations[0]?.onsetS).toBeCloseTo(2.3457031 - 0.3945312, 9);
    expect(rec.recordOnsetsS[697]).toBeCloseTo(697, 9);
  });

  it('reads BDF+ with five different rates, none resampled', () => {
    const rec = readEdf(bdf);
    expect(rec.header).toMatchObject({ format: 'BDF', plus: 'C', recordCount: 30 });
    expect(rec.signals.map((s) => s.sampleRateHz)).toEqual([1000, 800, 500, 975, 999]);
    expect(rec.data.map((d) => d.length)).toEqual([30000, 24000, 15000, 29250, 29970]);
  });

  it('reads the same samples through a byte source, by record ranges and by signal ranges', async () => {
    const whole = readEdf(bdf);
    const reader = await openEdf(bytesSource(bdf));
    const block = await reader.readRecords(7, 3);
    expect(block.data[1]).toEqual(whole.data[1]!.subarray(7 * 800, 10 * 800));
    expect(await reader.readSignal(3, 12345, 2000)).toEqual(whole.data[3]!.subarray(12345, 14345));
    const chunks = [];
    for await (const chunk of readRecordChunks(reader, 50_000)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.at(-1)).toMatchObject({ doneRecords: 30, totalRecords: 30 });
    const joined = new Float32Array(chunks.flatMap((c) => [...c.data[4]!]));
    expect(joined).toEqual(whole.data[4]);
    await expect(reader.readRecords(29, 2)).rejects.toThrow(/outside the file's 0..30/);
  });
});

describe('EDF reader: truncated, corrupt and lying files are refused with the reason', () => {
  it('truncated data', () => {
    rejects(
      generator.subarray(0, generator.length - 100),
      /file is truncated: the header declares 600 data records/,
    );
  });

  it('truncated inside the header', () => {
    rejects(
      generator.subarray(0, 1000),
      /truncated inside its header: 1000 bytes, the header of 12 signals takes 3328/,
    );
    rejects(generator.subarray(0, 100), /too short for an EDF\/BDF header/);
  });

  it('a record count that does not match the data', () => {
    rejects(withField(generator, 236, 8, '601'), /truncated: the header declares 601 data records/);
    rejects(withField(generator, 236, 8, '599'), /declares 599 data records .* the record count is wrong/);
    rejects(withField(generator, 236, 8, '0'), /declares 0 data records/);
  });

  it('-1 records (never closed) reads what is there and says so', () => {
    const rec = readEdf(withField(generator, 236, 8, '-1'));
    expect(rec.header.recordCount).toBe(600);
    expect(rec.warnings.join()).toMatch(/-1 \(unknown\); 600 complete records/);
  });

  it('physical minimum equal to physical maximum', () => {
    rejects(
      withSignalField(generator, 'physicalMin', 1, '1000'),
      /signal 2 \("ramp"\): physical minimum equals physical maximum \(1000\)/,
    );
  });

  it('digital minimum equal to (or above) digital maximum, or outside 16 bits', () => {
    rejects(
      withSignalField(withSignalField(generator, 'digitalMin', 2, '100'), 'digitalMax', 2, '100'),
      /signal 3 \("pulse"\): digital minimum \(100\) must be below digital maximum \(100\)/,
    );
    rejects(
      withSignalField(generator, 'digitalMax', 0, '40000'),
      /digital range -32768..40000 does not fit 16-bit EDF/,
    );
  });

  it('a label that is not ASCII', () => {
    const bytes = generator.slice();
    bytes[256 + 16 * 2] = 0xe9;
    rejects(bytes, /signal 3 label is not printable ASCII \(byte 0xE9 at position 1\)/);
  });

  it('negative and garbage numbers', () => {
    rejects(
      withSignalField(generator, 'samplesPerRecord', 4, '-200'),
      /signal 5 \("sine 1 Hz"\): samples per data record must be a positive integer, got "-200"/,
    );
    rejects(
      withSignalField(generator, 'physicalMax', 0, '1e3x'),
      /signal 1 \("squarewave"\): physical maximum is not a number: "1e3x"/,
    );
    rejects(
      withSignalField(generator, 'digitalMin', 0, '-32768.5'),
      /digital minimum is not an integer: "-32768.5"/,
    );
    rejects(
      withField(generator, 244, 8, '-1'),
      /data record duration must be a number >= 0 seconds, got "-1"/,
    );
    rejects(withField(generator, 252, 4, 'ab'), /number of signals is not an integer: "ab"/);
    rejects(
      withField(generator, 184, 8, '3000'),
      /header size field says "3000" bytes but 12 signals need 3328/,
    );
  });

  it('zero signals', () => {
    rejects(
      withField(generator.subarray(0, 256), 252, 4, '0'),
      /declares 0 signals; a file needs at least 1/,
    );
  });

  it('not an EDF file at all', () => {
    rejects(withField(generator, 0, 8, '1'), /not an EDF or BDF file: the version field is "1 {7}"/);
  });

  it('a malformed annotation signal', () => {
    const at = annotationBytesAt(generator, 2, 2);
    const noSign = generator.slice();
    noSign[at] = 'x'.charCodeAt(0);
    rejects(noSign, /data record 3, annotation signal 12: the TAL at byte 0 has onset "x2"/);
    const unterminated = generator.slice();
    unterminated.fill(0x41, at + 3, at + 114);
    rejects(
      unterminated,
      /data record 3, annotation signal 12: the TAL at byte 0 is not terminated by 0x14 0x00/,
    );
    const badUtf8 = generator.slice();
    badUtf8.set([0x2b, 0x32, 0x14, 0x14, 0x00, 0x2b, 0x32, 0x14, 0xff, 0x14, 0x00], at);
    rejects(
      badUtf8,
      /data record 3, annotation signal 12: an annotation of the TAL at byte 5 is not valid UTF-8/,
    );
  });

  it('a record without its time-keeping TAL', () => {
    const bytes = generator.slice();
    const at = annotationBytesAt(generator, 4, 2);
    bytes.set([0x2b, 0x34, 0x14, 0x42, 0x14, 0x00], at);
    rejects(
      bytes,
      /data record 5, annotation signal 12: the first TAL is not a time-keeping TAL .*found "B"/,
    );
    const empty = generator.slice();
    empty.fill(0, at, at + 114);
    rejects(empty, /data record 5 has no time-keeping TAL/);
  });

  it('EDF+C whose records jump, and EDF+D whose records overlap', () => {
    const jump = generator.slice();
    jump.set([0x2b, 0x39, 0x14, 0x14, 0x00], annotationBytesAt(generator, 4, 2));
    rejects(jump, /says EDF\+C \(continuous\) but data record 5 starts at 9 s/);
    const overlapping = withField(jump, 192, 44, 'EDF+D');
    overlapping.set([0x2b, 0x38, 0x14, 0x14, 0x00], annotationBytesAt(generator, 5, 2));
    rejects(
      overlapping,
      /data record 6 starts at 8 s, before the previous record ends \(10 s\): records overlap/,
    );
  });

  it('rejects a bad annotation in the last record before handing out any sample', async () => {
    const bytes = generator.slice();
    bytes[annotationBytesAt(generator, 599, 2)] = 0x3f;
    let dataReads = 0;
    const source: ByteSource = {
      size: bytes.length,
      read(offset, length) {
        if (length > 1000) dataReads++;
        return bytes.subarray(offset, offset + length);
      },
    };
    await expect(openEdf(source)).rejects.toThrow(/data record 600, annotation signal 12/);
    // Only the header and the annotation scan ran: the caller never got a reader to import from.
    expect(dataReads).toBeLessThan(5);
  });
});

describe('EDF reader: plain EDF and BDF (no EDF+)', () => {
  it('reads a plain EDF without annotation signal as continuous records', () => {
    const plain = withSignalField(withField(generator, 192, 44, ''), 'label', 11, 'Status');
    const rec = readEdf(plain);
    expect(rec.header.plus).toBeNull();
    expect(rec.signals).toHaveLength(12);
    expect(rec.annotations).toEqual([]);
    expect(rec.recordOnsetsS[599]).toBe(599);
    expect(rec.header.start?.subsecondS).toBe(0);
    expect(rec.data[0]).toEqual(readEdf(generator).data[0]);
  });

  it('reads a Biosemi-style "24BIT" BDF, and EDF+ annotations even when the reserved field forgot to say EDF+', () => {
    const rec = readEdf(withField(bdf, 192, 44, '24BIT'));
    expect(rec.header).toMatchObject({ format: 'BDF', plus: null, reserved: '24BIT' });
    expect(rec.warnings.join()).toMatch(
      /annotation signal but its reserved field does not say EDF\+C\/EDF\+D/,
    );
    const forgot = readEdf(withField(generator, 192, 44, ''));
    expect(forgot.annotations.map((a) => a.text)).toEqual(['Recording starts', 'Recording ends']);
  });
});

describe('EDF reader: tolerated deviations are reported', () => {
  it('reads a Latin-1 patient name and a micro-sign unit with a warning', () => {
    const latin = withField(generator, 8, 80, 'abc M 30-JUN-1969 M\xfcller');
    const micro = withSignalField(latin, 'physicalDimension', 0, '\xb5V');
    const rec = readEdf(micro);
    expect(rec.header.patient?.name).toBe('Müller');
    expect(rec.signals[0]).toMatchObject({ physicalDimension: 'µV', unit: 'uV', unitScale: 1 });
    expect(rec.warnings.join('\n')).toMatch(
      /patient field is not printable ASCII \(byte 0xFC at position 20\); read as Latin-1/,
    );
  });

  it('converts mV and V signals to microvolts, keeps other units, and says so', () => {
    const mv = withSignalField(
      withSignalField(generator, 'physicalDimension', 0, 'mV'),
      'physicalDimension',
      1,
      'degC',
    );
    const plain = readEdf(generator);
    const rec = readEdf(mv);
    expect(rec.signals[0]).toMatchObject({ unit: 'uV', unitScale: 1000, unitConversion: 'mV -> uV (x1000)' });
    expect(rec.signals[1]).toMatchObject({ unit: 'degC', unitScale: 1, unitConversion: null });
    expect(rec.data[0]![10]).toBeCloseTo(plain.data[0]![10]! * 1000, 1);
    expect(rec.data[1]![10]).toBe(plain.data[1]![10]);
  });

  it('reads an unknown start as null instead of refusing the file', () => {
    const rec = readEdf(withField(generator, 168, 8, '31.02.11'));
    expect(rec.header.start).toBeNull();
    expect(rec.warnings.join()).toMatch(/"31.02.11 12.57.02" is not a real date/);
  });
});
