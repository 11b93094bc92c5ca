package store

import (
	"fmt"

	"gridbot/points"
)

// Award credits amount points to rider inside the transaction, idempotently
// by key: if key was used before it returns the first entry and
// created=false and credits nothing. It is DB.Award for callers that must
// record the award together with other changes (a report's outcome, its
// notification job) in one commit. Errors: points.ErrInvalidAmount and
// points.ErrInvalidRider, as rejections (nothing written).
func (t *Tx) Award(key, rider string, amount int64) (points.Entry, bool, error) {
	e, created, err := t.db.awardTx(t.tx, key, rider, amount, t.now)
	if err != nil {
		return e, false, fmt.Errorf("store: award %s: %w", key, err)
	}
	return e, created, nil
}
