// Package wxsim is an in-process fake of WeChat's platform for one
// Official Account (and its WeCom group robots). gridbot runs it in local
// mode, the end-to-end tests drive gridbot through it, and the load tool
// and the chat page build on it. It aims to behave like WeChat wherever
// gridbot can observe the difference, so that what passes against it
// passes against WeChat.
//
// # Basics
//
// A Platform plays both of WeChat's roles:
//
//   - The sender of callbacks. Deliver posts a message to the callback URL
//     exactly as WeChat does, signed and, in safe or compatible mode,
//     encrypted (by wx.Codec.SignCallback), and decodes the passive reply
//     (wx.Codec.DecodeReply). NewText, NewImage, NewLocation, NewEvent
//     and its relatives build the messages.
//   - The API server. Handler serves api.weixin.qq.com's paths
//     (stable_token, token, media get and upload, custom send, menu
//     create), qyapi.weixin.qq.com's robot webhook, and the media CDN that
//     PicUrl links point to. Mount it at the root of the URL gridbot's
//     wechat.api_base names, and tell the Platform that URL (BaseURL).
//
// Everything the platform accepts is recorded for inspection: Requests,
// Messages (with WaitMessages and Subscribe), RobotMessages and Menu.
//
// # Faithful to WeChat
//
//   - Callbacks: a fresh timestamp and nonce per attempt; a 5 s wait per
//     attempt; a timeout, connection error or non-200 status is retried,
//     3 attempts in all. An empty body or "success" is "no reply". A 200
//     answer that is neither, a sealed reply whose MsgSignature does not
//     verify, a plain reply in safe mode, or a reply not addressed from
//     the account to the sender is an error (ErrBadReply) and is not
//     retried: WeChat shows the user 「该公众号暂时无法提供服务」.
//     Content-Type text/xml (or application/json), User-Agent Mozilla/4.0.
//   - Messages: CreateTime is the platform clock; user messages carry a
//     unique 64-bit MsgId (17 digits, random start, so a restarted
//     simulator does not reuse ids); events carry none.
//   - access_token: valid 7200 s. stable_token returns the current token
//     and its remaining lifetime, or a new one on force_refresh or
//     expiry; the classic GET /cgi-bin/token issues a new one on every
//     call. A replaced token keeps working for 5 minutes. Wrong
//     credentials give 40002 / 40013 / 40125. APIs answer 41001 without a
//     token, 42001 for an expired one, 40001 for an unknown or replaced
//     one. Every error is JSON with HTTP 200 and an errmsg ending in
//     " rid: …"; a GET to a POST API gives 43002.
//   - Media: uploads (image ≤ 10 MB, JPEG/PNG/GIF/BMP; voice ≤ 2 MB; video
//     ≤ 10 MB; thumb ≤ 64 KB) return {"type","media_id","created_at"}.
//     media/get serves the bytes with their Content-Type and a
//     Content-Disposition, until 3 days after upload; then, or for an
//     unknown id, it answers {"errcode":40007} with HTTP 200 and
//     Content-Type text/plain. PicUrl links (/mmbiz/<name>) are plain
//     GETs that never expire.
//   - WeCom robot: text ≤ 2048 bytes, markdown ≤ 4096 bytes, image as
//     base64 + md5 (301019 on mismatch), ≤ 2 MB, JPEG or PNG; 20 accepted
//     messages per key in any sliding minute, 45009 beyond. An unknown
//     key gives 93000.
//   - Menu: 1–3 top buttons, 1–5 sub-buttons, names ≤ 16 / 60 bytes,
//     keys 1–128 bytes on click, scancode_* , pic_* and location_select;
//     url on view and miniprogram; the errcodes 40016–40027.
//
// # The customer-service window
//
// For each openid the platform keeps two windows, each a deadline and a
// number of messages left:
//
//   - a message window, opened by any user message (text, image,
//     location, …): 5 messages until 48 h later;
//   - an event window, opened by subscribe, SCAN, CLICK, scancode_push
//     and scancode_waitmsg: 3 messages until 1 minute later. VIEW, pic_*,
//     location_select and LOCATION events open nothing, as in WeChat's
//     documentation (the photo itself, an image message, opens the
//     message window).
//
// Each new interaction resets its window (deadline and count); the other
// window is untouched. Delivering the same message again (Copies, or
// Deliver twice with one message) counts once. A send takes one message
// from the open window that closes first. If no window is open it is
// refused with 45015; if some are open but all are spent, with 45047. An
// openid that never interacted gets 40003; after unsubscribe every send
// gets 45015 until the next subscribe. The window opens when Deliver is
// called, whether or not gridbot answers, as it does in WeChat.
//
// # Fault injection
//
// SetFaults (or Config.Faults) makes a fraction of the Handler's calls, or
// those matching a path, time out, answer 5xx, reset the connection,
// answer a JSON errcode with HTTP 200 (-1, 40001, 45015, 45047, …), or
// trickle the answer slowly. Decisions come from a seeded generator, so a
// sequence of calls fails the same way every run; SetFaults can be called
// at any time. Faults apply to the Handler only, never to Deliver.
//
// # Invariants
//
//   - No global state: everything lives in a Platform, and several can run
//     in one process. All methods are safe for concurrent use.
//   - Time comes from Config.Now for everything the platform decides
//     (CreateTime, token, media, window and robot-rate expiry). Deliver's
//     attempt timeout and retry interval, and fault delays, are wall time.
//   - Values returned (Requests, Messages, Menu, …) are copies.
//
// # Caveats: what is simplified
//
//   - One account per Platform; no IP whitelist (40164), no daily API
//     quotas, no force_refresh frequency limit, no URL verification (GET)
//     on SetCallbackURL.
//   - custom/send accepts text and image only (40008 otherwise) and does
//     not limit text length. How WeChat combines an event window with a
//     message window is not documented; the two-window model above is
//     this package's.
//   - A video's media/get returns the bytes rather than WeChat's JSON
//     with a video_url.
//   - Media, tokens and messages stay in memory for the Platform's life;
//     only the request log is bounded (MaxRequests). A Subscribe channel
//     that falls SubscribeBuffer messages behind misses newer messages.
//   - "The same message" is judged by wx.DedupKey, so two distinct clicks
//     of one button within one second renew the event window once.
//   - Passive replies to events that cannot be answered (LOCATION) are
//     accepted and returned like any other.
package wxsim
