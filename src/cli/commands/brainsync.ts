// `clisonix brainsync --mode relax|focus|sleep|meditate [--from ID|FILE] --seconds S --out WAV`: binaural beats
// (docs/design/ENGINE.md), personalised from a recording's peak alpha frequency when one is given.
import { BRAINSYNC_MODE_LIST, type BrainsyncModeName } from '../../shared/api';
import { BRAINSYNC_MAX_SECONDS_APP } from '../../main/services/schemas/sound';
import { brainsyncReadRange } from '../../main/services/sound';
import { SoundWorkbench } from '../../main/services/sound-workbench';
import { type CliCommand, EXIT, parseCommandArgs, progressReporter, UsageError } from '../command';
import { asUserError, interruptSignal, numberOption, rateOption, writeWavFile } from './sound-output';

const USAGE = `Usage: clisonix brainsync --mode relax|focus|sleep|meditate [--from ID|FILE] --seconds S --out WAV
                         [--carrier HZ] [--rate 44100|48000] [--db PATH] [--json]

Binaural beats: a carrier tone in the left ear and carrier + beat in the right, with 5 s raised-cosine fades.
  sleep     delta, 2 Hz beat          meditate  theta, 6 Hz beat
  relax     alpha, 10 Hz beat         focus     beta, 18 Hz beat
With --from, relax beats at the recording's peak alpha frequency and the other modes scale with it.

  --mode M         one of ${BRAINSYNC_MODE_LIST.join(', ')}
  --seconds S      length (1 to ${BRAINSYNC_MAX_SECONDS_APP} s)
  --out WAV        where to write the audio (16-bit PCM, stereo)
  --from ID|FILE   a stored recording's id, or an EEG file, to personalise the beat
  --carrier HZ     left-ear tone (default 200 Hz)
  --rate R         44100 (default) or 48000 Hz
  --db PATH        the recordings database (default: the one in the data folder)
  --json           print one JSON document describing the result on stdout`;

export const brainsyncCommand: CliCommand = {
  name: 'brainsync',
  summary: 'binaural beats for relax, focus, sleep or meditate, optionally from a recording',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      mode: { type: 'string' },
      from: { type: 'string' },
      seconds: { type: 'string' },
      out: { type: 'string' },
      carrier: { type: 'string' },
      rate: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    const mode = values.mode;
    if (mode === undefined) throw new UsageError(`--mode is required (${BRAINSYNC_MODE_LIST.join(', ')})`);
    if (!(BRAINSYNC_MODE_LIST as readonly string[]).includes(mode)) {
      throw new UsageError(`--mode ${mode} is not one of ${BRAINSYNC_MODE_LIST.join(', ')}`);
    }
    if (values.seconds === undefined) throw new UsageError('--seconds S is required');
    if (values.out === undefined) throw new UsageError('--out WAV is required');
    const seconds = numberOption('seconds', values.seconds, 1, BRAINSYNC_MAX_SECONDS_APP)!;
    const carrierHz = numberOption('carrier', values.carrier, 40, 1500);
    const sampleRateHz = rateOption(values.rate);
    const bench = new SoundWorkbench({
      cwd: io.cwd,
      env: io.env,
      ...(values.db !== undefined && { db: values.db }),
    });
    try {
      const loaded =
        values.from === undefined ? null : await bench.input(values.from, ...brainsyncReadRange());
      const report = progressReporter(io, `Rendering brainsync ${mode}`);
      const { wav, plan } = await bench.brainsync(
        {
          mode: mode as BrainsyncModeName,
          seconds,
          ...(carrierHz !== undefined && { carrierHz }),
          ...(sampleRateHz !== undefined && { sampleRateHz }),
        },
        loaded,
        `Brainsync ${mode}`,
        { signal: interruptSignal(io), onProgress: (f) => report(f, 1) },
      );
      const file = await writeWavFile(io, values.out, wav);
      const personal = plan.personalised;
      if (loaded && !personal.applied && personal.reason) io.stderr.write(`note: ${personal.reason}\n`);
      io.stderr.write(
        `Wrote ${file}: ${plan.durationSeconds} s, ${plan.sampleRateHz} Hz stereo, left ${plan.leftHz} Hz, right ${plan.rightHz.toFixed(3)} Hz, beat ${plan.beatHz.toFixed(3)} Hz${personal.applied ? ` (from peak alpha ${personal.peakAlpha?.hz?.toFixed(2) ?? '?'} Hz)` : ''}.\n`,
      );
      if (values.json) {
        io.stdout.write(
          `${JSON.stringify({
            out: file,
            mode: plan.mode,
            duration_s: plan.durationSeconds,
            sample_rate: plan.sampleRateHz,
            channels: 2,
            frames: plan.frameCount,
            left_hz: plan.leftHz,
            right_hz: plan.rightHz,
            beat_hz: plan.beatHz,
            personalised: personal.applied,
            peak_alpha_hz: personal.peakAlpha?.hz ?? null,
            note: personal.reason,
          })}\n`,
        );
      } else {
        io.stdout.write(`${file}\n`);
      }
      return EXIT.ok;
    } catch (error) {
      throw asUserError(error);
    } finally {
      await bench.close();
    }
  },
};
