package staff

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// bom is the UTF-8 byte-order mark; Excel needs it to read a CSV file as
// UTF-8 rather than the system code page.
const bom = "\uFEFF"

// writeCSV writes s as UTF-8 CSV with a byte-order mark.
func writeCSV(w io.Writer, s sheet) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel writes and expects
	for _, row := range s.rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = csvCell(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell formats one value. Text that a spreadsheet would take for a
// formula (starting with = + - @, tab or carriage return) is prefixed with
// an apostrophe: names and reasons are typed by riders and staff.
func csvCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if v != "" && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r') {
			return "'" + v
		}
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// writeXLSX writes sheets as one workbook, a sheet each, with bold header
// rows. Text cells are stored as text, never as formulas.
func writeXLSX(w io.Writer, sheets []sheet) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	first := f.GetSheetName(0)
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName(first, s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, err)
		}
		width := 0
		for r, row := range s.rows {
			width = max(width, len(row))
			if len(row) == 0 {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(1, r+1)
			if err != nil {
				return err
			}
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				return fmt.Errorf("sheet %s row %d: %w", s.name, r+1, err)
			}
		}
		for _, r := range s.headers {
			from, _ := excelize.CoordinatesToCellName(1, r+1)
			to, _ := excelize.CoordinatesToCellName(max(1, len(s.rows[r])), r+1)
			if err := f.SetCellStyle(s.name, from, to, bold); err != nil {
				return err
			}
		}
		if width > 0 {
			last, _ := excelize.ColumnNumberToName(width)
			if err := f.SetColWidth(s.name, "A", last, 16); err != nil {
				return err
			}
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}
