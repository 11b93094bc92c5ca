// Package app assembles a running gridbot from its configuration: it opens
// the store, builds the domain services, registers every HTTP route and runs
// the background loops. main (through package cli) and the end-to-end tests
// both start the program through App, so tests exercise the real wiring.
//
// Invariants:
//   - New acquires the database; Close (or the end of Run) releases it.
//   - Run returns after a graceful shutdown: it stops accepting connections,
//     drains in-flight requests, stops background loops, then closes the store.
//   - Nothing here is global: two Apps with different data dirs can run in
//     one process.
package app
