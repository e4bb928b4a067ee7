// The connected source's channels: a 10-20 / 10-10 label each (or free text), the gain where the board has one,
// on/off (powered down on the board where the protocol allows it, else hidden from the display), and montages to
// apply, save and delete.
import { useId, useState } from 'react';
import type { ClisonixApi, Montage, SourceSetup } from '../../shared/api';
import {
  channelLabelProblem,
  ELECTRODES_10_10,
  ELECTRODES_10_20,
  fitLabels,
  montageNameProblem,
} from '../../shared/montages';
import type { ActionState } from './device-hooks';

function ElectrodeList({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {ELECTRODES_10_20.map((name) => (
        <option key={name} value={name} label="10-20" />
      ))}
      {ELECTRODES_10_10.map((name) => (
        <option key={name} value={name} label="10-10" />
      ))}
    </datalist>
  );
}

export function ChannelSetupCard({
  api,
  setup,
  montages,
  action,
}: {
  api: ClisonixApi;
  setup: SourceSetup;
  montages: readonly Montage[];
  action: ActionState;
}) {
  const ids = useId();
  const [drafts, setDrafts] = useState<string[]>(() => setup.channels.map((c) => c.label));
  const [chosen, setChosen] = useState(setup.montage ?? '');
  const [saveName, setSaveName] = useState('');
  const [toggleNote, setToggleNote] = useState<string | null>(null);
  const labelsKey = setup.channels.map((c) => c.label).join('\u0000');

  // The services' labels win whenever they change (a montage applied here or in another window).
  const [seen, setSeen] = useState({ labelsKey, montage: setup.montage });
  if (seen.labelsKey !== labelsKey || seen.montage !== setup.montage) {
    setSeen({ labelsKey, montage: setup.montage });
    setDrafts(setup.channels.map((c) => c.label));
    setChosen(setup.montage ?? '');
  }

  const current = setup.channels.map((c) => c.label);
  const problems = drafts.map((label) => channelLabelProblem(label));
  const fit = fitLabels(drafts, current);
  const edited = drafts.some((label, i) => label !== current[i]);
  const fitting = montages.filter((m) => m.labels.length <= setup.channels.length);
  const chosenMontage = montages.find((m) => m.name === chosen);
  const nameProblem = saveName === '' ? null : montageNameProblem(saveName);
  const gainless = setup.gainChoices.length === 0;

  const applyLabels = () => {
    if (!fit.ok || !edited) return;
    void action.run(() => api.call('source.setChannelLabels', { labels: fit.labels }));
  };

  return (
    <section className="card channel-setup" aria-labelledby={`${ids}-title`}>
      <header className="card-header">
        <h2 id={`${ids}-title`}>Channels</h2>
        <span className="muted">
          {setup.channelPower === 'board'
            ? 'Switching a channel off powers it down on the board (it then sends 0 µV).'
            : 'This source cannot switch channels off: "off" hides a channel from the display only; it is still recorded.'}
        </span>
      </header>
      <ElectrodeList id={`${ids}-electrodes`} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          applyLabels();
        }}
      >
        <table className="channel-table" data-testid="channel-table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Label (10-20 / 10-10 or your own)</th>
              <th scope="col">Gain</th>
              <th scope="col">On</th>
            </tr>
          </thead>
          <tbody>
            {setup.channels.map((c, i) => (
              <tr key={c.channel} data-enabled={c.enabled}>
                <td>{c.channel}</td>
                <td>
                  <input
                    aria-label={`Label of channel ${c.channel}`}
                    list={`${ids}-electrodes`}
                    value={drafts[i] ?? ''}
                    maxLength={16}
                    size={10}
                    spellCheck={false}
                    aria-invalid={problems[i] ? true : undefined}
                    title={problems[i] ?? undefined}
                    onChange={(e) =>
                      setDrafts((d) => d.map((label, k) => (k === i ? e.target.value : label)))
                    }
                    onBlur={applyLabels}
                  />
                </td>
                <td>
                  {gainless || c.gain === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <select
                      aria-label={`Gain of channel ${c.channel}`}
                      value={c.gain}
                      disabled={action.busy}
                      onChange={(e) =>
                        void action.run(() =>
                          api.call('source.setGain', { channel: c.channel, gain: Number(e.target.value) }),
                        )
                      }
                    >
                      {setup.gainChoices.map((g) => (
                        <option key={g} value={g}>
                          ×{g}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Channel ${c.channel} on`}
                    checked={c.enabled}
                    disabled={action.busy}
                    onChange={(e) => {
                      const enabled = e.target.checked;
                      void action.run(async () => {
                        const result = await api.call('source.setChannelEnabled', {
                          channel: c.channel,
                          enabled,
                        });
                        setToggleNote(result.message);
                      });
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-row">
          <button type="submit" disabled={!edited || !fit.ok || action.busy}>
            Apply labels
          </button>
          {edited && !fit.ok && <span className="error">{fit.problem}</span>}
          {toggleNote && (
            <span className="muted" role="status" data-testid="channel-toggle-note">
              {toggleNote}
            </span>
          )}
        </div>
      </form>
      <div className="form-row montage-row">
        <span className="field">
          <label htmlFor={`${ids}-montage`}>Montage</label>
          <select id={`${ids}-montage`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Choose…</option>
            {fitting.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name} ({m.labels.length} ch{m.builtIn ? ', built in' : ''})
              </option>
            ))}
          </select>
        </span>
        <button
          type="button"
          disabled={!chosenMontage || action.busy}
          onClick={() => void action.run(() => api.call('source.applyMontage', { name: chosen }))}
        >
          Apply montage
        </button>
        {chosenMontage && !chosenMontage.builtIn && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() => {
              if (window.confirm(`Delete the montage "${chosenMontage.name}"?`)) {
                void action.run(async () => {
                  await api.call('montages.delete', { name: chosenMontage.name });
                  setChosen('');
                });
              }
            }}
          >
            Delete
          </button>
        )}
        {setup.montage && <span className="muted">In use: {setup.montage}</span>}
      </div>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (nameProblem || saveName === '') return;
          void action.run(async () => {
            await api.call('montages.save', {
              name: saveName,
              labels: current,
              ...(setup.board && { board: setup.board }),
            });
            await api.call('source.setChannelLabels', { labels: current, montage: saveName });
            setSaveName('');
          });
        }}
      >
        <label className="field">
          Save these labels as
          <input
            value={saveName}
            placeholder="montage name"
            maxLength={60}
            onChange={(e) => setSaveName(e.target.value)}
            aria-invalid={nameProblem ? true : undefined}
          />
        </label>
        <button type="submit" disabled={saveName === '' || nameProblem !== null || action.busy}>
          Save montage
        </button>
        {nameProblem && <span className="error">{nameProblem}</span>}
      </form>
    </section>
  );
}
