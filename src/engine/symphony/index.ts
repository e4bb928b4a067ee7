// The neural symphony and brainsync (docs/design/ENGINE.md): scores and plans as pure data, brainsync's pure
// synthesis, and the metadata a rendered WAV carries. The symphony's audio backend lives in ../worker.
export * from './band-hops';
export * from './brainsync';
export * from './metadata';
export * from './params';
export * from './peak-alpha';
export * from './score';
