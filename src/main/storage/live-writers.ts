// Which recordings a writer of THIS process owns. Another process's writers are known by pid and heartbeat in
// the recordings table; a process cannot ask itself whether it is alive, so it keeps this list.
const live = new Set<string>();

export const liveWriters = {
  claim(recordingId: string): void {
    live.add(recordingId);
  },
  release(recordingId: string): void {
    live.delete(recordingId);
  },
  has(recordingId: string): boolean {
    return live.has(recordingId);
  },
};
