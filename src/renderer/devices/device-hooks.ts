// What the Devices and Live pages read of the services beside the status: the source's channel setup, the board's
// readings, the montages and the serial ports. Each is loaded once and then kept current from its event.
import { useCallback, useEffect, useState } from 'react';
import type {
  BoardReadings,
  ClisonixApi,
  DeviceList,
  EventName,
  Montage,
  ResultOf,
  SourceSetup,
} from '../../shared/api';

function readable(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type LoadMethod = 'source.setup' | 'source.readings' | 'montages.list';

/** A value read with `method` and replaced by every `event`; read again when `reloadKey` changes. */
function useLiveValue<M extends LoadMethod>(
  api: ClisonixApi,
  method: M,
  event: EventName,
  reloadKey: unknown = null,
): ResultOf<M> | null {
  const [value, setValue] = useState<ResultOf<M> | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on(event, (payload) => setValue(payload as ResultOf<M>));
    api.call(method, {}).then(
      (v) => {
        if (live) setValue(v);
      },
      () => {
        // The event keeps it current; a failed first read (no connection yet) is retried by reloadKey.
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [api, method, event, reloadKey]);
  return value;
}

export function useSourceSetup(api: ClisonixApi, reloadKey?: unknown): SourceSetup | null {
  return useLiveValue(api, 'source.setup', 'source.setup', reloadKey) ?? null;
}

export function useBoardReadings(api: ClisonixApi, reloadKey?: unknown): BoardReadings | null {
  return useLiveValue(api, 'source.readings', 'source.readings', reloadKey) ?? null;
}

const NO_MONTAGES: readonly Montage[] = [];

export function useMontages(api: ClisonixApi): readonly Montage[] {
  return useLiveValue(api, 'montages.list', 'montages.changed') ?? NO_MONTAGES;
}

export interface DeviceListState {
  readonly list: DeviceList | null;
  readonly loading: boolean;
  readonly error: string | null;
  refresh(): void;
}

export function useDeviceList(api: ClisonixApi): DeviceListState {
  const [list, setList] = useState<DeviceList | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    api.call('devices.list', {}).then(
      (result) => {
        if (!live) return;
        setList(result);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(readable(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, generation]);
  const refresh = useCallback(() => {
    setLoading(true);
    setGeneration((g) => g + 1);
  }, []);
  return { list, loading, error, refresh };
}

export interface ActionState {
  readonly busy: boolean;
  readonly error: { readonly code: string | null; readonly message: string } | null;
  /** Runs one call at a time; a failure becomes `error` (code and message), success clears it. */
  run(action: () => Promise<unknown>): Promise<boolean>;
  clear(): void;
}

export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionState['error']>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      const code =
        typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : null;
      setError({ code, message: readable(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
