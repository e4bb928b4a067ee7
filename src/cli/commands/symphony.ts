// `clisonix symphony ID|FILE --out WAV [--seconds S]`: the neural symphony of a recording (docs/design/ENGINE.md),
// rendered on the engine thread and written as a 16-bit PCM WAV that carries its parameters.
import { SYMPHONY_MAX_SECONDS } from '../../main/services/schemas/sound';
import { symphonyReadRange } from '../../main/services/sound';
import { SoundWorkbench } from '../../main/services/sound-workbench';
import { type CliCommand, EXIT, parseCommandArgs, progressReporter, UsageError } from '../command';
import { asUserError, interruptSignal, numberOption, rateOption, writeWavFile } from './sound-output';

const USAGE = `Usage: clisonix symphony ID|FILE --out WAV [--seconds S] [--start S] [--speed X] [--rate 44100|48000]
                        [--db PATH] [--json]

The neural symphony of a recording: every 250 ms the relative band powers drive one voice per band (delta to
gamma) on a pentatonic scale; loudness follows the band's share, brightness beta and gamma, the tempo the
peak alpha frequency. The WAV (16-bit PCM, mono) carries the parameters that made it.

  ID|FILE        a stored recording's id (or a unique start of it), or an EEG file (EDF/BDF, OpenBCI text, CSV)
  --out WAV      where to write the audio
  --seconds S    length of the audio (default: the rest of the recording, at most ${SYMPHONY_MAX_SECONDS} s)
  --start S      where in the recording to begin (s, default 0)
  --speed X      seconds of EEG per second of audio (default 1)
  --rate R       44100 (default) or 48000 Hz
  --db PATH      the recordings database (default: the one in the data folder)
  --json         print one JSON document describing the result on stdout

Progress goes to stderr. Ctrl-C cancels (nothing is written).`;

export const symphonyCommand: CliCommand = {
  name: 'symphony',
  summary: 'renders the neural symphony of a recording or file to a WAV',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        out: { type: 'string' },
        seconds: { type: 'string' },
        start: { type: 'string' },
        speed: { type: 'string' },
        rate: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean' },
      },
      { positionals: 1 },
    );
    const target = positionals[0];
    if (target === undefined) throw new UsageError('name a recording id or an EEG file');
    if (values.out === undefined) throw new UsageError('--out WAV is required');
    const seconds = numberOption('seconds', values.seconds, 0.25, SYMPHONY_MAX_SECONDS);
    const startSeconds = numberOption('start', values.start, 0, 1e7);
    const speed = numberOption('speed', values.speed, 0.01, 64);
    const sampleRateHz = rateOption(values.rate);
    const params = {
      ...(seconds !== undefined && { seconds }),
      ...(startSeconds !== undefined && { startSeconds }),
      ...(speed !== undefined && { speed }),
      ...(sampleRateHz !== undefined && { sampleRateHz }),
      maxSeconds: SYMPHONY_MAX_SECONDS,
    };
    const bench = new SoundWorkbench({
      cwd: io.cwd,
      env: io.env,
      ...(values.db !== undefined && { db: values.db }),
    });
    try {
      const [from, to] = symphonyReadRange(params, SYMPHONY_MAX_SECONDS);
      const loaded = await bench.input(target, from, to);
      const report = progressReporter(io, 'Rendering the neural symphony');
      const { wav, score } = await bench.symphony(loaded, params, `Neural symphony of ${loaded.name}`, {
        signal: interruptSignal(io),
        onProgress: (f) => report(f, 1),
      });
      const file = await writeWavFile(io, values.out, wav);
      for (const warning of score.warnings) io.stderr.write(`note: ${warning}\n`);
      io.stderr.write(
        `Wrote ${file}: ${score.durationSeconds.toFixed(2)} s, ${score.sampleRateHz} Hz mono, ${score.tempo.bpm.toFixed(1)} BPM (peak alpha ${score.peakAlpha.hz === null ? 'not found' : `${score.peakAlpha.hz.toFixed(2)} Hz`}).\n`,
      );
      if (values.json) {
        io.stdout.write(
          `${JSON.stringify({
            out: file,
            duration_s: score.durationSeconds,
            sample_rate: score.sampleRateHz,
            channels: 1,
            frames: score.frameCount,
            tempo_bpm: score.tempo.bpm,
            peak_alpha_hz: score.peakAlpha.hz,
            from_s: score.source.fromSeconds,
            to_s: score.source.toSeconds,
            hops: score.hops.count,
            warnings: score.warnings,
            params: score.params,
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
