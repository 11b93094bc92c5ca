package staff

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// Table names an export table.
type Table string

// Export tables.
const (
	TableReports Table = "reports" // 上报明细: the month's reports
	TableRiders  Table = "riders"  // 骑手: every rider, with the month's figures
	TableLedger  Table = "ledger"  // 积分流水: the month's ledger entries
	TableSummary Table = "summary" // 月度汇总: overview, per category, per rider
	// TableAll is every table, one sheet each, the summary first (XLSX only).
	TableAll Table = "all"
)

// Format is an export file format.
type Format string

// Export formats.
const (
	// FormatCSV is UTF-8 with a byte-order mark, so that Excel opens
	// Chinese text correctly; one table per file.
	FormatCSV Format = "csv"
	// FormatXLSX is an Excel workbook (one sheet per table).
	FormatXLSX Format = "xlsx"
)

// ExportRequest says what to export.
type ExportRequest struct {
	// Month is the calendar month, "2006-01", in the configured time zone.
	Month points.Month `json:"month"`
	// Table is the table to export; TableAll (or empty) needs FormatXLSX.
	Table Table `json:"table"`
	// Format is FormatCSV or FormatXLSX.
	Format Format `json:"format"`
	// FullPhones shows riders' full phone numbers. By default they are
	// masked (138****0000); only an explicit choice shows them.
	FullPhones bool `json:"full_phones"`
}

// FileName returns a file name for the export: gridbot-2025-05-summary.csv.
func (r ExportRequest) FileName() string {
	t := r.Table
	if t == "" {
		t = TableAll
	}
	return fmt.Sprintf("gridbot-%s-%s.%s", r.Month, t, r.Format)
}

// ContentType returns the MIME type of the export's format.
func (r ExportRequest) ContentType() string {
	if r.Format == FormatXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Export writes the requested month's table(s) to w, from one consistent
// read of the store. Headers and labels are in Chinese; phone numbers are
// masked unless req.FullPhones. Errors: ErrInvalid (a malformed month, an
// unknown table or format, TableAll as CSV), or a store or write failure.
func (d *Desk) Export(w io.Writer, req ExportRequest) error {
	if req.Table == "" {
		req.Table = TableAll
	}
	bad := func(format string, args ...any) error {
		return &Error{Err: ErrInvalid, Op: opExport, Cause: fmt.Errorf(format, args...)}
	}
	from, to, err := req.Month.Range(d.loc)
	if err != nil {
		return bad("month %q: %w", req.Month, err)
	}
	switch req.Table {
	case TableReports, TableRiders, TableLedger, TableSummary, TableAll:
	default:
		return bad("unknown table %q", req.Table)
	}
	if req.Format != FormatCSV && req.Format != FormatXLSX {
		return bad("unknown format %q", req.Format)
	}
	if req.Format == FormatCSV && req.Table == TableAll {
		return bad("csv holds one table; choose reports, riders, ledger or summary")
	}
	var m monthData
	if err := d.st.View(func(tx *store.Tx) error { return d.load(tx, &m, req.Month, from, to) }); err != nil {
		return fmt.Errorf("staff: export %s: %w", req.Month, err)
	}
	m.fullPhones = req.FullPhones
	var sheets []sheet
	for _, t := range []Table{TableSummary, TableReports, TableRiders, TableLedger} {
		if req.Table == TableAll || req.Table == t {
			sheets = append(sheets, d.table(t, &m))
		}
	}
	if req.Format == FormatCSV {
		err = writeCSV(w, sheets[0])
	} else {
		err = writeXLSX(w, sheets)
	}
	if err != nil {
		return fmt.Errorf("staff: export %s %s: %w", req.Month, req.Table, err)
	}
	return nil
}

// monthData is everything an export reads, loaded in one transaction.
type monthData struct {
	month      points.Month
	riders     []grid.Rider // by registration number
	byOpenID   map[string]grid.Rider
	reports    []grid.Report // the month's, oldest first
	entries    []points.Entry
	earned     map[string]int64
	balances   map[string]points.RiderBalance
	holdRef    map[uint64]string   // hold id → redemption label
	redeemed   []points.Redemption // approved in the month (now approved or fulfilled)
	fullPhones bool
}

func (d *Desk) load(tx *store.Tx, m *monthData, month points.Month, from, to time.Time) error {
	m.month = month
	m.byOpenID = map[string]grid.Rider{}
	m.balances = map[string]points.RiderBalance{}
	m.holdRef = map[uint64]string{}
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	if err := tx.ForEachRider(func(r grid.Rider) error {
		if r.RegisteredAt.Before(to) {
			m.riders = append(m.riders, r)
		}
		m.byOpenID[r.OpenID] = r
		m.balances[r.OpenID] = tx.Balance(r.OpenID)
		return nil
	}); err != nil {
		return err
	}
	slices.SortFunc(m.riders, func(a, b grid.Rider) int { return cmp.Compare(a.Seq, b.Seq) })
	if err := tx.ScanReports(func(r grid.Report) (bool, error) {
		if r.At.Before(from) {
			return false, nil
		}
		if in(r.At) {
			m.reports = append(m.reports, r)
		}
		return true, nil
	}); err != nil {
		return err
	}
	slices.Reverse(m.reports)
	if err := tx.ForEachRedemption(func(r points.Redemption) error {
		m.holdRef[r.HoldID] = r.Label()
		if (r.Status == points.RedemptionApproved || r.Status == points.RedemptionFulfilled) && in(r.DecidedAt) {
			m.redeemed = append(m.redeemed, r)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := tx.ForEachEntry(func(e points.Entry) (bool, error) {
		if in(e.At) {
			m.entries = append(m.entries, e)
		}
		return !e.At.After(to), nil
	}); err != nil {
		return err
	}
	m.earned = tx.MonthEarnings(month)
	return nil
}

// phone shows a rider's phone number as the export allows.
func (m *monthData) phone(p string) string {
	if m.fullPhones {
		return p
	}
	return grid.MaskPhone(p)
}

// riderCols returns a rider's registration label and name, or the openid.
func (m *monthData) riderCols(openid string) (label, name string) {
	r, ok := m.byOpenID[openid]
	if !ok {
		return "", openid
	}
	return Ref{KindRegistration, r.Seq}.String(), r.Name
}

// rider finds a rider by openid among those loaded (a RiderLookup for
// Desk.ActorName).
func (m *monthData) rider(openid string) (grid.Rider, bool) {
	r, ok := m.byOpenID[openid]
	return r, ok
}

// header splits a catalog entry of column names separated by "|".
func header(id catalog.ID) []any {
	var out []any
	for _, s := range strings.Split(catalog.Text(id), "|") {
		out = append(out, s)
	}
	return out
}
