// Python shared by the MNE comparisons: MNE reads the header (and, for signals at the highest rate, the samples);
// numpy decodes each signal's own samples at its own rate, since MNE resamples mixed-rate files on read.
export const MNE_HELPERS = `
import re, warnings
import mne
mne.set_log_level('ERROR')
warnings.simplefilter('ignore')

def read_raw(path, preload=False):
    if path.endswith('.bdf'):
        return mne.io.read_raw_bdf(path, preload=preload)
    return mne.io.read_raw_edf(path, preload=preload)

def _records(path, raw):
    ex = raw._raw_extras[0]
    n_samps = np.asarray(ex['n_samps'], dtype=np.int64)
    bps = int(ex['dtype_byte'])
    rec = int(n_samps.sum()) * bps
    nrec = int(ex['n_records'])
    buf = np.fromfile(path, dtype=np.uint8, offset=int(ex['data_offset']), count=nrec * rec).reshape(nrec, rec)
    starts = np.concatenate([[0], np.cumsum(n_samps)]) * bps
    return ex, buf, starts, bps

def decode_signals(path, raw):
    """Each ordinary signal at its own rate, in microvolts, scaled by MNE's own calibration of the header."""
    ex, buf, starts, bps = _records(path, raw)
    out = []
    for k, ci in enumerate(ex['sel']):
        b = np.ascontiguousarray(buf[:, starts[ci]:starts[ci + 1]]).reshape(-1)
        if bps == 2:
            d = b.view('<i2').astype(np.float64)
        else:
            t = b.reshape(-1, 3).astype(np.int64)
            d = t[:, 0] | (t[:, 1] << 8) | (t[:, 2] << 16)
            d = np.where(d >= (1 << 23), d - (1 << 24), d).astype(np.float64)
        out.append((d * ex['cal'][k] + ex['offsets'][k]) * ex['units'][k] * 1e6)
    return out

def record_onsets(path, raw):
    """Onset of each data record from its first TAL, relative to the header's start second."""
    ex, buf, starts, bps = _records(path, raw)
    tal = int(ex['tal_idx'][0])
    onsets = []
    for row in buf[:, starts[tal]:starts[tal + 1]]:
        m = re.match(rb'([+-]\\d+(?:\\.\\d*)?)\\x14\\x14', bytes(row))
        onsets.append(float(m.group(1)) if m else float('nan'))
    return np.array(onsets)

def rates(raw):
    ex = raw._raw_extras[0]
    return [float(n) / float(ex['record_length'][0]) for n in np.asarray(ex['n_samps'])[ex['sel']]]

def worst(ours, ref, allowance):
    """Largest |ours - ref| / allowance (allowance may be an array)."""
    return float(np.max(np.abs(ours - ref) / allowance)) if len(ref) else 0.0
`;
