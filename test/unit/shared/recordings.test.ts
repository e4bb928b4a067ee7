import { describe, expect, it } from 'vitest';
import {
  describeChannels,
  recordingSummaryJson,
  type RecordingSummary,
} from '../../../src/shared/recordings';
import { asRecordingId } from '../../../src/shared/units';

const summary: RecordingSummary = {
  id: asRecordingId('0b5c2f9e-1111-4222-8333-944455556666'),
  label: 'Sleep lab, night 2',
  board: null,
  channelCount: 8,
  sampleRateHz: 512,
  sampleRatesHz: [512, 256],
  durationS: 3600.5,
  status: 'interrupted',
  syncState: 'local',
  subjectCode: 'S-9',
  technician: null,
  startedAt: Date.UTC(2024, 4, 1, 22, 0, 0),
  endedAt: Date.UTC(2024, 4, 1, 23, 0, 0, 500),
  stopReason: 'Clisonix stopped while recording',
  trashedAt: null,
};

describe('what the list shows of a recording', () => {
  it('says the channels and every rate honestly', () => {
    expect(describeChannels(summary)).toBe('8 ch @ 512/256 Hz');
    expect(describeChannels({ channelCount: 1, sampleRatesHz: [128] })).toBe('1 ch @ 128 Hz');
    expect(describeChannels({ channelCount: 3, sampleRatesHz: [0.5] })).toBe('3 ch @ 0.5 Hz');
  });

  it('gives the CLI JSON shape of docs/design/CLI.md, with the rates added', () => {
    expect(recordingSummaryJson(summary)).toEqual({
      id: '0b5c2f9e-1111-4222-8333-944455556666',
      label: 'Sleep lab, night 2',
      board: null,
      channels: 8,
      sample_rate: 512,
      sample_rates: [512, 256],
      duration_s: 3600.5,
      status: 'interrupted',
      sync_state: 'local',
      subject_code: 'S-9',
      technician: null,
      started_at: '2024-05-01T22:00:00.000Z',
      ended_at: '2024-05-01T23:00:00.500Z',
      stop_reason: 'Clisonix stopped while recording',
    });
  });
});
