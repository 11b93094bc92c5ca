package web

import (
	"time"

	"gridbot/grid"
	"gridbot/points"
)

// apiRider is a rider as the API shows them: the phone is masked.
type apiRider struct {
	OpenID       string           `json:"openid"`
	Label        string           `json:"label"`
	Name         string           `json:"name"`
	Phone        string           `json:"phone"`
	Status       grid.RiderStatus `json:"status"`
	RegisteredAt time.Time        `json:"registered_at"`
	// Detail only.
	Balance     *int64 `json:"balance,omitempty"`
	Available   *int64 `json:"available,omitempty"`
	Held        *int64 `json:"held,omitempty"`
	MonthPoints *int64 `json:"month_points,omitempty"`
}

func toAPIRider(r grid.Rider) apiRider {
	return apiRider{OpenID: r.OpenID, Label: "U" + itoa(r.Seq), Name: r.Name, Phone: grid.MaskPhone(r.Phone),
		Status: r.Status, RegisteredAt: r.RegisteredAt}
}

// apiReport is a report as the API shows it.
type apiReport struct {
	ID           uint64            `json:"id"`
	Label        string            `json:"label"`
	Rider        string            `json:"rider"`
	Category     string            `json:"category"`
	CategoryName string            `json:"category_name"`
	Status       grid.ReportStatus `json:"status"`
	At           time.Time         `json:"at"`
	Location     *grid.Location    `json:"location,omitempty"`
	Points       int64             `json:"points"`
	OverCap      bool              `json:"over_cap,omitempty"`
	NearbyOf     []uint64          `json:"nearby_of,omitempty"`
	DuplicateOf  uint64            `json:"duplicate_of,omitempty"`
	MergedInto   uint64            `json:"merged_into,omitempty"`
	DispatchedTo string            `json:"dispatched_to,omitempty"`
	SHA256       string            `json:"sha256,omitempty"`
	Width        int               `json:"width,omitempty"`
	Height       int               `json:"height,omitempty"`
	Blur         float64           `json:"blur,omitempty"`
	Brightness   float64           `json:"brightness,omitempty"`
	Reasons      []string          `json:"reasons,omitempty"`
	Steps        []grid.Step       `json:"steps,omitempty"`
}

func (h *Handler) toAPIReport(r grid.Report) apiReport {
	return apiReport{ID: r.ID, Label: r.Label(), Rider: r.Rider, Category: r.Category, CategoryName: h.categoryName(r.Category),
		Status: r.Status, At: r.At, Location: r.Location, Points: r.Points, OverCap: r.OverCap, NearbyOf: r.NearbyOf,
		DuplicateOf: r.DuplicateOf, MergedInto: r.MergedInto, DispatchedTo: r.DispatchedTo, SHA256: r.SHA256,
		Width: r.Width, Height: r.Height, Blur: r.Blur, Brightness: r.Brightness, Reasons: r.Reasons, Steps: r.Steps}
}

// apiRedemption is a redemption as the API shows it.
type apiRedemption struct {
	points.Redemption
	Label string `json:"label"`
}

// apiList wraps a list answer.
type apiList[T any] struct {
	Items []T `json:"items"`
	Count int `json:"count"`
}

func list[T any](items []T) apiList[T] {
	if items == nil {
		items = []T{}
	}
	return apiList[T]{Items: items, Count: len(items)}
}

func itoa(n uint64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
