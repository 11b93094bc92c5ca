package store

import "gridbot/points"

// ForEachRedemption calls fn for every redemption in id order, inside the
// transaction (the conversation counts them for per-reward limits). An
// error from fn stops the walk and is returned.
func (t *Tx) ForEachRedemption(fn func(points.Redemption) error) error {
	b := t.tx.Bucket(bucketRedemptions)
	return b.ForEach(func(k, _ []byte) error {
		var r points.Redemption
		if err := getJSON(b, k, &r); err != nil {
			return err
		}
		return fn(r)
	})
}
