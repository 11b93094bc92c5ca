// Package bot is gridbot's WeChat transport: the webhook that receives
// callbacks, and the durable jobs that send messages back. It knows nothing
// of points: every message is handed to a Conversation (package chat)
// inside the intake transaction.
//
// # The webhook's promise
//
// A callback is answered within milliseconds, and only after it is durable:
//
//  1. the body is capped (64 KB, 413 beyond), the timestamp must be within
//     5 minutes of the clock, the signature is checked in constant time
//     (401), the body decoded (400) and decrypted in safe mode;
//  2. in one bbolt transaction the nonce is checked against replays (401),
//     the deduplication key (wx.DedupKey) is looked up, and for a new key
//     the Conversation runs, its state changes and jobs are written, and its
//     passive reply is stored under the key;
//  3. the answer is the passive reply (sealed if the request was), or
//     "success". A retry of a known key gets the stored reply again and runs
//     nothing, even after a crash and restart.
//
// No failure answers an empty 200, which WeChat would take as delivered: a
// store failure answers 503 so that WeChat retries.
//
// # Outbound messages
//
// Customer-service messages are "send" jobs. A send refused with 45015 or
// 45047 (outside the 48-hour window, or over quota) is kept in the rider's
// outbox and sent again at their next interaction; it is never dropped.
package bot
