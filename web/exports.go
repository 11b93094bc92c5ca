package web

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"gridbot/points"
	"gridbot/staff"
)

// exportTables are the tables offered for download, in page order.
var exportTables = []staff.Table{staff.TableSummary, staff.TableReports, staff.TableRiders, staff.TableLedger}

// exportLink is one download on the exports page.
type exportLink struct {
	Table staff.Table
	CSV   string
	XLSX  string
}

// exportPage offers a month's tables as CSV and XLSX.
func (h *Handler) exportPage(w http.ResponseWriter, r *http.Request, s *session) error {
	month, err := h.parseMonth(r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	var links []exportLink
	for _, t := range exportTables {
		links = append(links, exportLink{Table: t,
			CSV:  "/admin/exports/" + staff.ExportRequest{Month: month, Table: t, Format: staff.FormatCSV}.FileName(),
			XLSX: "/admin/exports/" + staff.ExportRequest{Month: month, Table: t, Format: staff.FormatXLSX}.FileName(),
		})
	}
	all := "/admin/exports/" + staff.ExportRequest{Month: month, Table: staff.TableAll, Format: staff.FormatXLSX}.FileName()
	h.render(w, r, http.StatusOK, "exports", s, map[string]any{"Month": string(month), "Links": links, "All": all})
	return nil
}

// exportDownload sends the file named like staff.ExportRequest.FileName
// (gridbot-2025-05-reports.xlsx). The desk writes it into memory first,
// so a failure is a clean error page rather than a truncated file.
func (h *Handler) exportDownload(w http.ResponseWriter, r *http.Request, s *session) error {
	req, err := parseExportName(r.PathValue("file"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := h.desk.Export(&buf, req); err != nil {
		return err
	}
	h.log.Info("web: export downloaded", slog.String("user", s.user), slog.String("file", req.FileName()))
	w.Header().Set("Content-Type", req.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+req.FileName()+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = buf.WriteTo(w)
	return nil
}

// parseExportName parses gridbot-<month>-<table>.<format>.
func parseExportName(name string) (staff.ExportRequest, error) {
	bad := fmt.Errorf("web: export %q: %w", name, errBadRequest)
	rest, ok := strings.CutPrefix(name, "gridbot-")
	dot := strings.LastIndexByte(rest, '.')
	if !ok || dot < 0 || len(rest) < len("2006-01-x") || rest[7] != '-' {
		return staff.ExportRequest{}, bad
	}
	return staff.ExportRequest{
		Month:  points.Month(rest[:7]),
		Table:  staff.Table(rest[8:dot]),
		Format: staff.Format(rest[dot+1:]),
	}, nil
}
