// /api/ask picks an intent by keywords; the same question always gets the same one.
import { describe, expect, it } from 'vitest';
import { intentOf } from '../../../src/cloud/ask';

describe('intentOf', () => {
  it.each([
    ['Hello, Clisonix!', 'greeting'],
    ['hi', 'greeting'],
    ['How many recordings do I have?', 'recording_count'],
    ['number of uploads', 'recording_count'],
    ['What is my latest recording?', 'latest_recording'],
    ['show my most recent upload', 'latest_recording'],
    ['Which streams are live?', 'streams'],
    ['ALBA status', 'streams'],
    ['How is my signal quality?', 'analyses'],
    ['what was my alpha peak', 'analyses'],
    ['who am I', 'account'],
    ['recordings', 'recording_count'],
    ["' OR 1=1 --", 'help'],
    ['', 'help'],
  ])('%s -> %s', (question, intent) => {
    expect(intentOf(question)).toBe(intent);
  });
});
