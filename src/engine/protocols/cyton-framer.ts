// Finds Cyton packets in a byte stream of any chunking, with resynchronisation and counter continuity.
//
// Acceptance rule (the Cyton packet has no checksum, so framing and the counter are all the evidence there is):
//  - in sync (the packet starts right where the previous accepted one ended) and carrying the expected counter:
//    accepted at once; this is the steady-state path and costs no look-ahead;
//  - otherwise (after garbage, or a counter jump) the packet must be confirmed by the framing of the packet that
//    follows it (0xA0 at +33 and a footer at +65), so a stray 0xA0 in garbage is not taken for a packet and no
//    sample is invented. This holds back at most one packet (4 ms at 250 Hz), only while resynchronising;
//  - a confirmed packet whose counter contradicts both neighbours (the next one continues from the expected
//    counter) is a corrupt frame: dropped and counted, so one flipped counter bit cannot fake a 254-sample gap;
//  - after garbage, a well-framed candidate followed by the packet the stream expects is garbage itself.
// Counter gaps are known modulo 256 only: a loss of 256 packets or more is invisible in the counter, but it means
// more than a second without a packet, which the device-lost watchdog (500 ms) reports first.
import { CYTON_HEADER, CYTON_PACKET_BYTES, isCytonFooter } from './cyton-format';
import type { ParserStats } from './stream-parser';

export interface CytonPacketHandler {
  /**
   * An accepted packet at `bytes[offset .. offset + 33)`. `packetIndex` counts packets since the first accepted
   * one, lost ones included; `missingBefore` packets were lost just before this one.
   */
  packet(bytes: Uint8Array, offset: number, packetIndex: number, missingBefore: number): void;
}

const PACKET = CYTON_PACKET_BYTES;
const LOOK_AHEAD = 2 * PACKET;
// Bytes held back never exceed LOOK_AHEAD - 1, so a carry of twice that always holds a full look-ahead window.
const CARRY_CAPACITY = 2 * LOOK_AHEAD;

export class CytonFramer {
  private readonly carry = new Uint8Array(CARRY_CAPACITY);
  private carryLength = 0;
  private inSync = false;
  /** Counter the next packet should carry, or -1 before the first packet. */
  private expectedCounter = -1;
  private nextPacketIndex = 0;

  constructor(
    private readonly handler: CytonPacketHandler,
    private readonly stats: ParserStats,
  ) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.carryLength > 0) {
      const held = this.carryLength;
      const take = Math.min(chunk.length, CARRY_CAPACITY - held);
      const carry = this.carry;
      for (let i = 0; i < take; i++) carry[held + i] = chunk[i]!;
      const total = held + take;
      const stop = this.scan(carry, 0, total, false);
      if (take === chunk.length || stop < held) {
        carry.copyWithin(0, stop, total);
        this.carryLength = total - stop;
        return;
      }
      this.carryLength = 0;
      start = stop - held;
    }
    const stop = this.scan(chunk, start, chunk.length, false);
    const rest = chunk.length - stop;
    for (let i = 0; i < rest; i++) this.carry[i] = chunk[stop + i]!;
    this.carryLength = rest;
  }

  /** End of stream: what was held for look-ahead is decided without it. */
  finish(): void {
    if (this.carryLength > 0) this.scan(this.carry, 0, this.carryLength, true);
    this.carryLength = 0;
  }

  reset(): void {
    this.carryLength = 0;
    this.inSync = false;
    this.expectedCounter = -1;
    this.nextPacketIndex = 0;
  }

  /** Consumes packets from bytes[pos, end); returns where it stopped (the first byte it needs more data for). */
  private scan(bytes: Uint8Array, pos: number, end: number, final: boolean): number {
    while (pos < end) {
      if (bytes[pos] !== CYTON_HEADER) {
        this.discard(1);
        pos++;
        continue;
      }
      if (end - pos < PACKET) {
        if (!final) return pos;
        this.discard(end - pos);
        return end;
      }
      if (!isCytonFooter(bytes[pos + PACKET - 1]!)) {
        this.discard(1);
        pos++;
        continue;
      }
      const counter = bytes[pos + 1]!;
      if (this.inSync && counter === this.expectedCounter) {
        this.accept(bytes, pos, counter);
        pos += PACKET;
        continue;
      }
      if (end - pos < LOOK_AHEAD) {
        if (!final) return pos;
        // Nothing more will come to confirm it: only the counter can vouch for this packet.
        if (counter === this.expectedCounter) {
          this.accept(bytes, pos, counter);
          pos += PACKET;
        } else {
          this.discard(1);
          pos++;
        }
        continue;
      }
      if (bytes[pos + PACKET] !== CYTON_HEADER || !isCytonFooter(bytes[pos + LOOK_AHEAD - 1]!)) {
        this.discard(1);
        pos++;
        continue;
      }
      const nextCounter = bytes[pos + PACKET + 1]!;
      const expected = this.expectedCounter;
      if (expected >= 0 && counter !== expected) {
        if (!this.inSync && nextCounter === expected) {
          // After garbage, the stream resumes exactly at the next packet: this "packet" is made of garbage.
          this.discard(1);
          pos++;
          continue;
        }
        if (nextCounter === ((expected + 1) & 0xff)) {
          // The stream goes on exactly where it should, so it is this packet's counter that is wrong.
          this.stats.checksumFailures++;
          this.discard(PACKET);
          pos += PACKET;
          continue;
        }
      }
      this.accept(bytes, pos, counter);
      pos += PACKET;
    }
    return pos;
  }

  private accept(bytes: Uint8Array, pos: number, counter: number): void {
    const missing = this.expectedCounter < 0 ? 0 : (counter - this.expectedCounter) & 0xff;
    this.nextPacketIndex += missing;
    this.stats.framesAccepted++;
    this.handler.packet(bytes, pos, this.nextPacketIndex, missing);
    this.nextPacketIndex++;
    this.expectedCounter = (counter + 1) & 0xff;
    this.inSync = true;
  }

  private discard(count: number): void {
    this.stats.bytesDiscarded += count;
    if (this.inSync) {
      this.inSync = false;
      this.stats.resyncs++;
    }
  }
}
