package store

import (
	"bytes"

	"gridbot/points"
)

// Transaction-level ledger reads for the rider conversation, which runs
// inside the intake transaction and must not open a second (read)
// transaction from the same goroutine.

// Balance returns rider's balance, available and held points as of the
// transaction.
func (t *Tx) Balance(rider string) points.RiderBalance {
	return riderBalance(t.tx, rider)
}

// MonthEarned returns the points rider earned in month.
func (t *Tx) MonthEarned(month points.Month, rider string) int64 {
	return getI64(t.tx.Bucket(bucketMonthEarned).Get(compositeKey([]byte(month), []byte(rider))))
}

// MonthEarnings returns every rider's earnings in month (riders with none
// are absent).
func (t *Tx) MonthEarnings(month points.Month) map[string]int64 {
	out := map[string]int64{}
	prefix := append([]byte(month), 0)
	c := t.tx.Bucket(bucketMonthEarned).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		out[string(k[len(prefix):])] = getI64(v)
	}
	return out
}
