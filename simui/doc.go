// Package simui is the simulator's chat page, /sim/: a WeChat-style chat
// on a phone, in the browser, that stands in for riders' and staff's
// phones when gridbot runs in local mode (wechat.app_id empty).
//
// # Basics
//
// New returns an http.Handler for every route under /sim/. The page
// talks to gridbot only through the in-process fake WeChat platform
// (wxsim.Platform): a text, photo, location, menu click or menu photo
// button becomes a message that Platform.Deliver signs, encrypts and posts
// to gridbot's webhook, exactly as WeChat would. The passive reply that
// Deliver returns, and every customer-service message gridbot later sends
// through the fake API (Platform.Subscribe), are appended to the
// conversation of that openid and pushed to the page over Server-Sent
// Events. Nothing is sent to the page in answer to a POST: the event
// stream is the one source of what the conversation shows.
//
// Routes (all under /sim/):
//
//	GET  /sim/                      the page
//	GET  /sim/static/{file}         embedded CSS and JavaScript
//	GET  /sim/events?openid=…       SSE: the conversation of openid
//	GET  /sim/media/{file}          a photo (the fake platform's PicUrl CDN)
//	POST /sim/send/subscribe        follow the Official Account
//	POST /sim/send/text             text=…
//	POST /sim/send/photo            multipart photo=… (one or more)
//	POST /sim/send/location         lat, lng, label
//	POST /sim/send/click            key, name: a CLICK menu button
//	POST /sim/send/menu-photo       key, name, photo=…: pic_photo_or_album
//	POST /sim/demo/points           grant the demo points (see below)
//
// Every POST names the simulated person with the form value openid, which
// must be one of Deps.Riders or Deps.Staff.
//
// # Following
//
// Riders follow the Official Account when the person taps 关注公众号
// (POST /sim/send/subscribe), as the newcomer story has it. The staff
// persona follows by itself, once per Handler (that is, per process
// start): the first page load or POST delivers its subscribe event, so
// that gridbot can send staff notifications before the staff member has
// said anything (WeChat refuses messages to an openid that never
// interacted). The staff conversation shows a simulator note and
// gridbot's staff welcome. The fake platform's window rules still apply:
// a follow allows 3 messages within a minute, a message from the person
// 5 within 48 hours; beyond that gridbot keeps notifications until the
// staff member next sends something.
//
// # Demo points
//
// A newcomer earns one point per valid photo and the shipped haircut costs
// 200, so the page offers, clearly labelled as a local-demo affordance, a
// button that grants the current person Deps.DemoPoints through an
// ordinary staff adjustment in the ledger (Deps.Adjust, store.DB.Adjust)
// with actor 「模拟器」 and reason 「本地演示赠送积分」. It is visible in
// the rider's history and in `gridbot check` like any other adjustment.
//
// # Guards
//
//   - The app mounts the handler in local mode only.
//   - Requests whose Host is not loopback (localhost, 127.0.0.0/8, ::1) are
//     refused with 403 unless Deps.AllowRemote is set, which the app does
//     only when it listens on a non-loopback address. This stops DNS
//     rebinding from reaching the page through a browser.
//   - POSTs must carry the page's token in the X-Sim-Token header, and
//     cross-origin browser POSTs are refused (http.CrossOriginProtection).
//
// # Invariants
//
//   - The conversation log is in memory, bounded per openid (MaxEntries);
//     it is lost on restart, while gridbot's own state is not.
//   - All user-visible text comes from package catalog.
//   - Entry ids increase across all openids, so an EventSource that
//     reconnects with Last-Event-ID misses nothing still in the log.
//
// # Caveats
//
//   - A customer-service message can reach the page before the passive
//     reply of the message that caused it, when gridbot is fast enough:
//     the order is the order of arrival.
//   - A subscriber that falls wxsim.SubscribeBuffer messages behind misses
//     newer customer-service messages (see wxsim.Platform.Subscribe).
package simui
