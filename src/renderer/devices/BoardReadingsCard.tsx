// What the board reports besides samples: a ThinkGear headset's contact quality, attention and meditation (its
// own eSense values) and band powers; a Cyton's accelerometer.
import type { BoardReadings } from '../../shared/api';

const BAND_NAMES = ['delta', 'theta', 'low α', 'high α', 'low β', 'high β', 'low γ', 'mid γ'];

/** NeuroSky: 0 is good contact, 200 means the sensor is off the skin; values between grade the noise. */
function contactQuality(poorSignal: number): { word: string; tone: 'ok' | 'warn' | 'error' } {
  if (poorSignal === 0) return { word: 'good contact', tone: 'ok' };
  if (poorSignal >= 200) return { word: 'sensor off the skin', tone: 'error' };
  if (poorSignal >= 50) return { word: 'poor contact', tone: 'warn' };
  return { word: 'some noise', tone: 'warn' };
}

function Meter({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="meter">
      <span>{label}</span>
      <meter min={0} max={100} value={value} aria-label={label} />
      <span data-testid={testId}>{value}</span>
    </div>
  );
}

export function BoardReadingsCard({ readings }: { readings: BoardReadings }) {
  const hasThinkGear =
    readings.poorSignal !== null || readings.attention !== null || readings.meditation !== null;
  const maxBand = readings.bandPowers ? Math.max(...readings.bandPowers, 1) : 1;
  return (
    <section className="card readings" aria-label="Board readings" data-testid="board-readings">
      <h2>Board readings</h2>
      {readings.poorSignal !== null && (
        <p>
          Signal quality:{' '}
          <span
            className={`state tone-${contactQuality(readings.poorSignal).tone}`}
            data-testid="signal-quality"
          >
            {contactQuality(readings.poorSignal).word} ({readings.poorSignal}/200)
          </span>
        </p>
      )}
      {hasThinkGear && (
        <div className="meters">
          {readings.attention !== null && (
            <Meter label="Attention" value={readings.attention} testId="attention" />
          )}
          {readings.meditation !== null && (
            <Meter label="Meditation" value={readings.meditation} testId="meditation" />
          )}
          <p className="muted small">Attention and meditation are NeuroSky's own eSense values (0-100).</p>
        </div>
      )}
      {readings.bandPowers && (
        <div className="band-bars" role="img" aria-label="ThinkGear band powers, relative">
          {readings.bandPowers.map((v, i) => (
            <div key={BAND_NAMES[i] ?? i} className="band-bar">
              <span style={{ height: `${Math.max(2, (v / maxBand) * 100)}%` }} />
              <small>{BAND_NAMES[i]}</small>
            </div>
          ))}
        </div>
      )}
      {readings.accelG && (
        <p data-testid="accel">
          Accelerometer: x {readings.accelG[0].toFixed(2)} g, y {readings.accelG[1].toFixed(2)} g, z{' '}
          {readings.accelG[2].toFixed(2)} g
        </p>
      )}
    </section>
  );
}
