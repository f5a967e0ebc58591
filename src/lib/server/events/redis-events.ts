import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createLocalEvents, type Events, type Topic } from './events.ts';

/** What goes over the wire: the publishing node (so it does not handle its own twice) and the payload. */
interface Envelope {
	from: string;
	payload: unknown;
}

/**
 * Events for several nodes over Redis pub/sub: a publish is handled here first (before
 * `publish` resolves, as in one process), then published on the topic's channel; every other
 * node's subscriber connection hands it to its local subscribers. Pub/sub delivers to whoever
 * is connected at the time: a node that was away misses events, which is why the hub also
 * checks every socket's access now and then.
 */
export function createRedisEvents(
	redis: { command: Redis; subscriber: Redis; prefix: string },
	log: (message: string, error?: unknown) => void = (m, e) => console.error(`[events] ${m}`, e ?? '')
): Events {
	const local = createLocalEvents(log);
	const self = randomBytes(8).toString('hex');
	const channelOf = (topic: Topic) => `${redis.prefix}events:${topic}`;
	const topicOf = new Map<string, Topic>();
	const subscribed = new Set<Topic>();

	const onMessage = (channel: string, message: string) => {
		const topic = topicOf.get(channel);
		if (!topic) return;
		let envelope: Envelope;
		try {
			envelope = JSON.parse(message) as Envelope;
		} catch (error) {
			return log(`an event on ${channel} was not JSON`, error);
		}
		if (envelope.from === self) return;
		void local.publish(topic, envelope.payload as never);
	};
	redis.subscriber.on('message', onMessage);

	return {
		async publish(topic, payload) {
			await local.publish(topic, payload);
			try {
				await redis.command.publish(channelOf(topic), JSON.stringify({ from: self, payload } satisfies Envelope));
			} catch (error) {
				// Other nodes catch up at their next periodic check; the caller's own change stands.
				log(`publishing ${topic} to the other nodes failed`, error);
			}
		},
		subscribe(topic, handler) {
			if (!subscribed.has(topic)) {
				subscribed.add(topic);
				topicOf.set(channelOf(topic), topic);
				redis.subscriber.subscribe(channelOf(topic)).catch((error: unknown) => log(`subscribing to ${topic} failed`, error));
			}
			return local.subscribe(topic, handler);
		},
		async close() {
			redis.subscriber.off('message', onMessage);
			await local.close();
		}
	};
}

/** Resolves once the subscriber connection listens on every channel subscribed so far (tests, start-up). */
export async function subscriptionsReady(subscriber: Redis): Promise<void> {
	// Commands on one connection answer in order: a PING after SUBSCRIBE answers after it took effect.
	await subscriber.ping();
}
