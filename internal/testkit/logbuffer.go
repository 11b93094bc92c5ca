package testkit

import (
	"bytes"
	"sync"
)

// LogBuffer collects log output written from concurrent goroutines. The
// zero value is an empty buffer ready to use. A LogBuffer is safe for
// concurrent use; it is an io.Writer and a fmt.Stringer.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p to the buffer. It always returns len(p), nil.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns a copy of everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
