// Package catalog holds every text a rider, partner or staff member sees,
// in Simplified Chinese, keyed by a message id. Code never writes user text
// inline: it renders a catalog entry with named arguments.
//
// Invariants:
//   - Every entry parses as a text/template at start (a broken entry panics
//     in init tests, never at a rider).
//   - Rendering never fails at run time: a missing argument renders as
//     empty, and Render of an unknown id returns the generic fallback text,
//     which is still Chinese.
//   - No entry contains an error code, a stack trace or English prose.
package catalog
