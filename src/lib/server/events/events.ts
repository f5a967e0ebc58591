/**
 * Things one part of the server tells the others, and (with several nodes) every node: typed
 * topics with plain JSON payloads, so an implementation over Redis pub/sub carries them as they
 * are. This module has the topics and the single-process implementation.
 */

/**
 * Whose access may have shrunk. The collab hub checks again, at once, the open sockets the
 * change covers (and only those): their session, their role on the board's project, or the
 * guest's standing.
 */
export type AccessChange =
	/** One session ended (logout, "end this session"). */
	| { scope: 'session'; sessionId: string }
	/** Everything of one user: a password change or "end other sessions" (the current session stays), a disabled account, a new site role. */
	| { scope: 'user'; userId: string }
	/** A user's place in one project: removed from the team, or a new role there. */
	| { scope: 'membership'; projectId: string; userId: string }
	/** One guest left. */
	| { scope: 'guest'; guestId: string }
	/** A facilitator ended guest access to a board: every guest of it. */
	| { scope: 'board-guests'; boardId: string }
	/** Who may see a project changed (it was unpublished): everyone on its boards. */
	| { scope: 'project'; projectId: string };

/** Every topic and its payload. */
export interface EventTopics {
	'access-changed': AccessChange;
}

export type Topic = keyof EventTopics;
export type EventHandler<T extends Topic> = (payload: EventTopics[T]) => void | Promise<void>;

export interface Events {
	/**
	 * Publishes to every subscriber. Resolves once this process's subscribers have handled it (a
	 * request that ended someone's access answers only after their sockets here are closed);
	 * other nodes hear of it as soon as the transport carries it.
	 */
	publish<T extends Topic>(topic: T, payload: EventTopics[T]): Promise<void>;
	/** Subscribes; returns the function that unsubscribes. */
	subscribe<T extends Topic>(topic: T, handler: EventHandler<T>): () => void;
	close(): Promise<void>;
}

/** Events within one process (the default): delivered in memory, handled before `publish` resolves. */
export function createLocalEvents(log: (message: string, error?: unknown) => void = (m, e) => console.error(`[events] ${m}`, e ?? '')): Events {
	const handlers = new Map<Topic, Set<EventHandler<Topic>>>();
	return {
		async publish(topic, payload) {
			const subscribers = [...(handlers.get(topic) ?? [])];
			// A copy per delivery, as a transport would hand over: no subscriber shares the publisher's object.
			const results = await Promise.allSettled(subscribers.map(async (handler) => handler(structuredClone(payload))));
			for (const result of results) if (result.status === 'rejected') log(`a subscriber of ${topic} failed`, result.reason);
		},
		subscribe(topic, handler) {
			let set = handlers.get(topic);
			if (!set) handlers.set(topic, (set = new Set()));
			set.add(handler as EventHandler<Topic>);
			return () => set.delete(handler as EventHandler<Topic>);
		},
		async close() {
			handlers.clear();
		}
	};
}
