package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gridbot/points"
)

// crashEnv names the database the crash child writes to; the child test
// does nothing without it.
const crashEnv = "GRIDBOT_CRASH_CHILD_DB"

// TestCrashChild is the child process of TestCrashSafety. It awards points
// from several goroutines and prints "ack KEY" only after Award returned
// nil, until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		return // run only as TestCrashSafety's child
	}
	db, err := Open(path, Options{BatchDelay: time.Millisecond})
	if err != nil {
		fmt.Printf("open failed: %v\n", err)
		os.Exit(3)
	}
	round := os.Getenv("GRIDBOT_CRASH_ROUND")
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(out, "ready")
	out.Flush()
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				key := fmt.Sprintf("crash:%s:%d:%d", round, w, i)
				if _, _, err := db.Award(context.Background(), key, fmt.Sprintf("r%d", i%5), 1); err != nil {
					fmt.Printf("award %s: %v\n", key, err)
					os.Exit(4)
				}
				mu.Lock()
				fmt.Fprintln(out, "ack", key)
				out.Flush()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// TestCrashSafety kills a child process that is awarding points with
// SIGKILL at a random moment, several rounds in a row. After each kill the
// database must check clean, hold every acknowledged award and credit no key
// twice.
func TestCrashSafety(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	acked := map[string]bool{}
	const rounds = 5
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path, fmt.Sprintf("GRIDBOT_CRASH_ROUND=%d", round))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a random number of acknowledgements, so that the kill
		// lands anywhere in a commit: before, during or after its fsync.
		killAfter := 20 + rng.IntN(300)
		sc := bufio.NewScanner(stdout)
		n, killed := 0, false
		var other []string
		for sc.Scan() {
			line := sc.Text()
			key, ok := strings.CutPrefix(line, "ack ")
			if !ok {
				if line != "ready" {
					other = append(other, line)
				}
				continue
			}
			acked[key] = true
			if n++; n == killAfter && !killed {
				killed = true
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
		}
		err = cmd.Wait()
		if !killed {
			t.Fatalf("round %d: child exited after %d acks before the kill: %v; output %q", round, n, err, other)
		}
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child ended with %v, want killed by SIGKILL; output %q", round, err, other)
		}
		t.Logf("round %d: killed after %d acks (%d read), %d acknowledged in all", round, killAfter, n, len(acked))

		db := mustOpenAt(t, path, fastCommit(nil))
		credits := map[string]int{}
		var total int64
		if err := db.ForEachEntry(func(e points.Entry) error {
			if e.Kind == points.KindAward {
				credits[e.Key]++
				total += e.Amount
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for key := range acked {
			if credits[key] != 1 {
				t.Fatalf("round %d: acknowledged key %s has %d entries, want 1", round, key, credits[key])
			}
		}
		for key, c := range credits {
			if c != 1 {
				t.Fatalf("round %d: key %s credited %d times, want once", round, key, c)
			}
		}
		var sum int64
		for i := range 5 {
			b, err := db.Balance(fmt.Sprintf("r%d", i))
			if err != nil {
				t.Fatal(err)
			}
			sum += b.Balance
		}
		if sum != total {
			t.Fatalf("round %d: riders hold %d points, awards credited %d", round, sum, total)
		}
		// A repeat of an acknowledged key after the crash must not credit.
		for key := range acked {
			if _, created, err := db.Award(context.Background(), key, "r0", 1); err != nil || created {
				t.Fatalf("round %d: repeating %s after the crash: created %v, err %v, want not created", round, key, created, err)
			}
			break
		}
		mustClose(t, db) // runs Check
	}
}
