// Package wx is gridbot's WeChat protocol layer: callback signatures, AES
// message crypto, message decoding, passive replies, and an outbound client
// for the Official Account API (access_token, media, customer-service
// messages, menu) and for WeCom group robots. It knows nothing about
// points, riders or storage.
//
// # Basics
//
// Inbound, a Codec holds one account's token, AES key and app id.
// Codec.VerifyURL answers the GET check; Codec.ParseCallback verifies and
// decodes a POST in plain, compatible or safe mode, XML or JSON, and
// returns a Callback; DedupKey names it for deduplication;
// Codec.EncodeReply answers it, sealing the reply when the callback was
// encrypted. Codec.SignCallback and Codec.DecodeReply are the platform's
// side of the same exchange, for tests and the simulator.
//
// Outbound, a Client calls https://api.weixin.qq.com (or Options.APIBase)
// and a Robot calls https://qyapi.weixin.qq.com (or RobotOptions.APIBase;
// set both to the same base to send everything to a proxy or simulator).
// IsTemporary tells a job worker whether a failed call is worth retrying.
//
// # Invariants
//
//   - Signatures are compared in constant time. In plain mode the
//     signature covers only token, timestamp and nonce, not the body, so a
//     captured URL can be replayed with any body; safe mode's
//     msg_signature covers the ciphertext. Prefer safe mode with
//     RequireEncryption. Timestamp windows (CheckTimestamp) and nonce
//     reuse are the caller's to enforce.
//   - Decryption checks the PKCS#7 padding (block 32), the length prefix
//     and the trailing app id, returns typed errors and never panics on
//     any input (fuzzed).
//   - Documents are decoded with encoding/xml or encoding/json only after
//     a linear scan rejects nesting deeper than MaxDepth; bodies above
//     MaxBodyBytes are refused.
//   - A reply to an encrypted callback is encrypted; "no reply" is the
//     literal Success in every mode, never an encrypted empty string.
//   - The access_token lives in one Client, behind a one-slot lock: at
//     most one stable_token request is in flight per Client, and a token
//     rejected with 40001, 40014 or 42001 is replaced once (force_refresh)
//     however many callers saw the rejection; each call is retried once.
//   - Every API answer is checked for errcode, including HTTP 200 answers
//     to media downloads; errors are *APIError matching the package's
//     sentinels with errors.Is.
//   - The app secret, access_token and robot key are never logged and
//     never appear in returned errors: URLs in transport errors lose their
//     query.
//
// # Caveats
//
//   - No global state. The silenceper/wechat SDK is used only for its
//     types (MixMessage, CustomerMessage, menu.Button, the robot message
//     options, reply structs); none of its request functions are called,
//     so its process-wide util.DefaultHTTPClient, util.SetURIModifier and
//     token cache are never used or modified. Each Client and Robot owns
//     its base URL and *http.Client, so several can talk to different
//     fake servers in one process.
//   - APIBase rewrites API URLs only. PicUrl, the CDN link in an image
//     message, is fetched as given (http or https only); in plain mode it
//     is not covered by any signature.
//   - Passive replies are XML even when callbacks are JSON.
//   - The Robot's rate limiter runs on the wall clock, not Options.Now.
//   - Decrypt with an empty app id skips the app id check (local mode).
package wx
