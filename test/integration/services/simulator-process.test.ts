// The "done means": a separate program writing the Cyton protocol into a pty is received sample for
// sample, with every loss accounted for. `clisonix simulate` runs as its own process (node bin/clisonix.mjs),
// dropping packets and adding line noise on purpose; the services on this side must report exactly what it did.
import { describe, expect, it } from 'vitest';
import { cytonCountsFromMicrovolts } from '../../../src/engine/protocols/cyton-encoder';
import { cytonMicrovoltsPerCount } from '../../../src/engine/protocols/cyton-format';
import { boardShape } from '../../../src/engine/protocols/simulator/create-simulator';
import { createSignalSource } from '../../../src/engine/protocols/simulator/signal-plan';
import { exitOf, spawnCli } from '../../helpers/cli';
import { sleep, waitFor } from '../devices/recording-sink';
import { startServices } from './service-probe';

const SAMPLES = 1500;
const DROP_EVERY = 97;
const GARBAGE_EVERY = 61;
const SEED = 7;

/** What the simulator's totals line says (src/cli/commands/simulate.ts). */
function parseTotals(stderr: string) {
  const m =
    /Stopped after (\d+) samples: (\d+) packets sent, (\d+) packets dropped \(--drop-every\), (\d+) garbage bytes \(--garbage-every\), (\d+) samples lost while nobody read the port\./.exec(
      stderr,
    );
  if (!m) throw new Error(`no totals line in the simulator's output:\n${stderr}`);
  const [made, sent, dropped, garbage, unread] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { made, sent, dropped, garbage, unread };
}

describe('a separate simulator process', () => {
  it(
    'is received sample for sample; received + reported lost = what it made',
    { timeout: 60_000 },
    async () => {
      const { child, firstLine } = spawnCli([
        'simulate',
        '--board',
        'cyton',
        '--pty',
        '--seed',
        String(SEED),
        '--samples',
        String(SAMPLES),
        '--drop-every',
        String(DROP_EVERY),
        '--garbage-every',
        String(GARBAGE_EVERY),
      ]);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
      // A long silence timeout: the simulator goes quiet after its last sample, and that is not a lost device here.
      const probe = await startServices({ serialTuning: { silenceTimeoutMs: 10_000 } });
      try {
        const portPath = await firstLine;
        await probe.call('source.connect', { kind: 'serial', path: portPath, board: 'cyton' });
        await waitFor(
          'the simulator to send its last sample',
          () => /Sent \d+ samples/.test(stderr),
          30_000,
          () => stderr,
        );
        // Everything written is in the pty; wait until nothing more arrives, then stop both ends.
        let count = -1;
        while (count !== probe.channel(0, 1).length) {
          count = probe.channel(0, 1).length;
          await sleep(300);
        }
        const stats = await probe.call('source.stats', {});
        await probe.call('source.disconnect', {});
        child.kill('SIGINT');
        expect(await exitOf(child)).toBe(0);
        const totals = parseTotals(stderr);

        // The simulator's own account: what it made, and what it dropped and garbled on purpose.
        const dropped = Array.from({ length: SAMPLES }, (_, i) => i).filter(
          (i) => i > 0 && i % DROP_EVERY === 0,
        );
        expect(totals).toMatchObject({ made: SAMPLES, dropped: dropped.length, unread: 0 });
        expect(totals.garbage).toBeGreaterThan(0);

        // Every sample made is either received or reported lost, and the lost ones are exactly the dropped ones.
        expect(stats.samplesReceived + stats.droppedSamples).toBe(totals.made);
        expect(stats.droppedSamples).toBe(totals.dropped);
        expect(stats.gaps).toBe(totals.dropped);
        expect(stats.bytesDiscarded).toBe(totals.garbage);
        expect(probe.consumer.gaps.map((g) => g.gap)).toEqual(
          dropped.map((i) => ({ atSample: i + 1, missingSamples: 1, reason: 'counter-jump' })),
        );

        // Sample for sample: each received value is the simulator's signal through the wire's 24-bit quantisation,
        // at the index the simulator made it (a gap moves the clock on, so indices never shift).
        const { channelCount, sampleRateHz } = boardShape('cyton');
        const signal = createSignalSource({ channelCount, sampleRateHz, seed: SEED, specs: [] }).read(
          0,
          SAMPLES,
        );
        const expected = (c: number, i: number) =>
          Math.fround(
            cytonCountsFromMicrovolts(signal.data[c * SAMPLES + i]!, 24) * cytonMicrovoltsPerCount(24),
          ) + 0;
        for (const c of [0, 4, 7]) {
          const received = probe.channel(c, 1);
          expect(received.map((s) => s.index)).toEqual(
            Array.from({ length: SAMPLES }, (_, i) => i).filter((i) => !dropped.includes(i)),
          );
          expect(received.map((s) => s.value)).toEqual(received.map((s) => expected(c, s.index)));
        }
      } finally {
        if (child.exitCode === null) child.kill('SIGINT');
        await probe.dispose();
      }
    },
  );
});
