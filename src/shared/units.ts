// Branded units where a mix-up would be silent: a number of microvolts is not a number of hertz.
declare const unit: unique symbol;

export type Brand<T, B extends string> = T & { readonly [unit]: B };

export type Microvolts = Brand<number, 'uV'>;
export type Hz = Brand<number, 'Hz'>;
export type Seconds = Brand<number, 's'>;
export type EpochMs = Brand<number, 'epoch-ms'>;
/** Index of a sample in its source's own clock (sample 0 = first sample of the segment). */
export type SampleIndex = Brand<number, 'sample-index'>;
export type RecordingId = Brand<string, 'recording-id'>;

export const asMicrovolts = (n: number): Microvolts => n as Microvolts;
export const asHz = (n: number): Hz => n as Hz;
export const asSeconds = (n: number): Seconds => n as Seconds;
export const asEpochMs = (n: number): EpochMs => n as EpochMs;
export const asSampleIndex = (n: number): SampleIndex => n as SampleIndex;
export const asRecordingId = (s: string): RecordingId => s as RecordingId;
