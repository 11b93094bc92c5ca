package points

// Balances maps each account to its net balance (credits minus debits).
type Balances map[Account]int64

// Apply adds the effect of e to b.
func (b Balances) Apply(e Entry) {
	b[e.Credit] += e.Amount
	b[e.Debit] -= e.Amount
}

// Sum returns the sum over all accounts; it is zero for a consistent ledger.
func (b Balances) Sum() int64 {
	var s int64
	for _, v := range b {
		s += v
	}
	return s
}

// RiderBalance is what a rider sees.
type RiderBalance struct {
	// Balance counts every point the rider owns, including those reserved by
	// pending redemptions.
	Balance int64 `json:"balance"`
	// Available is what the rider can spend now: Balance minus Held.
	Available int64 `json:"available"`
	// Held is reserved by pending redemptions.
	Held int64 `json:"held"`
}

// RiderBalanceFrom derives a RiderBalance from the two account balances.
func RiderBalanceFrom(riderAcct, holdAcct int64) RiderBalance {
	return RiderBalance{Balance: riderAcct + holdAcct, Available: riderAcct, Held: holdAcct}
}
