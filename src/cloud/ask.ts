// POST /api/ask: deterministic answers about the caller's own data (recordings, streams, analyses, account).
// No external model: the question is matched to an intent by keywords, the answer is built from the database,
// and the same data always gives the same words.
import type {
  AskIntent,
  AskRequest,
  AskResponse,
  AskSource,
  EnergyCheckReport,
  HarmonyReport,
  RecordingInfo,
  ScanHarmonicReport,
} from '../shared/cloud';
import type { Principal } from './auth/auth-service';
import type { AlbaService } from './storage/alba';
import type { AnalysisStore, StoredAnalysis } from './storage/analyses';
import type { RecordingService } from './storage/recordings';

export interface AskDeps {
  readonly recordings: RecordingService;
  readonly alba: AlbaService;
  readonly analyses: AnalysisStore;
  readonly userCreatedAt: (userId: string) => Promise<number>;
}

const INTENTS: readonly (readonly [AskIntent, RegExp])[] = [
  ['recording_count', /\b(how many|number of|count)\b.*\b(recordings?|files?|uploads?|sessions?)\b/],
  ['latest_recording', /\b(latest|last|newest|most recent|recent)\b.*\b(recordings?|uploads?|files?)\b/],
  ['streams', /\b(streams?|alba|live)\b/],
  ['analyses', /\b(analys[ie]s|analy[sz]e|energy|quality|harmon\w*|alpha|bands?|peaks?|coherence)\b/],
  ['account', /\b(who am i|my account|account|my email|signed in|logged in)\b/],
  ['recording_count', /\b(recordings?|uploads?)\b/],
  ['greeting', /^\W*(hello|hi|hey|hallo|good (morning|afternoon|evening))\b/],
];

export function intentOf(question: string): AskIntent {
  const q = question.toLowerCase();
  return INTENTS.find(([, pattern]) => pattern.test(q))?.[0] ?? 'help';
}

export async function answer(deps: AskDeps, who: Principal, request: AskRequest): Promise<AskResponse> {
  const recordings = await deps.recordings.list(who.userId);
  const contextRecording = recordings.find((r) => r.id === request.context?.trim());
  const intent: AskIntent = contextRecording ? 'recording_detail' : intentOf(request.question);
  const built = await build(deps, who, intent, recordings, contextRecording);
  return {
    question: request.question,
    intent,
    answer: built.answer,
    sources: built.sources,
    ...(request.include_details === true ? { details: built.details } : {}),
  };
}

interface Built {
  readonly answer: string;
  readonly sources: AskSource[];
  readonly details: Record<string, unknown>;
}

async function build(
  deps: AskDeps,
  who: Principal,
  intent: AskIntent,
  recordings: readonly RecordingInfo[],
  contextRecording: RecordingInfo | undefined,
): Promise<Built> {
  const eeg = recordings.filter((r) => r.kind === 'eeg');
  const audio = recordings.filter((r) => r.kind === 'audio');
  switch (intent) {
    case 'recording_detail': {
      const r = contextRecording!;
      const analyses = (await deps.analyses.latest(who.userId, 100)).filter((a) => a.recordingId === r.id);
      return {
        answer:
          `Recording "${r.label}" is ${describeRecording(r)}, uploaded ${r.created_at}` +
          (r.kind === 'eeg' ? `; channels ${r.channel_labels.join(', ')}` : '') +
          `. It has ${plural(analyses.length, 'analysis', 'analyses')}.`,
        sources: [{ type: 'recording', id: r.id }, ...analyses.map((a) => source(a))],
        details: { recording: r, analyses: analyses.map((a) => ({ id: a.id, kind: a.kind })) },
      };
    }
    case 'recording_count': {
      const eegSeconds = eeg.reduce((sum, r) => sum + r.duration_s, 0);
      return {
        answer:
          recordings.length === 0
            ? 'You have no recordings yet. Upload an EEG file (EDF+, BDF+, OpenBCI text or CSV) or a WAV file.'
            : `You have ${plural(recordings.length, 'recording')}: ${eeg.length} EEG and ${audio.length} audio, ` +
              `${formatDuration(eegSeconds)} of EEG in total.`,
        sources: recordings.map((r) => ({ type: 'recording', id: r.id })),
        details: { total: recordings.length, eeg: eeg.length, audio: audio.length, eeg_seconds: eegSeconds },
      };
    }
    case 'latest_recording': {
      const latest = recordings[0];
      return latest
        ? {
            answer: `Your latest recording is "${latest.label}": ${describeRecording(latest)}, uploaded ${latest.created_at}.`,
            sources: [{ type: 'recording', id: latest.id }],
            details: { recording: latest },
          }
        : { answer: 'You have no recordings yet.', sources: [], details: {} };
    }
    case 'streams': {
      const streams = await deps.alba.list(who.userId);
      const active = streams.filter((s) => s.status === 'active');
      const listed = streams
        .slice(0, 5)
        .map(
          (s) =>
            `"${s.stream_id}" (${s.channels} channels at ${formatNumber(s.sample_rate)} Hz, ` +
            `${plural(s.total_samples, 'sample')}, ${s.status})`,
        );
      return {
        answer:
          streams.length === 0
            ? 'You have no ALBA streams. Start one with POST /api/alba/streams/start.'
            : `You have ${plural(streams.length, 'stream')}, ${active.length} active: ${listed.join('; ')}` +
              (streams.length > 5 ? `; and ${streams.length - 5} more.` : '.'),
        sources: streams.map((s) => ({ type: 'stream', id: s.stream_id })),
        details: { streams },
      };
    }
    case 'analyses': {
      const analyses = await deps.analyses.latest(who.userId, 5);
      const latest = analyses[0];
      if (!latest) {
        return {
          answer:
            'You have no analyses yet. Run an energy check, a harmony analysis or a harmonic scan on a recording.',
          sources: [],
          details: {},
        };
      }
      const of = recordings.find((r) => r.id === latest.recordingId);
      return {
        answer:
          `Your latest analysis is ${kindName(latest.kind)}` +
          (of ? ` of "${of.label}"` : ' of an uploaded file') +
          ` made ${new Date(latest.createdAt).toISOString()}: ${summarise(latest)}.`,
        sources: analyses.map((a) => source(a)),
        details: { latest: latest.result, recent: analyses.map((a) => ({ id: a.id, kind: a.kind })) },
      };
    }
    case 'account': {
      const createdAt = await deps.userCreatedAt(who.userId);
      return {
        answer:
          `You are signed in as ${who.email} with ${who.method === 'jwt' ? 'a token' : 'an API key'}; ` +
          `the account was created ${new Date(createdAt).toISOString()} and holds ${plural(recordings.length, 'recording')}.`,
        sources: [{ type: 'account', id: who.userId }],
        details: { user_id: who.userId, email: who.email, auth: who.method },
      };
    }
    case 'greeting':
    case 'help': {
      const streams = await deps.alba.activeCount(who.userId);
      return {
        answer:
          (intent === 'greeting' ? 'Hello! ' : '') +
          `You have ${plural(recordings.length, 'recording')} and ${plural(streams, 'active stream')}. ` +
          'Ask me how many recordings you have, about your latest recording, your streams, your analyses or your account.',
        sources: [],
        details: { recordings: recordings.length, active_streams: streams },
      };
    }
  }
}

function source(a: StoredAnalysis): AskSource {
  return { type: 'analysis', id: a.id };
}

function kindName(kind: StoredAnalysis['kind']): string {
  return kind === 'energy_check'
    ? 'an energy check'
    : kind === 'harmony'
      ? 'a harmony analysis'
      : 'a harmonic scan';
}

function summarise(a: StoredAnalysis): string {
  if (a.kind === 'energy_check') {
    const report = a.result as EnergyCheckReport;
    const counts = new Map<string, number>();
    for (const ch of report.channels) counts.set(ch.quality, (counts.get(ch.quality) ?? 0) + 1);
    const parts = [...counts.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([q, n]) => `${n} ${q}`);
    return `${plural(report.channels.length, 'channel')} (${parts.join(', ')})`;
  }
  if (a.kind === 'harmony') {
    const report = a.result as HarmonyReport;
    return report.index === null
      ? `no harmony index (${report.index_reason ?? 'no channel pair'})`
      : `harmony index ${report.index.toFixed(3)} over ${plural(report.pairs.length, 'channel pair')}`;
  }
  const report = a.result as ScanHarmonicReport;
  const peaks = report.channels.flatMap((c) => c.peaks);
  const strongest = peaks.reduce<(typeof peaks)[number] | null>(
    (best, p) => (!best || p.snr_db > best.snr_db ? p : best),
    null,
  );
  return strongest
    ? `${plural(peaks.length, 'peak')}, the strongest at ${formatNumber(strongest.hz)} Hz (${strongest.snr_db.toFixed(1)} dB SNR)`
    : 'no peaks above the background';
}

function describeRecording(r: RecordingInfo): string {
  const format = { edf: 'EDF', bdf: 'BDF', 'openbci-text': 'OpenBCI GUI text', csv: 'CSV', wav: 'WAV' }[
    r.format
  ];
  return `${r.kind === 'eeg' ? 'EEG' : 'audio'} (${format}, ${plural(r.channels, 'channel')} at ${formatNumber(r.sample_rate)} Hz, ${formatDuration(r.duration_s)})`;
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
