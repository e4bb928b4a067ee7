// A recording process to be killed: opens the store at FILE (recovering what a previous kill left), records the
// synthetic headset through the real RecordingWriter at real-time pace, and prints, synchronously on stdout:
//   ready <recordingId> <commitIntervalMs>
//   h <samples handed to the writer so far>        (after every append)
//   c <committed samples> <commit ms> <ms since the previous commit>
// until it is killed (or, after 20 s, finishes cleanly).
import { writeSync } from 'node:fs';
import { createSyntheticSource, defaultSyntheticOptions } from '../../../../src/engine/sources/synthetic';
import { RecordingStore } from '../../../../src/main/storage';

const [file, seedText, channelText, rateText] = process.argv.slice(2);
if (!file || !seedText || !channelText || !rateText)
  throw new Error('usage: record-child.ts FILE SEED CHANNELS RATE');
const sampleRateHz = Number(rateText);
const source = createSyntheticSource(
  defaultSyntheticOptions({ channelCount: Number(channelText), sampleRateHz, seed: Number(seedText) }),
);
const say = (line: string) => writeSync(1, `${line}\n`);

const store = RecordingStore.open(file);
const writer = await store.startRecording({
  label: `kill test seed ${seedText}`,
  channels: source.channelLabels.map((label) => ({ label })),
  sampleRateHz,
  sourceKind: 'synthetic',
});
let lastCommitAt: number | null = null;
writer.on('commit', (s) => {
  say(
    `c ${s.committedSamples} ${s.lastCommitMs.toFixed(1)} ${lastCommitAt === null ? 0 : s.lastCommitAt! - lastCommitAt}`,
  );
  lastCommitAt = s.lastCommitAt;
});
writer.on('error', (e) => say(`e ${e.code} ${e.message}`));
say(`ready ${writer.recordingId} 200`);

const started = performance.now();
let handed = 0;
const pace = setInterval(() => {
  const due = Math.floor(((performance.now() - started) * sampleRateHz) / 1000);
  if (due > handed) {
    writer.append(source.read(handed, due - handed), { transfer: true });
    handed = due;
    say(`h ${handed}`);
  }
  if (performance.now() - started > 20_000) {
    clearInterval(pace);
    void writer.finish().then(() => store.close());
  }
}, 10);
