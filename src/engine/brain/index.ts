// The brain engine's public surface (docs/design/ENGINE.md).
export * from './analyze';
export * from './analyze-json';
export * from './channel-tasks';
export * from './control';
export * from './energy';
export * from './file-input';
export * from './harmonic-scan';
export * from './harmony';
export * from './input';
export * from './params';
export * from './rolling-band-powers';
export * from './spectrum';
