// Export a recording: EDF+ (16-bit), BDF+ (24-bit) or CSV, optionally de-identified, to the data folder's
// exports (downloaded from there in browser mode) or to a file chosen with the system dialog (Electron).
import { useEffect, useRef, useState } from 'react';
import type { ClisonixApi, ExportFormat, RecordingInfo } from '../../shared/api';
import { usesUploads } from '../api/files';
import { errorText } from './format';

const FORMATS: readonly { id: ExportFormat; title: string; detail: string }[] = [
  { id: 'edf', title: 'EDF+', detail: '16-bit, read by every EEG program; markers and gaps as annotations' },
  { id: 'bdf', title: 'BDF+', detail: '24-bit: no precision lost for wide-range signals; annotations too' },
  { id: 'csv', title: 'CSV', detail: 'a row per sample for spreadsheets; markers in a second file' },
];

export function ExportDialog({
  api,
  info,
  onClose,
}: {
  api: ClisonixApi;
  info: RecordingInfo;
  onClose: () => void;
}) {
  const [format, setFormat] = useState<ExportFormat>('edf');
  const [deidentify, setDeidentify] = useState(false);
  const [path, setPath] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const mixed = info.sampleRatesHz.length > 1;
  const browser = usesUploads(api);

  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const choosePath = async () => {
    const ext = format === 'csv' ? 'csv' : format;
    const chosen = await window.clisonixFiles?.chooseExportPath(
      `${info.label.replace(/[^\w-]+/g, '_')}.${ext}`,
    );
    if (chosen) setPath(chosen);
  };

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call('recordings.export', {
        id: info.id,
        format,
        ...(format !== 'csv' && deidentify && { deidentify: true }),
        ...(path && { path }),
      });
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="overlay" role="presentation" onClick={onClose}>
      <div
        className="card dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="export-title">Export "{info.label}"</h2>
        <fieldset>
          <legend>Format</legend>
          {FORMATS.map((f, i) => {
            const disabled = f.id === 'csv' && mixed;
            return (
              <label key={f.id} className={`choice${disabled ? ' disabled' : ''}`}>
                <input
                  ref={i === 0 ? first : undefined}
                  type="radio"
                  name="export-format"
                  value={f.id}
                  checked={format === f.id}
                  disabled={disabled}
                  onChange={() => setFormat(f.id)}
                />
                <span>
                  <strong>{f.title}</strong>{' '}
                  <span className="muted">
                    {disabled
                      ? `one rate per file; this recording keeps ${info.sampleRatesHz.join('/')} Hz`
                      : f.detail}
                  </span>
                </span>
              </label>
            );
          })}
        </fieldset>
        <label className="choice">
          <input
            type="checkbox"
            checked={deidentify && format !== 'csv'}
            disabled={format === 'csv'}
            onChange={(e) => setDeidentify(e.target.checked)}
          />
          <span>
            De-identify{' '}
            <span className="muted">(X for the subject code and the technician in the file's header)</span>
          </span>
        </label>
        <p className="muted">
          {browser
            ? 'The file is written to the exports folder of the Clisonix data folder; a download link appears when it is ready.'
            : path
              ? `To ${path}`
              : 'To the exports folder of the Clisonix data folder, or choose where:'}
        </p>
        {!browser && (
          <button type="button" onClick={() => void choosePath()}>
            Choose file…
          </button>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
            Export
          </button>
        </div>
      </div>
    </div>
  );
}
