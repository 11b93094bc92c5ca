package staff_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"gridbot/catalog"
	"gridbot/staff"
)

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		code   string
		reply  string
	}{
		{"not staff", &staff.Error{Err: staff.ErrNotStaff}, http.StatusForbidden, "not_staff", catalog.Text(catalog.StaffOnly)},
		{"bad ref", &staff.Error{Err: staff.ErrBadRef}, http.StatusBadRequest, "bad_ref", catalog.Text(catalog.StaffBadID)},
		{"not found", &staff.Error{Err: staff.ErrNotFound, Ref: staff.Ref{Kind: staff.KindReport, ID: 3}}, http.StatusNotFound, "not_found",
			catalog.Render(catalog.StaffNotFound, catalog.Args{"Label": "P3"})},
		{"wrong state", &staff.Error{Err: staff.ErrWrongState, Ref: staff.Ref{Kind: staff.KindRedemption, ID: 2}, Status: "fulfilled"}, http.StatusConflict, "wrong_state",
			catalog.Render(catalog.StaffWrongState, catalog.Args{"Label": "R2", "Status": "已使用"})},
		{"reason required", &staff.Error{Err: staff.ErrReasonRequired, Op: "adjust"}, http.StatusUnprocessableEntity, "reason_required", catalog.Text(catalog.StaffReasonMissing)},
		{"insufficient", &staff.Error{Err: staff.ErrInsufficientPoints, Need: 5, Have: 2}, http.StatusConflict, "insufficient_points",
			catalog.Render(catalog.StaffShort, catalog.Args{"Need": 5, "Have": 2})},
		{"invalid", &staff.Error{Err: staff.ErrInvalid}, http.StatusBadRequest, "invalid", catalog.Text(catalog.StaffBadInput)},
		{"wrapped", fmt.Errorf("web: %w", &staff.Error{Err: staff.ErrNotFound, Voucher: "7K3M9Q2X"}), http.StatusNotFound, "not_found",
			catalog.Render(catalog.StaffVoucherUnknown, catalog.Args{"Voucher": "7K3M9Q2X"})},
		{"store failure", errors.New("disk full"), http.StatusInternalServerError, "internal", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := staff.HTTPStatus(tt.err); got != tt.status {
				t.Errorf("HTTPStatus = %d, want %d", got, tt.status)
			}
			if got := staff.Code(tt.err); got != tt.code {
				t.Errorf("Code = %q, want %q", got, tt.code)
			}
			got, ok := staff.Message(tt.err)
			if ok != (tt.reply != "") || got != tt.reply {
				t.Errorf("Message = %q, %v; want %q", got, ok, tt.reply)
			}
		})
	}
}
