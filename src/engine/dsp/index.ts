// The DSP layer: FFT facade, windows, detrending, Welch spectra, IIR filters, ring buffers.
export * from './detrend';
export * from './fft';
export * from './iir-design';
export * from './ring-buffer';
export * from './sos-filter';
export * from './welch';
export * from './window';
