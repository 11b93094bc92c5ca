// Package loadtest drives a running gridbot the way WeChat would, acting
// as its platform, and reports latency, throughput and losses
// (`gridbot sim load`).
//
// # Basics
//
// Run serves the fake WeChat API (a wxsim.Platform) on Config.API; the
// gridbot under test has a real-looking wechat.app_id and points
// wechat.api_base at that address. Run registers each rider (注册 …),
// then either sends Photos photos per rider (some re-sending an earlier
// photo's bytes: Duplicates; some delivered 2–3 times at once: Retries)
// or, with Photos 0, text messages (积分) at Rate for Duration. Every
// callback is signed, and with Encrypt sealed, as WeChat does.
//
// A photo is "credited" when its ✅ outcome message (catalog.OutcomeValid,
// naming the report label from the photo's passive reply) arrives at the
// fake API. After sending, Run waits up to Drain for every acknowledged
// photo to get an outcome. It is lost when none came; it is credited twice
// when a label gets two ✅, or when there are more ✅ than expected.
//
// Every photo is pre-vetted before the run with the target's photo
// checks (photo.Checker over Config.Photo) and duplicate distances, and
// predicted valid, unusable or duplicate; "expected" counts the
// acknowledged photos predicted valid. Generated photos are all valid;
// real ones (PhotosDir) may not be, and the report counts the predicted
// unusable and near-duplicate ones apart.
//
// Without Seed each run draws its own (a run nonce), so rider openids
// and generated photos are new to the target every time. A run with a
// given Seed (or the same PhotosDir) against a target that already has
// its photos gets duplicate outcomes for photos it sent as new: the
// report counts them (EarlierRun), says what to change, and is not OK.
//
// # Invariants
//
//   - Only loopback targets and API addresses are accepted (Validate).
//   - A run is bounded: at most MaxMessages messages, Concurrency in
//     flight, Duration of sending and Drain of waiting.
//   - Latencies come from the load tool's own clock (Config.Now); the
//     target's metrics are not used.
//   - Generated photos (GeneratePhoto, 800×600 JPEG) pass the target's
//     photo checks and are pairwise farther apart than its duplicate and
//     burst distances, judged by the same photo.Checker; so every photo
//     that is not a deliberate duplicate should earn its point.
//
// # Caveats
//
//   - Rider openids and photos are fresh per run unless Seed is given;
//     a second run with the same Seed or the same -photos-dir against
//     the same database re-sends the same photos, and fails (see above).
//   - The target's limits apply: set points.daily_cap to 0 (or above
//     -photos), and limits.photos_per_minute, photos_per_day and
//     messages_per_minute above what each rider sends, or the report
//     shows over_cap outcomes and slow credits.
//   - Photo outcomes are matched to riders by counting for duplicates,
//     whose outcome text names the original rather than the new report.
package loadtest
