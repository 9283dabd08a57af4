// Owner sessions in memory: a session that ended idle is not kept for ever.
import { describe, expect, it } from 'vitest';
import { OWNER_IDLE_MS, OwnerSessions } from './sessions';

describe('owner sessions', () => {
  it('a session that ended idle is dropped at the next unlock, not kept until its token is used again', () => {
    let now = 0;
    const sessions = new OwnerSessions(() => now, undefined, () => 0);
    const open = () => (sessions as unknown as { sessions: Map<string, number> }).sessions.size;
    const first = sessions.unlock(() => true).token;
    for (let i = 0; i < 1000; i++) {
      now += OWNER_IDLE_MS; // each one left to end idle (the app was closed, the window went away)
      sessions.unlock(() => true);
    }
    // only the newest is open; the others ended and are gone
    expect(open()).toBe(1);
    expect(sessions.touch(first)).toBeNull();
    // a live one is kept beside a new one
    now += 1000;
    const second = sessions.unlock(() => true).token;
    expect(open()).toBe(2);
    expect(sessions.peek(second)).toBe(OWNER_IDLE_MS);
  });
});
