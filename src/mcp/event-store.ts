import type { EventStore } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The messages one session sent on its SSE streams, kept so a client that lost its connection
 * reconnects with `Last-Event-ID` and receives what it missed. Bounded: the oldest go first, and
 * a client that falls further behind than that starts over from a fresh listing.
 */
export class SessionEventStore implements EventStore {
  private readonly events = new Map<string, { streamId: string; message: JSONRPCMessage }>();
  private next = 1;

  constructor(private readonly capacity = 500) {}

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = String(this.next++);
    this.events.set(id, { streamId, message });
    // A Map iterates in insertion order, so the first key is the oldest.
    if (this.events.size > this.capacity) this.events.delete(this.events.keys().next().value!);
    return id;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.events.get(eventId)?.streamId;
  }

  async replayEventsAfter(lastEventId: string, { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> }): Promise<string> {
    const last = this.events.get(lastEventId);
    if (!last) return '';
    const after = Number(lastEventId);
    for (const [id, event] of this.events) {
      // Priming events carry no message; they only mark a position.
      if (Number(id) <= after || event.streamId !== last.streamId || Object.keys(event.message).length === 0) continue;
      await send(id, event.message);
    }
    return last.streamId;
  }
}
