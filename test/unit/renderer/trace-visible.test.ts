import { describe, expect, it } from 'vitest';
import { visibleChannels } from '../../../src/renderer/live/trace-renderer';

describe('channels drawn on the Live page', () => {
  it('leaves out the channels switched off, keeping the order of the others', () => {
    expect(visibleChannels(4)).toEqual([0, 1, 2, 3]);
    expect(visibleChannels(4, [false, true, false, true])).toEqual([0, 2]);
    // A setup shorter than the stream (a source changing under the page) hides nothing it does not name.
    expect(visibleChannels(3, [true])).toEqual([1, 2]);
    expect(visibleChannels(2, [true, true])).toEqual([]);
  });
});
